"""Reads and validates sources/corrections.yml (the editorial corrections, as data).

Applying them is an enricher (enrich/corrections.py); this module only turns the file
into typed rules, with a file:line message for every mistake an editor can make.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalog import load_yaml
from .errors import EditionError, Problem

FIELDS = ("original", "corrected", "reason", "line")


@dataclass(frozen=True)
class CorrectionRule:
    document: str
    original: str
    corrected: str
    reason: str
    line: int | None  # raw-source line the correction is limited to, if any
    where: str  # corrections.yml:line, for messages


def load_corrections(path: Path, shown: str = "sources/corrections.yml") -> dict[str, list[CorrectionRule]]:
    """{document id: rules}; a missing file means no corrections."""
    if not path.is_file():
        return {}
    data = load_yaml(path) or {}
    problems: list[Problem] = []
    rules: dict[str, list[CorrectionRule]] = {}
    if not isinstance(data, dict):
        raise EditionError(Problem(shown, 1, "expected a mapping of document ids to lists of corrections"))
    for doc_id, items in data.items():
        if doc_id == "__line__":
            continue
        if not isinstance(items, list):
            problems.append(Problem(shown, data.get("__line__", 0), f"{doc_id}: expected a list of corrections"))
            continue
        for item in items:
            line = item.get("__line__", 0) if isinstance(item, dict) else 0
            if not isinstance(item, dict):
                problems.append(Problem(shown, line, f"{doc_id}: a correction must be a mapping"))
                continue
            unknown = sorted(set(item) - set(FIELDS) - {"__line__"})
            missing = [f for f in ("original", "corrected", "reason") if not str(item.get(f, "")).strip()]
            if unknown or missing:
                problems.append(Problem(shown, line, f"{doc_id}: "
                                        + (f"unknown field(s) {', '.join(unknown)}; " if unknown else "")
                                        + (f"missing {', '.join(missing)}" if missing else ""),
                                        "each correction has original, corrected, reason and optionally line"))
                continue
            at = item.get("line")
            if at is not None and not (isinstance(at, int) and at > 0):
                problems.append(Problem(shown, line, f"{doc_id}: line must be a positive number"))
                continue
            if str(item["original"]) == str(item["corrected"]):
                problems.append(Problem(shown, line, f"{doc_id}: the correction changes nothing"))
                continue
            rules.setdefault(str(doc_id), []).append(CorrectionRule(
                str(doc_id), str(item["original"]), str(item["corrected"]), str(item["reason"]),
                at, f"{shown}:{line}"))
    if problems:
        raise EditionError(problems)
    return rules
