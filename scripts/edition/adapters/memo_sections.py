"""Builds a memo's structure from its paragraphs, in reading order: numbered sections,
lettered sub-items as a list inside the section, and lists nested in a lettered item.

The reader (declassified_memo.py) decides what each paragraph is; this builder only
keeps track of what is open (the current section, the current list) and closes it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Block, ListBlock, ListItem, NumberedSection, Provenance


@dataclass
class _Item:
    label: str
    blocks: list[Block]
    subitems: list[tuple[str, Block]] = field(default_factory=list)


@dataclass
class _Section:
    number: str
    blocks: list[Block]
    first: int
    last: int


class SectionBuilder:
    def __init__(self) -> None:
        self.out: list[Block] = []
        self.section: _Section | None = None
        self.items: list[_Item] = []

    # ------------------------------------------------------------ what comes next
    def next_letter(self) -> str:
        return chr(ord(self.items[-1].label) + 1) if self.items else "a"

    def next_subitem(self) -> str | None:
        """The number the next nested item must have, or None when no item is open."""
        return str(len(self.items[-1].subitems) + 1) if self.items else None

    @property
    def section_number(self) -> str:
        return self.section.number if self.section else ""

    # ------------------------------------------------------------ adding
    def open_section(self, number: str, first_block: Block, first: int, last: int) -> None:
        self.close_section()
        self.section = _Section(number, [first_block], first, last)

    def add_item(self, label: str, block: Block, last: int) -> None:
        if label == "a":
            self.close_list()  # a new list starts
        self.items.append(_Item(label, [block]))
        self._extend(last)

    def add_subitem(self, label: str, block: Block, last: int) -> None:
        self.items[-1].subitems.append((label, block))
        self._extend(last)

    def add_block(self, block: Block, last: int) -> None:
        self.close_list()
        if self.section:
            self.section.blocks.append(block)
            self._extend(last)
        else:
            self.out.append(block)

    def finish(self) -> list[Block]:
        self.close_section()
        return self.out

    # ------------------------------------------------------------ closing
    def _extend(self, last: int) -> None:
        if self.section:
            self.section.last = last

    def close_list(self) -> None:
        if not self.items:
            return
        list_items = []
        for item in self.items:
            blocks = list(item.blocks)
            if item.subitems:
                blocks.append(ListBlock(tuple(ListItem((b,), label=l) for l, b in item.subitems)))
            list_items.append(ListItem(tuple(blocks), label=item.label))
        target = self.section.blocks if self.section else self.out
        target.append(ListBlock(tuple(list_items)))
        self.items = []

    def close_section(self) -> None:
        self.close_list()
        if self.section:
            s = self.section
            self.out.append(NumberedSection(s.number, tuple(s.blocks), provenance=Provenance(s.first, s.last)))
            self.section = None
