"""The cleaning report: what the scripts removed, joined, repaired, corrected or flagged.

One page per source, shown on the site, so an editor can check every change and a reader
can see what the edition did to the raw text.
"""
from __future__ import annotations

from collections import Counter

from ..model import Document
from .markdown import escape

ACTION_TITLES = {
    "removed": "Removed (not part of the text)",
    "joined": "Joined (page breaks, hard-wrapped lines)",
    "repaired": "Repaired (hyphenation)",
    "corrected": "Editorial corrections",
    "recognised": "Recognised structure",
    "flagged": "Flagged for an editor",
    "suggested": "Suggested corrections (not applied)",
}
ORDER = list(ACTION_TITLES)


def _cell(text: str) -> str:
    return escape(" ".join(str(text).split()))


def render_report(doc: Document, audit_lines: list[str] | None = None) -> str:
    counts = Counter(entry.action for entry in doc.report)
    out = ["---", f'title: "Cleaning report: {doc.id}"', "---", "",
           f"# Cleaning report: {escape(doc.title)} {{#title}}", "",
           f"What the scripts did to the raw source `sources/{doc.entry.file}` "
           f"(kind `{doc.entry.kind}`) to produce the [reading text](../documents/{doc.id}.md). "
           "Line numbers refer to the raw source.", "",
           "| action | count |", "|---|---:|"]
    for action in ORDER:
        if counts.get(action):
            out.append(f"| {ACTION_TITLES[action]} | {counts[action]} |")
    out.append("")
    if audit_lines:
        out.extend(["## Conservation audit {#audit}", ""] + audit_lines + [""])
    for action in ORDER:
        entries = [e for e in doc.report if e.action == action]
        if not entries:
            continue
        out.extend([f"## {ACTION_TITLES[action]} {{#{action}}}", "",
                    "| line | reason | text | result |", "|---:|---|---|---|"])
        for e in sorted(entries, key=lambda e: (e.line, e.reason, e.text)):
            out.append(f"| {e.line} | {_cell(e.reason)} | {_cell(e.text)} | {_cell(e.detail)} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
