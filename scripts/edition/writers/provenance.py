"""The provenance box at the top of each document page: where the text comes from.

Pure: Document -> Markdown. Catalog facts (authors, date, kind, container, series,
archive identifier or URL, checksum, date of retrieval) come first, then what the
adapter found in the text itself (`Document.metadata`: classification banners, control
codes, pages, subject …), then a link to the cleaning report. Unknown facts are said
to be unknown, never left out silently.
"""
from __future__ import annotations

import html

from ..model import Document
from .markdown import escape

KIND_NAMES = {
    "chapter-endnotes": "book chapter with endnotes",
    "declassified-memo": "declassified memo",
    "web-article": "web article",
}


def _value(value: object) -> str:
    if value is None or value == "" or value == "unknown":
        return "unknown"
    if isinstance(value, (list, tuple)):
        return "; ".join(_value(v) for v in value) or "unknown"
    return " ".join(str(value).split())


def _link(url: str) -> str:
    safe = html.escape(url, quote=True)
    return f'<a href="{safe}">{html.escape(url)}</a>'


def _container(facts: dict) -> str:
    """The book a chapter belongs to, as escaped Markdown."""
    c = facts.get("container")
    if not isinstance(c, dict):
        return ""
    parts = []
    if c.get("editors"):
        parts.append(escape(f"{_value(c['editors'])} (ed.)"))
    if c.get("title"):
        parts.append(f"<em>{escape(_value(c['title']))}</em>")
    if c.get("chapter"):
        parts.append(escape(f"chapter {_value(c['chapter'])}"))
    place = ": ".join(_value(c[k]) for k in ("place", "publisher") if c.get(k))
    if place:
        parts.append(escape(place))
    if c.get("isbn"):
        parts.append(escape(f"ISBN {_value(c['isbn'])}"))
    if "pages" in c:
        parts.append(escape(f"pages {_value(c['pages'])}"))
    return ", ".join(parts)


def _archive(facts: dict) -> str:
    a = facts.get("archive")
    if not isinstance(a, dict):
        return ""
    text = ", ".join(_value(a[k]) for k in ("name", "identifier") if a.get(k))
    if a.get("pages"):
        text += f" ({_value(a['pages'])} pages)"
    if a.get("other_copies"):
        text += f"; other copies: {_value(a['other_copies'])}"
    return text


def provenance_rows(doc: Document) -> list[tuple[str, str]]:
    """(label, Markdown value) pairs, in a fixed order."""
    entry = doc.entry
    facts = {k: v for k, v in entry.facts}
    rows: list[tuple[str, str]] = [
        ("Author(s)", escape(", ".join(entry.authors)) if entry.authors else "unknown"),
        ("Date", escape(_value(entry.date)) + (f" ({escape(_value(facts['date_note']))})"
                                               if facts.get("date_note") else "")),
        ("Kind of source", f"{KIND_NAMES.get(entry.kind, entry.kind)} (`{entry.kind}`)"),
    ]
    if _container(facts):
        rows.append(("Published in", _container(facts)))
    if facts.get("series"):
        rows.append(("Series", escape(_value(facts["series"]))))
    if _archive(facts):
        rows.append(("Archive", escape(_archive(facts))))
    if facts.get("website"):
        rows.append(("Website", escape(_value(facts["website"]))))
    if "url" in facts:
        url = _value(facts["url"])
        rows.append(("URL", _link(url) if url.startswith(("http://", "https://")) else escape(url)))
    rows.append(("Retrieved", escape(_value(facts.get("retrieved")))))
    rows.append(("Raw source", f"`sources/{entry.file}`"))
    rows.append(("SHA-256", f"`{entry.sha256}`"))
    grouped: dict[str, list[str]] = {}
    for key, value in doc.metadata:  # one row per kind of fact, in the order found
        grouped.setdefault(key, []).append(value)
    for key, values in grouped.items():
        rows.append((f"In the text: {escape(key)}", escape("; ".join(values))))
    rows.append(("Cleaning report", f"[what the scripts did to this source](../reports/{doc.id}.md)"))
    return rows


def render_provenance(doc: Document) -> str:
    lines = ['<div class="provenance" markdown="1">', "",
             "**About this source** (catalog facts and what was found in the text)", "",
             "| | |", "|---|---|"]
    for label, value in provenance_rows(doc):
        cell = value.replace("|", "\\|")
        lines.append(f"| {label} | {cell} |")
    lines += ["", "</div>"]
    return "\n".join(lines)
