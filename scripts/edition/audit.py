"""The conservation audit: every word of a raw source is accounted for.

A word of the raw source (letters only, case ignored; numbers and punctuation are not
words here) is accounted for when it is matched, occurrence by occurrence, either

1. in the edition: the reading text (every block, every note), the title, the authors
   and the facts found in the text (`Document.metadata`, shown in the provenance box); or
2. in the cleaning report, by an entry that records the source's own words with a
   reason: a removal (banner, control code, furniture, boilerplate …), a repair (the
   two halves of a hyphenated word) or a correction (the original reading). The entry's
   text must stand in the raw source (white space aside).

Matching is by multiset: a word that occurs five times in the source must occur five
times in the edition and the report together. What is left over is *unaccounted* and
is listed; the test suite demands none for every source.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .inlines import block_text, block_text_all
from .model import Block, BlockQuote, Document, ListBlock, NumberedSection
from .text_rules import SUPERSCRIPT_RE, words

# Report actions whose `text` is the source's own wording, taken out of the reading text.
ACCOUNTING_ACTIONS = ("removed", "repaired", "corrected")


@dataclass(frozen=True)
class AuditResult:
    source_words: int
    in_text: int
    by_reason: tuple[tuple[str, int], ...]  # (action: reason, words) accounted by the report
    unaccounted: tuple[tuple[str, int], ...]  # (word, occurrences) neither in text nor report

    @property
    def accounted(self) -> int:
        return self.in_text + sum(n for _, n in self.by_reason)

    @property
    def complete(self) -> bool:
        return not self.unaccounted


def _count(text: str) -> Counter[str]:
    # Superscript digits are note calls, not letters of a word ("akims¹¹⁵" is "akims").
    # Emphasis marks are markup, not word breaks: "A*A*" reads "AA" in the edition.
    return Counter(w.casefold() for w in words(SUPERSCRIPT_RE.sub(" ", text).replace("*", "")))


def item_labels(blocks: tuple[Block, ...]) -> list[str]:
    """The source's own labels of list items ("a", "1"), shown beside each item."""
    found: list[str] = []
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                found.append(item.label)
                found.extend(item_labels(item.blocks))
        elif isinstance(block, (BlockQuote, NumberedSection)):
            found.extend(item_labels(block.blocks))
    return found


def edition_words(doc: Document) -> Counter[str]:
    parts = [doc.title, *doc.authors, block_text_all(doc.blocks), " ".join(item_labels(doc.blocks))]
    parts += [block_text(note) for note in doc.notes]
    parts += [f"{key} {value}" for key, value in doc.metadata]
    return _count("\n".join(parts))


def audit(doc: Document, raw_text: str) -> AuditResult:
    source = _count(raw_text)
    edition = edition_words(doc)
    left = Counter({w: n - min(n, edition[w]) for w, n in source.items()})
    left = +left
    in_text = sum(source.values()) - sum(left.values())
    by_reason: Counter[str] = Counter()
    # A report entry accounts for words only if its text stands in the raw source (white
    # space aside: removals and repairs may span line breaks), so the report cannot
    # vouch for words it merely names.
    verbatim = "".join(raw_text.split())
    for entry in doc.report:
        if entry.action not in ACCOUNTING_ACTIONS or not left:
            continue
        if "".join(entry.text.split()) not in verbatim:
            continue
        for w, n in _count(entry.text).items():
            taken = min(n, left[w])
            if taken:
                left[w] -= taken
                by_reason[f"{entry.action}: {entry.reason}"] += taken
        left = +left
    return AuditResult(sum(source.values()), in_text, tuple(sorted(by_reason.items())),
                       tuple(sorted(left.items())))


def audit_lines(result: AuditResult) -> list[str]:
    """The audit as Markdown lines for the cleaning report."""
    share = 100.0 if not result.source_words else 100.0 * result.accounted / result.source_words
    lines = [f"Every word of the raw source is either in the edition or in this report with a "
             f"reason. **{result.accounted} of {result.source_words} words accounted for "
             f"({share:.1f} %).**", "",
             "| where the source's words are | words |", "|---|---:|",
             f"| in the reading text, notes, title and facts shown | {result.in_text} |"]
    from .writers.markdown import escape

    for reason, n in result.by_reason:
        lines.append(f"| in this report — {escape(reason).replace('|', '/')} | {n} |")
    lines.append(f"| **unaccounted** | {sum(n for _, n in result.unaccounted)} |")
    if result.unaccounted:
        listed = escape(", ".join(f"{w} ×{n}" for w, n in result.unaccounted[:50]))
        lines += ["", f"Unaccounted words: {listed}"]
    return lines
