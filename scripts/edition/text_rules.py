"""Cleaning rules shared by the adapters: blocks, unwrapping, hyphenation, inline marks.

Each rule is a small pure function with a unit test that uses the real cases from the
sources. Rules never look at line numbers or strings peculiar to one file.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .model import Emph, Inline, NoteCall, Strong, Text

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_RE = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)

# Lower-case words a title-case heading may keep in lower case.
SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or per the to vs via with".split())

# Prefixes that keep their hyphen when a line break falls after them ("self-rule").
HYPHEN_PREFIXES = frozenset(
    "self pro anti ex non post semi vice co quasi neo pseudo mini multi counter".split())

SENTENCE_END = tuple('.?!:;"”’)»…')


@dataclass(frozen=True)
class RawBlock:
    """Consecutive non-blank lines of a raw source, with their 1-based line numbers."""
    lines: tuple[str, ...]
    first_line: int

    @property
    def last_line(self) -> int:
        return self.first_line + len(self.lines) - 1

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def split_blocks(text: str, start_line: int = 1) -> list[RawBlock]:
    """Splits text at blank lines (lines of white space count as blank)."""
    blocks: list[RawBlock] = []
    current: list[str] = []
    first = start_line
    for number, line in enumerate(text.split("\n"), start_line):
        if line.strip():
            if not current:
                first = number
            current.append(line)
        elif current:
            blocks.append(RawBlock(tuple(current), first))
            current = []
    if current:
        blocks.append(RawBlock(tuple(current), first))
    return blocks


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def vocabulary(text: str) -> Counter[str]:
    """Lower-cased word counts of a text, used to decide hyphenation by the text's own usage."""
    return Counter(w.lower() for w in words(text))


def hyphenated_pairs(text: str) -> set[str]:
    """Lower-cased hyphenated compounds written within one line ("pro-presidential")."""
    return {m.group(0).lower() for m in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)+", text)}


def join_hyphenated(left: str, right: str, vocab: Counter[str], compounds: set[str]) -> tuple[str, bool]:
    """Joins `left` (ending in "-") and `right` across a line break.

    Returns (joined text, hyphen_kept). The hyphen is a soft (typesetter's) hyphen unless
    the text itself writes the compound with a hyphen, the second part is capitalised
    ("anti-Soviet", "gazeta-Sodruzhestvo"), or the first part is a prefix that keeps its
    hyphen ("self-rule"). A real word joined ("Constitu-" + "tion") loses the hyphen.
    """
    stem_match = re.search(r"([^\W\d_]+)-$", left)
    tail_match = re.match(r"([^\W\d_]+)", right)
    if not stem_match or not tail_match:
        return left + right, True
    stem, tail = stem_match.group(1), tail_match.group(1)
    joined_word = (stem + tail).lower()
    hyphenated = f"{stem}-{tail}".lower()
    keep = False
    if tail[0].isupper():
        keep = True
    elif hyphenated in compounds and vocab.get(joined_word, 0) == 0:
        keep = True
    elif stem.lower() in HYPHEN_PREFIXES and vocab.get(joined_word, 0) == 0:
        keep = True
    if keep:
        return left + right, True
    return left[:-1] + right, False


def ends_sentence(text: str) -> bool:
    """True when a block ends like a finished sentence (so a page break did not split it)."""
    stripped = SUPERSCRIPT_RE.sub("", text.rstrip()).rstrip("*_ ")
    return stripped.endswith(SENTENCE_END) or stripped.endswith(".")


def starts_lowercase(text: str) -> bool:
    stripped = text.lstrip(" \"“'‘(*_")
    return bool(stripped) and stripped[0].islower()


def is_title_case(text: str) -> bool:
    """A heading-like line: every significant word capitalised ("Nazarbaev's Rise to Power")."""
    tokens = [t for t in re.split(r"[\s—–-]+", text.strip()) if t]
    significant = [t.strip("\"“”'‘’():,") for t in tokens]
    significant = [t for t in significant if t and t.lower() not in SMALL_WORDS]
    if not significant:
        return False
    return all(t[0].isupper() or t[0].isdigit() for t in significant)


def looks_like_heading(block: RawBlock, max_words: int = 12) -> bool:
    """A one-line, short, title-case block without final sentence punctuation."""
    if len(block.lines) != 1:
        return False
    line = block.lines[0].strip()
    if SUPERSCRIPT_RE.search(line) or len(line.split()) > max_words:
        return False
    if line.endswith((".", ",", ";", "?", "!", '"', "”")) or line.startswith(("-", "*", "•")):
        return False
    return is_title_case(line)


def unwrap(lines: tuple[str, ...] | list[str], vocab: Counter[str], compounds: set[str]
           ) -> tuple[str, list[tuple[int, str]]]:
    """Joins hard-wrapped lines into one line, repairing end-of-line hyphenation.

    Returns the joined text and, for the report, (line offset, "left|right") of each
    hyphenation repaired (offset of the line that ended with the hyphen).
    """
    out = ""
    repairs: list[tuple[int, str]] = []
    for offset, raw in enumerate(lines):
        line = raw.strip()
        if not out:
            out = line
            continue
        if re.search(r"[^\W\d_]-$", out) and line[:1].isalpha():
            joined, kept = join_hyphenated(out, line, vocab, compounds)
            if not kept:
                word_left = re.search(r"(\S+)$", out).group(1)
                word_right = line.split(" ", 1)[0]
                repairs.append((offset - 1, f"{word_left}|{word_right}"))
            out = joined
        else:
            out = f"{out} {line}"
    return out, repairs


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ------------------------------------------------------------------ inlines
_INLINE_RE = re.compile(
    r"(?P<escaped>\\[*_\[\]\\])"
    r"|(?P<strong>\*\*(?=\S)(?P<strong_body>.+?)(?<=\S)\*\*)"
    r"|(?P<emph>\*(?=[^\s*])(?P<emph_body>[^*]+?)(?<=[^\s*])\*)"
    rf"|(?P<sup>[{SUPERSCRIPT_DIGITS}]+)"
)


def superscript_to_int(sup: str) -> int:
    return int("".join(str(SUPERSCRIPT_DIGITS.index(c)) for c in sup))


def parse_inlines(text: str, superscript_calls: bool = True) -> tuple[Inline, ...]:
    """Parses the light inline markup found in the sources.

    `*…*` → Emph, `**…**` → Strong, `\\*` → a literal "*", Unicode superscript
    digits → NoteCall (when `superscript_calls`). Everything else is plain text.
    """
    result: list[Inline] = []
    buffer = ""
    pos = 0
    for match in _INLINE_RE.finditer(text):
        buffer += text[pos:match.start()]
        pos = match.end()
        if match.group("escaped"):
            buffer += match.group("escaped")[1]
            continue
        if match.group("sup") and not superscript_calls:
            buffer += match.group("sup")
            continue
        if buffer:
            result.append(Text(buffer))
            buffer = ""
        if match.group("strong"):
            result.append(Strong(parse_inlines(match.group("strong_body"), superscript_calls)))
        elif match.group("emph"):
            result.append(Emph(parse_inlines(match.group("emph_body"), superscript_calls)))
        else:
            result.append(NoteCall(str(superscript_to_int(match.group("sup")))))
    buffer += text[pos:]
    if buffer:
        result.append(Text(buffer))
    return merge_text(tuple(result))


def merge_text(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Merges neighbouring Text nodes (so equal content has one representation)."""
    merged: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + node.text)
        elif isinstance(node, Text) and not node.text:
            continue
        else:
            merged.append(node)
    return tuple(merged)
