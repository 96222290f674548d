"""The rules of the declassified-memo adapter, one small function or pattern each.

Line rules (banners, release stamps, control codes, separators), paragraph-start rules
(numbered, lettered, nested, footnotes), title-page facts (dates, series numbers) and the
inline rules (note calls written as asterisks, `[REDACTED]`, page sentinels). The reader
in declassified_memo.py applies them in order; tests/test_declassified_memo.py tests
each with the real cases of the CIA brief.
"""
from __future__ import annotations

import re

from ..model import Emph, Inline, Mention, NoteCall, PageMarker, Redaction, Strong, Text
from ..text_rules import merge_text, parse_inlines

CLASSIFICATIONS = ("TOP SECRET", "SECRET", "CONFIDENTIAL", "RESTRICTED", "UNCLASSIFIED",
                   "FOR OFFICIAL USE ONLY")


def _spaced(word: str) -> str:
    """A classification word as scans spell it: `SECRET`, `S-E-C-R-E-T`, `S E C R E T`."""
    parts = []
    for token in word.split():
        parts.append(r"[\s.\-]?".join(re.escape(c) for c in token))
    return r"\s+".join(parts)


_CLASS_ALT = "|".join(_spaced(w) for w in CLASSIFICATIONS)
BANNER_RE = re.compile(
    rf"^\s*(?:[•·]\s*)?(?P<mark>~~|\*\*)?\s*(?:{_CLASS_ALT})(?://[A-Z ,/-]+)?\s*(?P=mark)?\s*$")
# Archive release stamps printed on every page of a CREST scan ("Approved For Release
# 2001/08/30 : CIA-RDP78-00915R000700050018-0"): page furniture like the banners.
RELEASE_RE = re.compile(r"^\s*(?:(?:Sanitized Copy |Declassified in Part - Sanitized Copy )?Approved For Release\b.*"
                        r"|(?:.*\s)?CIA-RDP\d{2}-\d{5}[A-Z]\d{9}-\d\s*)$", re.IGNORECASE)
BULLET_RE = re.compile(r"^\s*[•·▪■]\s*$")
CONTROL_CODE = r"(?:25|50)X\d[A-Za-z0-9]*(?:-[A-Z]+)?"
CONTROL_LINE_RE = re.compile(rf"^\s*{CONTROL_CODE}\s*$")
CONTROL_INLINE_RE = re.compile(rf"(?<![\w-]){CONTROL_CODE}(?![\w-])")
SEPARATOR_RE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
FOOTNOTE_RE = re.compile(r"^\s*(?P<stars>(?:\\\*)+|\*{1,3}(?=\s))\s+(?P<text>\S.*)$", re.DOTALL)
CALL_RE = re.compile(r"(?<=[^\s\\*])(?P<stars>(?:\\\*)+)")
# Unescaped asterisks as calls ("June*"), as plain OCR text writes them: only after a word
# or punctuation, and only when a footnote with that many asterisks exists.
BARE_CALL_RE = re.compile(r"(?<=[\w.,;:)\"”’])(?P<stars>\*{1,3})(?=[\s.,;:)]|$)")
BARE_NOTE_LINE_RE = re.compile(r"^\s*(?P<stars>\*{1,3})\s+\S", re.MULTILINE)
EMPHASIS_OPENER_RE = re.compile(r"(?:^|[\s(\"“])\*+[^\s*]")
REDACTED_RE = re.compile(r"\[\s*REDACTED\s*\]", re.IGNORECASE)
NUMBERED_RE = re.compile(r"^(?P<n>\d{1,3})\.\s+(?P<rest>\S.*)$", re.DOTALL)
LETTERED_RE = re.compile(r"^(?:[-•]\s+)?(?P<l>[a-z])\.\s+(?P<rest>\S.*)$", re.DOTALL)
SUBNUMBER_RE = re.compile(r"^\((?P<n>\d{1,2})\)\.?\s+(?P<rest>\S.*)$", re.DOTALL)
LIST_LINE_RE = re.compile(r"^\s*[-•]\s+\S")
FIELD_RE = re.compile(r"^\s*(?P<key>SUBJECT|MEMORANDUM FOR|FROM|TO|DATE|REFERENCE|VIA)\s*:\s*(?P<value>\S.*)$",
                      re.IGNORECASE)
MONTHS = ("january february march april may june july august september october november "
          "december").split()
DATE_RE = re.compile(r"\b(?P<d>\d{1,2})\s+(?P<m>" + "|".join(MONTHS) + r")\s+(?P<y>\d{4})\b", re.IGNORECASE)
YEAR_RE = re.compile(r"^\s*(?P<y>1[89]\d\d|20\d\d)\s*$")
NUMBER_LINE_RE = re.compile(r"^\s*(?:[-–—]\s*(?P<roman>[IVXLC]+|\d+)\s*[-–—]|No\.\s*(?P<no>\w+))\s*$")
OPEN_QUOTES = '"“'
CLOSE_QUOTES = '"”'
QUOTE_TAIL_RE = re.compile(r"^[\s.,;]*(?:\([^()]{1,80}\))?[\s.,;]*$")
SMALL_WORDS = frozenset("a an and as at but by for from in into nor of on or per the to vs via with".split())

PAGE_MARK = "\x00P{}\x00"
CALL_MARK = "\x00N{}\x00"
SPECIAL_RE = re.compile(r"\x00P(?P<page>\d+)\x00|\x00N(?P<stars>\d+)\x00|" + REDACTED_RE.pattern,
                        re.IGNORECASE)


def strip_markup(line: str) -> str:
    return re.sub(r"\*\*|~~|\\", "", line).strip()


def is_banner(line: str) -> bool:
    return bool(BANNER_RE.match(line))


def smart_title(text: str) -> str:
    """`BRIEFS ON INTERNATIONAL COMMUNISM` → `Briefs on International Communism`."""
    words = text.lower().split()
    return " ".join(w if (i and w in SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def iso_date(text: str) -> str | None:
    match = DATE_RE.search(text)
    if not match:
        return None
    month = MONTHS.index(match.group("m").lower()) + 1
    return f"{int(match.group('y')):04d}-{month:02d}-{int(match.group('d')):02d}"


def starts_paragraph(line: str) -> bool:
    """A line that opens a paragraph of its own: `2. `, `a. `, `- a. `, `(1). `, `\\* `."""
    text = line.strip()
    return bool(NUMBERED_RE.match(text) or LETTERED_RE.match(text) or SUBNUMBER_RE.match(text)
                or FOOTNOTE_RE.match(text))


def is_full_quotation(text: str) -> bool:
    """A paragraph that is one quotation: opens with a quote mark, closes with one, and at
    most a short parenthetical source follows the closing mark."""
    body = text.strip()
    if len(body) < 2 or body[0] not in OPEN_QUOTES:
        return False
    last = max(body.rfind(q) for q in CLOSE_QUOTES)
    if last <= 0:
        return False
    return bool(QUOTE_TAIL_RE.match(body[last + 1:]))


def split_specials(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Turns the sentinels left in text (page marks, note calls) and `[REDACTED]` into inlines."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            pos = 0
            for match in SPECIAL_RE.finditer(node.text):
                out.append(Text(node.text[pos:match.start()]))
                if match.group("page"):
                    out.append(PageMarker(match.group("page")))
                elif match.group("stars"):
                    out.append(NoteCall("*" * int(match.group("stars"))))
                else:
                    out.append(Redaction(match.group(0)))
                pos = match.end()
            out.append(Text(node.text[pos:]))
        elif isinstance(node, Emph):
            out.append(Emph(split_specials(node.children)))
        elif isinstance(node, Strong):
            out.append(Strong(split_specials(node.children)))
        elif isinstance(node, Mention):
            out.append(Mention(node.target, split_specials(node.children)))
        else:
            out.append(node)
    return merge_text(tuple(out))


def bare_footnote_labels(raw: str) -> frozenset[str]:
    """Labels of footnotes written with unescaped asterisks whose call is in the text."""
    labels = set()
    for match in BARE_NOTE_LINE_RE.finditer(raw):
        stars = match.group("stars")
        if re.search(rf"(?<=[\w.,;:)\"”’]){re.escape(stars)}(?!\*)", raw):
            labels.add(stars)
    return frozenset(labels)


def inlines_of(text: str, bare_labels: frozenset[str] = frozenset()) -> tuple[Inline, ...]:
    """Inline content of memo text: calls first (escaped asterisks; unescaped ones when a
    footnote has that label and the text uses no asterisk emphasis), then markup."""
    text = CALL_RE.sub(lambda m: CALL_MARK.format(m.group("stars").count("*")), text)
    if bare_labels and not EMPHASIS_OPENER_RE.search(text):
        text = BARE_CALL_RE.sub(lambda m: CALL_MARK.format(len(m.group("stars")))
                                if m.group("stars") in bare_labels else m.group(0), text)
    return split_specials(parse_inlines(text, superscript_calls=False))
