"""Named integrity rules over the enriched corpus. Each returns a list of Problems.

Errors stop the build; the report keeps warnings (e.g. a note whose call is lost).
Every rule has a test in tests/test_checks.py.
"""
from __future__ import annotations

from collections import Counter
from typing import Callable

from .errors import Problem
from .ids import ANCHOR_RE
from .inlines import block_inlines, note_calls
from .model import Block, Corpus, Document, ListBlock, NumberedSection

Rule = Callable[[Document], list[Problem]]


def _anchors(blocks: tuple[Block, ...]) -> list[str]:
    found = []
    for block in blocks:
        found.append(block.anchor)
        if isinstance(block, ListBlock):
            # Items carry an anchor only where the source labels them ("a.", "b.").
            found.extend(item.anchor for item in block.items if item.anchor)
            for item in block.items:  # lists nested in labelled items: `para-11-l-1`
                for inner in item.blocks:
                    if isinstance(inner, ListBlock):
                        found.extend(a for a in _anchors((inner,))[1:] if a)
        elif isinstance(block, NumberedSection):
            found.extend(_anchors(block.blocks))
    return found


def all_anchors(doc: Document) -> list[str]:
    return _anchors(doc.blocks) + [note.anchor for note in doc.notes]


def _where(doc: Document) -> str:
    return f"sources/{doc.entry.file}"


def every_block_has_an_anchor(doc: Document) -> list[Problem]:
    missing = [a for a in all_anchors(doc) if not a]
    return [Problem(_where(doc), 0, f"{len(missing)} blocks have no anchor")] if missing else []


def anchors_are_unique(doc: Document) -> list[Problem]:
    counts = Counter(all_anchors(doc))
    return [Problem(_where(doc), 0, f"anchor #{a} is used {n} times") for a, n in counts.items() if a and n > 1]


def anchors_follow_the_grammar(doc: Document) -> list[Problem]:
    return [Problem(_where(doc), 0, f"anchor {a!r} breaks the anchor grammar (docs/anchors.md)")
            for a in all_anchors(doc) if a and not ANCHOR_RE.match(a)]


def every_call_has_a_note(doc: Document) -> list[Problem]:
    labels = {n.label for n in doc.notes}
    problems = []
    blocks = list(doc.blocks)
    for block in blocks:
        for run in block_inlines(block):
            for label in note_calls(run):
                if label not in labels:
                    line = block.provenance.first_line if block.provenance else 0
                    problems.append(Problem(_where(doc), line, f"note call {label} has no note"))
    return problems


def every_note_has_a_call_or_is_flagged(doc: Document) -> list[Problem]:
    called = {label for block in doc.blocks for run in block_inlines(block) for label in note_calls(run)}
    for note in doc.notes:
        for block in note.blocks:
            for run in block_inlines(block):
                called.update(note_calls(run))
    return [Problem(_where(doc), n.provenance.first_line if n.provenance else 0,
                    f"note {n.label} has no call and is not flagged")
            for n in doc.notes if n.label not in called and "call-missing" not in n.flags]


RULES: dict[str, Rule] = {
    "every-block-has-an-anchor": every_block_has_an_anchor,
    "anchors-are-unique": anchors_are_unique,
    "anchors-follow-the-grammar": anchors_follow_the_grammar,
    "every-call-has-a-note": every_call_has_a_note,
    "every-note-has-a-call-or-is-flagged": every_note_has_a_call_or_is_flagged,
}


def run_checks(corpus: Corpus) -> list[Problem]:
    problems: list[Problem] = []
    for doc in corpus.documents:
        for rule in RULES.values():
            problems.extend(rule(doc))
    return problems
