"""Reads sources/bibliography-corrections.yml: curated fixes to the extracted bibliography.

    periodicals:            # a periodical's name as the source misspells it: as the edition spells it
      hvestiia: Izvestiia
    names:                  # an author's surname as misspelt: as spelt (before keys are made)
      Ertyysbaev: Ertysbaev
    entries:                # fields to set on an extracted entry, addressed by its key
      suleimenovndkazakhstan:
        note: Cited only in short form in the source.

Every problem (malformed YAML, a value of the wrong type, an unknown field, a duplicate
key, an entry for a key the build does not produce) is reported with file and line, all
at once.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .enrich.bibliography import WORK_FIELDS, Corrections
from .errors import Problem

SECTIONS = ("periodicals", "names", "entries")
ENTRY_FIELDS = tuple(sorted(set(WORK_FIELDS) - {"key"}))
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
KINDS = ("book", "chapter", "article-journal", "article-newspaper", "webpage", "report")


def _field_problem(name: str, value: str) -> str:
    """Why a curated value cannot be used, or ''."""
    if name == "kind" and value not in KINDS:
        return f"kind {value!r} is not one of {', '.join(KINDS)}"
    if name == "date" and not DATE_RE.match(value):
        return f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
    if name == "url" and not re.match(r"^https?://\S+$", value):
        return f"url {value!r} does not start with http:// or https://"
    return ""


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _scalar(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    return None


def _pairs(node: yaml.MappingNode, shown: str, what: str, problems: list[Problem]):
    """(key, key line, value node) for each item; duplicates reported, the first kept."""
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = _scalar(key_node)
        if key is None:
            problems.append(Problem(shown, _line(key_node), f"{what}: a key must be a plain string"))
            continue
        if key in seen:
            problems.append(Problem(shown, _line(key_node), f"{what}: duplicate key {key!r} "
                                    f"(first at line {seen[key]})", "merge the two, or remove one"))
            continue
        seen[key] = _line(key_node)
        yield key, _line(key_node), value_node


def load_corrections(path: Path, shown: str) -> tuple[Corrections, dict[str, int], list[Problem]]:
    """The corrections, the line of each entry key (for later checks), and every problem."""
    problems: list[Problem] = []
    if not path.is_file():
        return Corrections(path=shown), {}, []
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        return Corrections(path=shown), {}, [Problem(shown, 0, f"not valid UTF-8 ({exc.reason})")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return Corrections(path=shown), {}, [Problem(
            shown, mark.line + 1 if mark else 0, f"malformed YAML: {getattr(exc, 'problem', exc)}",
            "fix the syntax (indentation, quotes, colons)")]
    if root is None:
        return Corrections(path=shown), {}, []
    if not isinstance(root, yaml.MappingNode):
        return Corrections(path=shown), {}, [Problem(shown, _line(root), "the file must be a mapping "
                                                     f"with the sections {', '.join(SECTIONS)}")]
    maps: dict[str, list[tuple[str, str]]] = {"periodicals": [], "names": []}
    entries: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    entry_lines: dict[str, int] = {}
    for section, line, node in _pairs(root, shown, "top level", problems):
        if section not in SECTIONS:
            problems.append(Problem(shown, line, f"unknown section {section!r}",
                                    f"known sections: {', '.join(SECTIONS)}"))
            continue
        if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
            continue
        if not isinstance(node, yaml.MappingNode):
            problems.append(Problem(shown, line, f"{section}: must be a mapping"))
            continue
        for key, key_line, value in _pairs(node, shown, section, problems):
            if section in maps:
                text = _scalar(value)
                if not text:
                    problems.append(Problem(shown, key_line, f"{section}: {key!r} needs a non-empty "
                                            "string value", f"write `{key}: the corrected spelling`"))
                    continue
                maps[section].append((key, text))
                continue
            if not KEY_RE.match(key):
                problems.append(Problem(shown, key_line, f"entries: {key!r} is not a bibliography key",
                                        "keys are lower-case letters, digits and hyphens"))
                continue
            if not isinstance(value, yaml.MappingNode):
                problems.append(Problem(shown, key_line, f"entries: {key} must map field names to values",
                                        "e.g.  note: Cited only in short form."))
                continue
            fields: list[tuple[str, str]] = []
            for name, name_line, field_node in _pairs(value, shown, f"entries: {key}", problems):
                text = _scalar(field_node)
                if name not in ENTRY_FIELDS:
                    problems.append(Problem(shown, name_line, f"entries: {key}: unknown field {name!r}",
                                            f"known fields: {', '.join(ENTRY_FIELDS)}"))
                elif text is None:
                    problems.append(Problem(shown, name_line, f"entries: {key}: {name} must be a "
                                            "single value", "authors: write 'A. Name and B. Name'"))
                elif _field_problem(name, text):
                    problems.append(Problem(shown, name_line, f"entries: {key}: {_field_problem(name, text)}"))
                else:
                    fields.append((name, text))
            entries.append((key, tuple(fields)))
            entry_lines[key] = key_line
    corrections = Corrections(periodicals=tuple(maps["periodicals"]), names=tuple(maps["names"]),
                              entries=tuple(entries), path=shown)
    return corrections, entry_lines, problems


def unknown_keys(entry_lines: dict[str, int], keys: set[str], shown: str) -> list[Problem]:
    """Entries addressed to a key that no work has (a typo, or the work's key changed)."""
    return [Problem(shown, line, f"entries: no work has the key {key!r}",
                    "see bibliography.bib for the keys the build produces")
            for key, line in sorted(entry_lines.items(), key=lambda kv: kv[1]) if key not in keys]
