"""Gives every heading, block and note its anchor (grammar in ids.py)."""
from __future__ import annotations

from dataclasses import replace

from ..ids import note_anchor, numbered_anchor, paragraph_anchor, slugify
from ..inlines import plain_text
from ..model import (Block, BlockQuote, Document, Heading, ListBlock, ListItem,
                     NumberedSection, Paragraph, Verse)


def assign_anchors(doc: Document) -> Document:
    used: set[str] = set()
    counter = 0

    def unique(base: str) -> str:
        candidate, n = base, 2
        while candidate in used:
            candidate = f"{base}-{n}"
            n += 1
        used.add(candidate)
        return candidate

    def walk(blocks: tuple[Block, ...], section: str = "") -> tuple[Block, ...]:
        nonlocal counter
        out: list[Block] = []
        for block in blocks:
            if isinstance(block, Heading):
                out.append(replace(block, anchor=unique(slugify(plain_text(block.inlines)))))
            elif isinstance(block, NumberedSection):
                anchor = unique(numbered_anchor(block.number))
                out.append(replace(block, anchor=anchor, blocks=walk(block.blocks, block.number)))
            elif isinstance(block, (Paragraph, Verse)):
                counter += 1
                out.append(replace(block, anchor=unique(paragraph_anchor(counter))))
            elif isinstance(block, ListBlock):
                counter += 1
                anchor = unique(paragraph_anchor(counter))
                items = tuple(
                    replace(item, anchor=unique(numbered_anchor(section, item.label))
                            if section and item.label else "")
                    for item in block.items)
                out.append(replace(block, anchor=anchor, items=items))
            elif isinstance(block, BlockQuote):
                counter += 1
                out.append(replace(block, anchor=unique(paragraph_anchor(counter))))
            else:
                raise TypeError(f"unknown block {type(block).__name__}")
        return tuple(out)

    blocks = walk(doc.blocks)
    notes = tuple(replace(note, anchor=unique(note_anchor(note.label))) for note in doc.notes)
    return replace(doc, blocks=blocks, notes=notes)
