"""The register coverage report: name-like words that no register entry explains.

A word is *name-like* when it starts with a capital, is not an acronym (two or more
capitals: USSR, CPSU, GKChP) and never occurs in lower case anywhere in the corpus (so
"The", "Party" or "President" are not name-like, "Kazakhstan" and "Kolbin" are).
It is *explained* when it lies inside a linked mention, or when the editor has listed it
in sources/not-persons.yml (places, institutions, titles of works …). Everything else is
reported, with the document and anchor where it occurs, so that the editor adds a person
(or a variant) to sources/persons.yml or the word to not-persons.yml. Names the matcher
found but could not resolve (a shared form without a rule) are reported too.

The goal, enforced by a test, is an empty report.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .inlines import anchored_runs
from .model import (Block, BlockQuote, Citation, Corpus, Document, Emph, Heading, Inline, ListBlock,
                    Mention, Note, NumberedSection, Paragraph, Strong, Text, Verse)
from .registers import Registers

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+(?:['’][^\W\d_]+)*)*")


@dataclass(frozen=True)
class Place:
    document: str
    anchor: str


def _runs(nodes: tuple[Inline, ...], inside: bool = False):
    """(text, inside a mention?) for every Text node."""
    for node in nodes:
        if isinstance(node, Text):
            yield node.text, inside
        elif isinstance(node, Mention):
            yield from _runs(node.children, True)
        elif isinstance(node, (Emph, Strong, Citation)):
            yield from _runs(node.children, inside)


def block_runs(block: Block | Note, anchor: str = ""):
    """(anchor, text, inside a mention?) for every Text node of a block, with the nearest anchor."""
    for unit_anchor, runs in anchored_runs(block, anchor):
        for run in runs:
            for text, inside in _runs(run):
                yield unit_anchor, text, inside


def document_runs(doc: Document):
    for block in doc.blocks:
        yield from block_runs(block)
    for note in doc.notes:
        yield from block_runs(note)


def lower_vocabulary(corpus: Corpus) -> set[str]:
    words: set[str] = set()
    for doc in corpus.documents:
        for _, text, _ in document_runs(doc):
            words.update(w for w in WORD_RE.findall(text) if w[0].islower())
    return words


def name_like(word: str, lower: set[str]) -> bool:
    if not word[0].isupper() or sum(c.isupper() for c in word) > 1 and "-" not in word:
        return False
    parts = word.split("-")
    if len(parts) > 1:  # "Nezavisimaia gazeta-Sodruzhestvo", "Ust-Kamenogorsk": judge each part
        return any(name_like(p, lower) for p in parts if p)
    return word.lower() not in lower and word.replace("’", "'").lower() not in lower


def unexplained(corpus: Corpus, registers: Registers) -> dict[str, list[Place]]:
    """Name-like words outside any mention and not listed as not-a-person."""
    lower = lower_vocabulary(corpus)
    found: dict[str, list[Place]] = defaultdict(list)
    for doc in corpus.documents:
        for anchor, text, inside in document_runs(doc):
            if inside:
                continue
            for word in WORD_RE.findall(text):
                key = word.replace("’", "'")
                for part in [key, *key.split("-")]:
                    if part in registers.not_persons:
                        break
                else:
                    if name_like(key, lower) and not _all_parts_listed(key, registers):
                        found[key].append(Place(doc.id, anchor))
    return dict(sorted(found.items()))


def _all_parts_listed(word: str, registers: Registers) -> bool:
    parts = [p for p in word.split("-") if p]
    return len(parts) > 1 and all(p in registers.not_persons for p in parts)


def flagged_mentions(corpus: Corpus) -> list[tuple[str, int, str, str]]:
    """(document, line, words, candidates) for every name the matcher could not resolve."""
    return [(doc.id, e.line, e.text, e.detail) for doc in corpus.documents for e in doc.report
            if e.action == "flagged" and e.reason.startswith("name shared")]


def render_coverage(corpus: Corpus, registers: Registers) -> str:
    """content/reports/register-coverage.md"""
    missing = unexplained(corpus, registers)
    flagged = flagged_mentions(corpus)
    lines = ["---", "title: Register coverage", "---", "", "# Register coverage {#title}", "",
             "Name-like words in the texts that no register entry explains, and names the "
             "scripts found but could not attribute to one person. An editor adds each to "
             "`sources/persons.yml` (as a person or a variant) or to `sources/not-persons.yml` "
             "(places, institutions, titles). The goal is two empty lists.", "",
             f"## Unexplained name-like words ({len(missing)}) {{#unexplained}}", ""]
    if not missing:
        lines.append("None: every name-like word is a registered person or is listed as not a person.")
    for word, places in missing.items():
        where = ", ".join(f"[{p.document}#{p.anchor}](../documents/{p.document}.md#{p.anchor})"
                          for p in _unique(places)[:5])
        lines.append(f"- **{word}** ({len(places)}×): {where}")
    lines += ["", f"## Ambiguous names left unlinked ({len(flagged)}) {{#ambiguous}}", ""]
    if not flagged:
        lines.append("None: every shared name was resolved by its rule.")
    for doc_id, line, text, detail in flagged:
        lines.append(f"- {doc_id}, line {line}: **{text}** — {detail}")
    registered = len(registers.persons)
    lines += ["", f"The person register has {registered} entries; "
              f"{len(registers.not_persons)} words are listed as not persons.", ""]
    return "\n".join(lines)


def _unique(places: list[Place]) -> list[Place]:
    return list(dict.fromkeys(places))
