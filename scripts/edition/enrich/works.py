"""Matching: names and titles as the notes spell them, compared despite OCR slips.

Pure helpers shared by the resolver (bibliography.py) and the key scheme. Comparison
folds accents, Cyrillic look-alike letters (OCR: "vseгда") and apostrophes, then
allows small spelling differences ("Ezhenova"/"Esenova", "Rukovodstvu"/"Rukovodstvo").
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from difflib import SequenceMatcher

# Cyrillic letters that OCR puts inside Latin words, read as their usual transliteration.
_CYRILLIC = str.maketrans({"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e",
                           "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m",
                           "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
                           "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
                           "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia"})

STOPWORDS = frozenset(
    "a an the of on in and to for with my at by from "  # English
    "i v s k o na ne po za ot do iz ob u no kak chto eto vo so".split())  # Russian, transliterated
_ENGLISH = frozenset("the of and are we is with in on for at by from an this that".split())
# Transliterated Russian (Library of Congress style, as the notes use it): function words,
# and letter groups English words rarely have.
_RUSSIAN_WORDS = frozenset("i v s k o na ne po za ot do iz ob u kak chto eto vo so ili dlia pri bez".split())
_RUSSIAN_RE = re.compile(r"kh|zh|shch|iia|aia|iu|ii$|['’ʹ]|ogo$|ykh$|ikh$|skii$|skoi$|^ts|ts[aeiouy]")


@lru_cache(maxsize=65536)  # pure, and called on the same titles thousands of times
def fold(text: str) -> str:
    """Lower-case ASCII letters, digits and single spaces; everything else dropped."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_CYRILLIC))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’ʹ`]", "", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def words(text: str) -> list[str]:
    return fold(text).split()


@lru_cache(maxsize=65536)
def surname(name: str) -> str:
    """'M. N. Guboglo' → 'guboglo'; 'Vitalii Tret'iakov' → 'tretiakov'."""
    parts = [p for p in re.split(r"\s+", name.strip()) if p and not p.endswith(".")]
    return fold(parts[-1] if parts else name).replace(" ", "")


@lru_cache(maxsize=65536)
def similar(a: str, b: str, threshold: float) -> bool:
    return a == b or (bool(a) and bool(b) and SequenceMatcher(None, a, b).ratio() >= threshold)


def same_person(a: str, b: str) -> bool:
    return similar(surname(a), surname(b), 0.8)


def same_authors(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Compatible author lists: one is unknown, or the first authors are the same person."""
    return not a or not b or same_person(a[0], b[0])


def _word_match(short: str, full: str) -> bool:
    if short == full or (len(short) >= 4 and full.startswith(short)):
        return True
    return similar(short, full, 0.8)


def title_starts(short: str, full: str) -> bool:
    """A short title names the full one: its words begin the full title's words."""
    s, f = words(short), words(full)
    return bool(s) and len(s) <= len(f) and all(_word_match(a, b) for a, b in zip(s, f))


def same_title(a: str, b: str, threshold: float = 0.8) -> bool:
    fa, fb = fold(a), fold(b)
    return similar(fa, fb, threshold) or title_starts(a, b) or title_starts(b, a)


def same_container(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def significant_word(title: str, skip: int = 0) -> str:
    """The (skip+1)-th word of a title that is not a stop word, for keys."""
    found = [w for w in words(title) if w not in STOPWORDS and not w.isdigit()]
    return found[skip] if skip < len(found) else ""


def langid(title: str) -> str:
    """'russian' when a lower-case word of the title is transliterated Russian, 'english'
    when it has English function words, else '' (not known: left out of the entry)."""
    lower = [w for w in re.findall(r"[^\W\d_][\w'’ʹ-]*", title) if w[:1].islower()]
    if any(w in _RUSSIAN_WORDS or _RUSSIAN_RE.search(w) for w in lower):
        return "russian"
    if any(w in _ENGLISH for w in lower):
        return "english"
    return ""


def pages_overlap(a: str, b: str) -> bool:
    """'pp. 1-2' and 'p. 1' overlap; an unknown page overlaps anything."""
    na, nb = [int(n) for n in re.findall(r"\d+", a)[:1]], [int(n) for n in re.findall(r"\d+", b)[:1]]
    return not na or not nb or na == nb
