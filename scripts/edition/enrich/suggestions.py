"""Suggests likely OCR slips for an editor; applies nothing (report action "suggested").

Rules (each generic, each with a test on the real cases):
- **mixed scripts**: a word with both Latin and Cyrillic letters ("vseгда"): the
  Cyrillic letters transliterated are suggested ("vsegda");
- **stray brackets**: OCR residue such as `[^]` inside a token ("pp. 3[^]1", "1[^]t");
- **duplicated syllable**: a word that, without one of two repeated letter pairs or
  triples inside it (not at its start or end, where prefixes and endings repeat:
  "reregistration", "succeeded"), is a word the text uses elsewhere ("ecoconomic" →
  "economic");
- **rare variant of a frequent name**: a capitalised word found once that differs by one
  letter, not at its ending, from a name found at least three times ("Krushchev" beside
  "Khrushchev", "Ertyysbaev" beside "Ertysbaev").
An editor who accepts a suggestion records it in sources/corrections.yml.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..inlines import block_inlines, plain_text
from ..model import Block, Document, Note, Provenance, ReportEntry

CYRILLIC_TO_LATIN = dict(zip(
    "абвгдезийклмнопрстуфхцыэАБВГДЕЗИЙКЛМНОПРСТУФХЦЫЭ",
    "abvgdeziiklmnoprstufkhtsyeABVGDEZIIKLMNOPRSTUFKhTsYE"))
CYRILLIC_TO_LATIN.update({"ж": "zh", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "iu", "я": "ia",
                          "ё": "e", "ь": "'", "ъ": "\"", "Ж": "Zh", "Ч": "Ch", "Ш": "Sh", "Я": "Ia"})
TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
STRAY_RE = re.compile(r"\S*\w\[\^?\]\w\S*|\S*\w\^\w\S*")
LATIN = re.compile(r"[A-Za-z]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
NAME_MIN = 6
FREQUENT = 3


def transliterate(word: str) -> str:
    return "".join(CYRILLIC_TO_LATIN.get(c, c) for c in word)


def mixed_script(word: str) -> str | None:
    if LATIN.search(word) and CYRILLIC.search(word):
        return transliterate(word)
    return None


def stray_brackets(text: str) -> list[str]:
    if "^" not in text and "[" not in text:  # the regex scans every token; most texts have neither
        return []
    return [m.group(0).rstrip(".,;:") for m in STRAY_RE.finditer(text)]


def duplicated_syllable(word: str, vocab: Counter[str]) -> str | None:
    low = word.lower()
    for k in (2, 3):
        # not at the very start or end: "reregistration", "succeeded" are real words
        for i in range(1, len(low) - 2 * k):
            if low[i:i + k] == low[i + k:i + 2 * k]:
                candidate = word[:i + k] + word[i + 2 * k:]
                if vocab.get(candidate.lower(), 0) > 0:
                    return candidate
    return None


def _deletions(word: str) -> set[str]:
    """The word without one letter, except in its last two (inflections: -s, -a, -e)."""
    return {word[:i] + word[i + 1:] for i in range(len(word) - 2)}


def rare_variants(vocab: Counter[str]) -> dict[str, str]:
    """{rare word: frequent name} for capitalised words one letter apart."""
    frequent = [w for w, n in vocab.items() if n >= FREQUENT and w[:1].isupper() and len(w) >= NAME_MIN]
    rare = {w for w, n in vocab.items() if n == 1 and w[:1].isupper() and len(w) >= NAME_MIN}
    found: dict[str, str] = {}
    for name in frequent:
        for shorter in _deletions(name):  # the rare word lost a letter ("Krushchev")
            if shorter in rare:
                found.setdefault(shorter, name)
    by_deletion: dict[str, list[str]] = {}
    for word in rare:  # the rare word has a letter too many ("Ertyysbaev")
        for shorter in _deletions(word):
            by_deletion.setdefault(shorter, []).append(word)
    for name in frequent:
        for word in by_deletion.get(name, []):
            found.setdefault(word, name)
    return found


def _runs(doc: Document) -> list[tuple[int, str]]:
    """(raw-source line, plain text) of every block and note, in reading order."""
    out: list[tuple[int, str]] = []

    def walk(block: Block | Note, parent: Provenance | None) -> None:
        prov = getattr(block, "provenance", None) or parent
        line = prov.first_line if prov else 0
        for run in block_inlines(block):
            out.append((line, plain_text(run)))

    for block in doc.blocks:
        walk(block, None)
    for note in doc.notes:
        walk(note, None)
    return out


def suggest_ocr_slips(doc: Document) -> Document:
    runs = _runs(doc)
    vocab: Counter[str] = Counter()
    for _, text in runs:
        vocab.update(TOKEN_RE.findall(text))
    lower_vocab = Counter()
    for w, n in vocab.items():
        lower_vocab[w.lower()] += n
    variants = rare_variants(vocab)
    seen: set[tuple[int, str]] = set()
    entries: list[ReportEntry] = []

    def suggest(line: int, word: str, reason: str, detail: str) -> None:
        if (line, word) not in seen:
            seen.add((line, word))
            entries.append(ReportEntry("suggested", reason, line, word, detail))

    for line, text in runs:
        for token in stray_brackets(text):
            suggest(line, token, "stray bracket or caret inside a token (OCR residue)",
                    "check the printed source")
        cyrillic = CYRILLIC.search(text) is not None  # else no word can mix scripts
        for word in TOKEN_RE.findall(text):
            fixed = mixed_script(word) if cyrillic else None
            if fixed:
                suggest(line, word, "Latin and Cyrillic letters in one word", f"perhaps: {fixed}")
                continue
            if vocab[word] == 1:
                candidate = duplicated_syllable(word, lower_vocab)
                if candidate:
                    suggest(line, word, "duplicated syllable", f"perhaps: {candidate}")
            if word in variants:
                suggest(line, word, f"rare spelling of a name found {vocab[variants[word]]} times",
                        f"perhaps: {variants[word]}")
    return replace(doc, report=doc.report + tuple(entries)) if entries else doc
