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
                out.append(replace(block, anchor=anchor, items=label_items(block.items, section)))
            elif isinstance(block, BlockQuote):
                counter += 1
                out.append(replace(block, anchor=unique(paragraph_anchor(counter))))
            else:
                raise TypeError(f"unknown block {type(block).__name__}")
        return tuple(out)

    def label_items(items: tuple[ListItem, ...], prefix: str) -> tuple[ListItem, ...]:
        """Labelled items of a numbered section: `para-9-a`; a list nested in an item
        continues the path: `para-11-l-1`. Unlabelled items (and their lists) get none."""
        result = []
        for item in items:
            if not (prefix and item.label):
                result.append(replace(item, anchor=""))
                continue
            inner = tuple(replace(b, items=label_items(b.items, f"{prefix}-{item.label.lower()}"))
                          if isinstance(b, ListBlock) else b for b in item.blocks)
            result.append(replace(item, anchor=unique(numbered_anchor(prefix, item.label)), blocks=inner))
        return tuple(result)

    blocks = walk(doc.blocks)
    notes = tuple(replace(note, anchor=unique(note_anchor(note.label))) for note in doc.notes)
    return replace(doc, blocks=blocks, notes=notes)
