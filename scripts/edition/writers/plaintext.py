"""Writes a Document back as clean plain text in the raw format of its sources.

Used to prove that cleaning is idempotent (reading the clean text again gives the same
document) and for word-level audits. Paragraphs are single lines separated by blank
lines; note calls are superscript digits; emphasis is `*…*`; notes follow a "Notes" line.
"""
from __future__ import annotations

from ..model import (Block, BlockQuote, Citation, Correction, Document, Emph, Heading, Inline,
                     ListBlock, Mention, NoteCall, NumberedSection, PageMarker, Paragraph,
                     Redaction, Strong, Text, Verse)
from ..text_rules import SUPERSCRIPT_DIGITS


def _superscript(label: str) -> str:
    return "".join(SUPERSCRIPT_DIGITS[int(d)] for d in label) if label.isdigit() else label


def inlines_text(nodes: tuple[Inline, ...]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text.replace("\\", "\\\\").replace("*", "\\*"))
        elif isinstance(node, Emph):
            out.append(f"*{inlines_text(node.children)}*")
        elif isinstance(node, Strong):
            out.append(f"**{inlines_text(node.children)}**")
        elif isinstance(node, (Mention, Citation)):
            out.append(inlines_text(node.children))
        elif isinstance(node, NoteCall):
            out.append(_superscript(node.label))
        elif isinstance(node, Redaction):
            out.append(node.source_text)
        elif isinstance(node, Correction):
            out.append(node.corrected)
        elif isinstance(node, PageMarker):
            continue
    return "".join(out)


def block_lines(block: Block) -> list[str]:
    if isinstance(block, (Heading, Paragraph)):
        return [inlines_text(block.inlines)]
    if isinstance(block, Verse):
        return ["\n".join(inlines_text(line) for line in block.lines)]
    if isinstance(block, ListBlock):
        return ["\n".join(f"- {' '.join(inlines_text(b.inlines) for b in item.blocks if isinstance(b, Paragraph))}"
                          for item in block.items)]
    if isinstance(block, (BlockQuote, NumberedSection)):
        return [line for b in block.blocks for line in block_lines(b)]
    raise TypeError(type(block).__name__)


def render_plaintext(doc: Document) -> str:
    parts = [doc.title]
    if doc.authors:
        parts.append(", ".join(doc.authors))
    for block in doc.blocks:
        parts.extend(block_lines(block))
    if doc.notes:
        parts.append("Notes")
        for note in doc.notes:
            paragraphs = [line for b in note.blocks for line in block_lines(b)]
            parts.append(f"{note.label}. {paragraphs[0]}")
            parts.extend(paragraphs[1:])
    return "\n\n".join(parts) + "\n"
