"""Plain text and fingerprints of model content (for anchors, audits and search)."""
from __future__ import annotations

import hashlib
import re

from .model import (Block, BlockQuote, Citation, Correction, Emph, Heading, Inline, ListBlock, Mention,
                    Note, NoteCall, NumberedSection, PageMarker, Paragraph, Redaction, Strong,
                    Text, Verse)


def plain_text(inlines: tuple[Inline, ...], with_calls: bool = False) -> str:
    """The words a reader reads: text, emphasis and corrections; no calls or page markers."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, (Emph, Strong, Mention, Citation)):
            parts.append(plain_text(node.children, with_calls))
        elif isinstance(node, Correction):
            parts.append(node.corrected)
        elif isinstance(node, Redaction):
            parts.append("[redacted]")
        elif isinstance(node, NoteCall) and with_calls:
            parts.append(f"[{node.label}]")
        elif isinstance(node, (NoteCall, PageMarker)):
            continue
    return "".join(parts)


def block_text(block: Block | Note) -> str:
    """Plain text of a block and everything inside it, blocks separated by newlines."""
    if isinstance(block, (Heading, Paragraph)):
        return plain_text(block.inlines)
    if isinstance(block, Verse):
        return "\n".join(plain_text(line) for line in block.lines)
    if isinstance(block, ListBlock):
        return "\n".join(block_text_all(item.blocks) for item in block.items)
    if isinstance(block, (BlockQuote, NumberedSection, Note)):
        prefix = f"{block.number}. " if isinstance(block, NumberedSection) else ""
        return prefix + block_text_all(block.blocks)
    raise TypeError(f"unknown block {type(block).__name__}")


def block_text_all(blocks: tuple[Block, ...]) -> str:
    return "\n".join(block_text(b) for b in blocks)


def fingerprint(text: str) -> str:
    """A short, stable fingerprint of words: white space and case do not count."""
    normal = re.sub(r"\s+", " ", text).strip().lower()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def note_calls(inlines: tuple[Inline, ...]) -> list[str]:
    found: list[str] = []
    for node in inlines:
        if isinstance(node, NoteCall):
            found.append(node.label)
        elif isinstance(node, (Emph, Strong, Mention, Citation)):
            found.extend(note_calls(node.children))
    return found


def block_inlines(block: Block | Note) -> list[tuple[Inline, ...]]:
    """Every inline run inside a block, in reading order."""
    if isinstance(block, (Heading, Paragraph)):
        return [block.inlines]
    if isinstance(block, Verse):
        return list(block.lines)
    if isinstance(block, ListBlock):
        return [run for item in block.items for b in item.blocks for run in block_inlines(b)]
    return [run for b in block.blocks for run in block_inlines(b)]


def anchored_runs(block: Block | Note, anchor: str = ""):
    """(nearest anchor, inline runs) for each anchored unit: a block, a list item, a note.

    The one walk that index pages and the coverage report share, so both tie a word to
    the same anchor."""
    anchor = getattr(block, "anchor", "") or anchor
    if isinstance(block, (Heading, Paragraph)):
        yield anchor, [block.inlines]
    elif isinstance(block, Verse):
        yield anchor, list(block.lines)
    elif isinstance(block, ListBlock):
        for item in block.items:
            for b in item.blocks:
                yield from anchored_runs(b, item.anchor or anchor)
    elif isinstance(block, (BlockQuote, NumberedSection, Note)):
        for b in block.blocks:
            yield from anchored_runs(b, anchor)
