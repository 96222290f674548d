"""Applies the editorial corrections of sources/corrections.yml to a Document.

Each occurrence of a rule's `original` in the reading text (inside one run of text, at
word boundaries) becomes a `Correction` inline: the reader reads the corrected form, the
source's reading is kept beside it (shown on hover) and listed in the cleaning report.
No I/O: the rules are passed in. A rule that matches nothing is an error, so a stale
correction cannot go unnoticed.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..corrections import CorrectionRule
from ..errors import EditionError, Problem
from ..model import (Block, BlockQuote, Citation, Correction, Document, Emph, Heading, Inline,
                     ListBlock, Mention, Note, NumberedSection, Paragraph, Provenance, ReportEntry, Strong,
                     Text, Verse)
from ..text_rules import merge_text


def rule_pattern(original: str) -> re.Pattern[str]:
    """The original as a whole word (or words): `Tsentrai naia` not inside another word."""
    start = r"(?<!\w)" if original[:1].isalnum() else ""
    end = r"(?!\w)" if original[-1:].isalnum() else ""
    return re.compile(start + re.escape(original) + end)


def correct_inlines(nodes: tuple[Inline, ...], rule: CorrectionRule,
                    pattern: re.Pattern[str]) -> tuple[tuple[Inline, ...], int]:
    out: list[Inline] = []
    count = 0
    for node in nodes:
        if isinstance(node, Text):
            pos = 0
            for match in pattern.finditer(node.text):
                out.append(Text(node.text[pos:match.start()]))
                out.append(Correction(rule.corrected, match.group(0), rule.reason))
                pos = match.end()
                count += 1
            out.append(Text(node.text[pos:]))
        elif isinstance(node, (Emph, Strong, Mention, Citation)):
            children, n = correct_inlines(node.children, rule, pattern)
            count += n
            out.append(replace(node, children=children))
        else:
            out.append(node)  # calls, markers, redactions, earlier corrections stay
    return merge_text(tuple(out)), count


def _covers(prov: Provenance | None, line: int | None) -> bool:
    return line is None or (prov is not None and prov.first_line <= line <= prov.last_line)


class _Corrector:
    def __init__(self, rule: CorrectionRule):
        self.rule = rule
        self.pattern = rule_pattern(rule.original)
        self.hits: list[int] = []  # raw-source line of each block corrected

    def run(self, nodes: tuple[Inline, ...], prov: Provenance | None) -> tuple[Inline, ...]:
        if not _covers(prov, self.rule.line):
            return nodes
        result, n = correct_inlines(nodes, self.rule, self.pattern)
        if not n:
            return nodes  # untouched: the same objects, so the block need not be rebuilt
        self.hits += [prov.first_line if prov else 0] * n
        return result

    def block(self, block: Block, parent: Provenance | None = None) -> Block:
        prov = getattr(block, "provenance", None) or parent
        if isinstance(block, (Heading, Paragraph)):
            inlines = self.run(block.inlines, prov)
            return block if inlines is block.inlines else replace(block, inlines=inlines)
        if isinstance(block, Verse):
            lines = tuple(self.run(line, prov) for line in block.lines)
            return block if all(a is b for a, b in zip(lines, block.lines)) else replace(block, lines=lines)
        if isinstance(block, ListBlock):
            return replace(block, items=tuple(
                replace(item, blocks=tuple(self.block(b, prov) for b in item.blocks))
                for item in block.items))
        if isinstance(block, (BlockQuote, NumberedSection)):
            return replace(block, blocks=tuple(self.block(b, prov) for b in block.blocks))
        raise TypeError(f"unknown block {type(block).__name__}")

    def note(self, note: Note) -> Note:
        return replace(note, blocks=tuple(self.block(b, note.provenance) for b in note.blocks))


def apply_corrections(doc: Document, rules: list[CorrectionRule]) -> Document:
    problems: list[Problem] = []
    report = list(doc.report)
    for rule in rules:
        fixer = _Corrector(rule)
        blocks = tuple(fixer.block(b) for b in doc.blocks)
        notes = tuple(fixer.note(n) for n in doc.notes)
        if not fixer.hits:
            file, _, line = rule.where.rpartition(":")
            where = f" in the block at line {rule.line}" if rule.line else ""
            problems.append(Problem(file, int(line or 0),
                                    f"correction {rule.original!r} → {rule.corrected!r} for {doc.id} "
                                    f"matches nothing{where}",
                                    "check the original as it stands in the cleaned text "
                                    "(content/documents/), or remove the correction"))
            continue
        doc = replace(doc, blocks=blocks, notes=notes)
        for line in fixer.hits:
            report.append(ReportEntry("corrected", rule.reason, line, rule.original, rule.corrected))
    if problems:
        raise EditionError(problems)
    return replace(doc, report=tuple(report))


def _restore(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Correction):
            out.append(Text(node.original))
        elif isinstance(node, (Emph, Strong, Mention, Citation)):
            out.append(replace(node, children=_restore(node.children)))
        else:
            out.append(node)
    return merge_text(tuple(out))


def without_corrections(doc: Document) -> Document:
    """The document with the source's own readings back (for audits and idempotence tests)."""
    def block(b: Block) -> Block:
        if isinstance(b, (Heading, Paragraph)):
            return replace(b, inlines=_restore(b.inlines))
        if isinstance(b, Verse):
            return replace(b, lines=tuple(_restore(line) for line in b.lines))
        if isinstance(b, ListBlock):
            return replace(b, items=tuple(replace(i, blocks=tuple(block(x) for x in i.blocks))
                                          for i in b.items))
        return replace(b, blocks=tuple(block(x) for x in b.blocks))

    return replace(doc, blocks=tuple(block(b) for b in doc.blocks),
                   notes=tuple(replace(n, blocks=tuple(block(b) for b in n.blocks)) for n in doc.notes))
