"""Finds the citations inside a note's text (pure; no resolution, no I/O).

A note is prose with references in it. The reference forms are those of the Chicago
notes style, as any English-language scholarly book uses them:

- book:       [Author, ]*Title* (Place, Year)[, p. 12]        also "[Place, Year]"
- chapter:    Author, "Title," in *Book*, ed. Editor (Place, Year), p. 12
- journal:    Author, "Title," *Journal*, 1999, no. 5(6): 14–15
- newspaper:  [Author, ]"Title," *Paper*, 12 January 2002, p. 3      also "no. 5 (27 May 1998): 3"
- issue:      *Paper*, 4 October 1991[, 15 November 1991, and 16 November 1991][, p. 1]
- web page:   Author, "Title" (www.example.org/page.htm)
- short form: Author, *Short title*[, p. 103]   Author, "Short title," p. 49   Author, p. 222
- "Ibid.", "Ibid., pp. 353-54", "Ibid., 17 October 2002, p. 1", "Idem, p. 251", and
  "idem" standing for the previous author.

Everything else stays prose: quotations, and titles of periodicals named without a
date ("an interview in *Pravda*"). Emphasis is read as the title marker, so the
note's inlines are first flattened into one string in which emphasis is bracketed by
\\x01 … \\x02 and any other inline node is a private-use placeholder character.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..model import Correction, Emph, Inline, Mention, Strong, Text

EMPH_OPEN, EMPH_CLOSE = "\x01", "\x02"
PLACEHOLDER_BASE = 0xE000

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_MONTH = "|".join(MONTHS)
DAY_DATE = rf"\d{{1,2}}\s+(?:{_MONTH})\s+\d{{4}}"
MONTH_DATE = rf"(?:{_MONTH})\s+\d{{4}}"
DATE = rf"(?:{DAY_DATE}|{MONTH_DATE})"
DATES = rf"{DATE}(?:,?\s+(?:and\s+)?{DATE})*"
# Page numbers as the OCR gives them: "139^0" and "3[^]1" are damaged ranges.
_PAGE = r"[\dIVXLivxl]+(?:\[\^\]\w+|\^\w+)?"
PAGES = rf"pp?\.\s*{_PAGE}(?:\s*[-–]\s*{_PAGE})?(?:,\s*\d+(?![\d\s]*(?:{_MONTH})))*"
COLON_PAGES = r"\d+(?:\s*[-–]\s*\d+)?"

# Capitalised words that open a sentence before a name, never a name themselves.
_STOP = ("See|Quoted|Cf|Also|In|Thus|And|For|On|Interview|As|The|This|By|According|"
         "From|With|After|Before|But|Yet|Then|When|While|Where|Of|At|To|An|A")
_INITIALS = r"(?:[A-Z][a-z]{0,2}\.\s?){1,3}"
_SURNAME = rf"(?!(?:{_STOP})\b)[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
_FIRST = rf"(?!(?:{_STOP})\b)[A-Z][a-z'’]+\s+"
NAME = rf"(?:{_INITIALS}\s*|{_FIRST}(?:{_FIRST}|{_INITIALS}\s*)?)?{_SURNAME}"
# At most four names: a bounded list keeps the search linear on long runs of capitals.
AUTHORS = (rf"(?<![\w'’.]){NAME}(?:\s+\[[^\]]*\])?(?:(?:,\s*|\s+)and\s+{NAME}){{0,3}}"
           rf"(?:\s+et\s+al\.)?(?:,\s*eds?\.)?")
AUTHOR_LEAD = rf"(?:(?P<authors>{AUTHORS}|(?<![\w])[Ii]dem)\s*(?P<asep>[,.:])\s*)"

# A quoted title: opening quote, no emphasis inside, an inner quote only between
# letters (OCR: 'put"—ne'); the Chicago comma (or a period) goes inside the quotes.
QTITLE = (r'["“](?=\S)(?P<title>(?:[^"“”\x01\x02]|(?<=\w)["”](?=[—\w]))+?)'
          r'(?P<tp>,|\.)?["”]')
ETITLE = r"\x01(?P<etitle>[^\x01\x02]+)\x02"
CONTAINER = r"\x01(?P<container>[^\x01\x02]+)\x02(?:\s*\((?P<cplace>[A-Z][^()\d]*)\))?"
LOC = rf"(?:,\s*(?P<loc>{PAGES}))?"
# after a book's publication facts Chicago may give a bare page: "(…, 2002), 23."
BOOK_LOC = rf"(?:,\s*(?P<loc>{PAGES}|\d{{1,4}}(?:\s*[-–]\s*\d{{1,4}})?(?=\s*[.;)]|\s*$)))?"
# Publication facts of a book: "(Moscow, 1995)", "[Northamptonshire, 1999]",
# "(Armonk, NY: M.E. Sharpe, 2005)".
PUB = (r"[(\[](?:(?P<place>[A-Z][^:()\[\]]*):\s*(?P<publisher>[^,()\[\]]+)|(?P<place2>[A-Z][^,()\[\]]*)),"
       r"\s*(?P<year>\d{4})[)\]]")
PLAIN_NAME = r"(?:The\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4}"
PLAIN_PAGE = r"(?:page|p\.)\s*\d+(?:\s*[-–]\s*\d+)?"

# The characters a match of each form can start with (an author's capital or "idem", a
# quotation mark, the emphasis marker, …). As a look-ahead in front of the pattern it lets
# the regex engine reject almost every position at once instead of trying the optional
# author list there (3× faster); a lead that is too narrow would change the bibliography,
# which the golden files would show.
_AUTHOR_OR_TITLE = '(?=[A-Z"“\x01i])'
_LEADS = {"chapter": _AUTHOR_OR_TITLE, "journal": _AUTHOR_OR_TITLE, "newspaper-no": _AUTHOR_OR_TITLE,
          "newspaper": _AUTHOR_OR_TITLE, "shared": "(?=[A-Zi])", "web": _AUTHOR_OR_TITLE,
          "issue": "(?=\x01)", "book": _AUTHOR_OR_TITLE, "journal-volume": _AUTHOR_OR_TITLE,
          "short-emph": "(?=[A-Zi])", "short-quote": _AUTHOR_OR_TITLE, "ibid": "(?=[\x01I])",
          "idem": "(?=[Ii])", "author-only": "(?=[A-Z])", "plain-article": '(?=[A-Z"“])',
          "plain-issue": "(?=\\()", "plain-byline": "(?=[A-Z])"}

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(_LEADS[name] + rx)) for name, rx in (
    ("chapter", rf"{AUTHOR_LEAD}?{QTITLE}\s*in\s+\x01(?P<container>[^\x01\x02]+)\x02"
                rf"(?:,\s*ed\.\s*(?P<editors>{AUTHORS}))?"
                rf"(?:\s*{PUB})?{BOOK_LOC}"),
    ("journal", rf"{AUTHOR_LEAD}?{QTITLE}\s*{CONTAINER},\s*(?P<year>\d{{4}}),\s*no\.\s*"
                rf"(?P<number>\d+(?:\(\d+\))?)(?:\s*\((?P<month>{_MONTH})\))?"
                rf"(?:\s*:\s*(?P<cloc>{COLON_PAGES}))?"),
    ("newspaper-no", rf"{AUTHOR_LEAD}?(?:{QTITLE}\s*)?{CONTAINER},\s*no\.\s*(?P<number>\d+)\s*"
                     rf"\((?P<date>{DATE})\)(?:\s*:\s*(?P<cloc>{COLON_PAGES}))?"),
    ("newspaper", rf"{AUTHOR_LEAD}?{QTITLE}\s*{CONTAINER},\s*(?P<date>{DATE}){LOC}"),
    ("shared", rf"{AUTHOR_LEAD}{QTITLE}(?=\s+and\s+{AUTHORS},\s*[\"“])"),
    ("web", rf"{AUTHOR_LEAD}?{QTITLE}\s*\((?P<url>(?:https?://|www\.)[^)\s]+)\)"),
    ("issue", rf"{CONTAINER},\s*(?P<dates>{DATES}){LOC}"),
    ("book", rf"{AUTHOR_LEAD}?{ETITLE}\s*{PUB}{BOOK_LOC}"),
    # Chicago journal style: *Journal* 12, no. 3 (2001): 45–67
    ("journal-volume", rf"{AUTHOR_LEAD}?{QTITLE}\s*{CONTAINER}\s+(?P<volume>\d+)(?:,\s*no\.\s*(?P<number>\d+))?"
                       rf"\s*\((?:(?P<month>{_MONTH})\s+)?(?P<year>\d{{4}})\)(?:\s*:\s*(?P<cloc>{COLON_PAGES}))?"),
    ("short-emph", rf"{AUTHOR_LEAD}{ETITLE}{LOC}"),
    ("short-quote", rf"{AUTHOR_LEAD}?{QTITLE}(?:\s*(?P<qloc>{PAGES}))?"
                    r"(?=\s*(?:$|[.;)]|\s[A-Z]))"),
    ("ibid", rf"(?<![\w])\x01?Ibid\.\x02?(?:,\s*(?:(?P<date>{DATE})(?:,\s*(?P<dloc>{PAGES}))?|(?P<loc>{PAGES})))?"),
    ("idem", rf"(?<![\w])[Ii]dem,\s*(?P<loc>{PAGES})"),
    ("author-only", rf"(?<![\w'’.])(?P<authors>{_SURNAME}),\s*(?P<loc>{PAGES})"),
    # Typed sources without italics (a memo): the periodical is a run of capitalised words.
    ("plain-article", rf"(?:(?P<authors>{NAME})['’]s?\s+(?:[a-z]+\s+){{0,2}}(?:piece|article|column|report)\s+)?"
                      rf'["“](?P<title>[^"“”\x01\x02]+?)["”],\s*(?P<container>{PLAIN_NAME}),\s*'
                      rf"(?:Section\s+\w+,\s*)?(?:(?P<ploc>{PLAIN_PAGE}),\s*)?(?P<date>{DATE})"),
    ("plain-issue", rf"\((?:[Ss]ee\s+)?(?P<container>{PLAIN_NAME}),\s*(?:Section\s+\w+,\s*)?"
                    rf"(?:(?P<ploc>{PLAIN_PAGE}),\s*)?(?P<date>{DATE})\.?\)"),
    ("plain-byline", rf"(?P<authors>{NAME})['’]s?\s+(?:piece|article|column|report)\s+of\s+"
                     rf"(?P<daymonth>\d{{1,2}}\s+(?:{_MONTH}))\s+in\s+the\s+(?P<container>{PLAIN_NAME})"),
))
# Forms that may stand in running text (not only in notes): full references with their
# publication facts. Short forms, Ibid. and Idem only make sense in a sequence of notes.
BODY_FORMS = frozenset({"chapter", "journal", "journal-volume", "newspaper-no", "newspaper", "web", "issue", "book",
                        "plain-article", "plain-issue", "plain-byline", "plain-dated"})
# What a text must contain for a form to match at all (checked before the regex runs:
# most runs of text have no emphasis and no quotation marks, and the search is the
# enricher's main cost). Each entry is derived from the pattern: CONTAINER and ETITLE
# open with EMPH_OPEN, QTITLE with a quotation mark, a DATE names a month, "no." and
# publication facts "(…, 2001)" are literal.
_QUOTES = ('"', "“")
_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "chapter": (_QUOTES, (EMPH_OPEN,)), "journal": (_QUOTES, (EMPH_OPEN,), ("no.",)),
    "newspaper-no": ((EMPH_OPEN,), ("no.",), MONTHS), "newspaper": (_QUOTES, (EMPH_OPEN,), MONTHS),
    "shared": (_QUOTES,), "web": (_QUOTES, ("http", "www.")), "issue": ((EMPH_OPEN,), MONTHS),
    "book": ((EMPH_OPEN,), ("(", "[")), "journal-volume": (_QUOTES, (EMPH_OPEN,), ("(",)),
    "short-emph": ((EMPH_OPEN,),), "short-quote": (_QUOTES,), "ibid": (("Ibid.",),),
    "idem": (("dem,",),), "author-only": (("p.",),), "plain-article": (_QUOTES, MONTHS),
    "plain-issue": (("(",), MONTHS), "plain-byline": (("piece", "article", "column", "report"), MONTHS),
}


def _may_match(form: str, text: str) -> bool:
    return all(any(lit in text for lit in alternatives) for alternatives in _NEEDS.get(form, ()))


# Earlier in this list wins when two readings start at the same place with equal length.
PRIORITY = {name: i for i, (name, _) in enumerate(PATTERNS)} | {"plain-dated": len(PATTERNS)}


@dataclass(frozen=True)
class RawCitation:
    """One reference found in a note: where it is (in the flattened text) and what it says."""
    form: str                 # a name from PATTERNS
    start: int
    end: int
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    idem: bool = False        # the author is "idem" (the previous citation's author)
    edited: bool = False      # the names are editors ("eds.")
    title: str = ""
    title_is_emph: bool = False
    container: str = ""
    container_place: str = ""
    dates: tuple[str, ...] = ()       # ISO dates
    year: str = ""
    number: str = ""
    volume: str = ""
    place: str = ""
    publisher: str = ""
    url: str = ""
    locator: str = ""
    # for several dates: the spans (start, end) of each date's own citation
    spans: tuple[tuple[int, int], ...] = field(default=())
    context: str = ""         # the words just before (e.g. "interview")
    year_from_document: bool = False  # "of 11 July": the year is the citing document's


# ----------------------------------------------------------------- flattening
@dataclass(frozen=True)
class Held:
    """What `flatten` took out of the text: opaque nodes (one placeholder character each)
    and transparent wrappers (Strong, Mention, Correction) as (start, end, node) ranges of
    the text, so that a name inside a Mention, or a corrected name, reads as a name."""
    nodes: tuple[Inline, ...] = ()
    wrappers: tuple[tuple[int, int, Inline], ...] = ()


def flatten(inlines: tuple[Inline, ...]) -> tuple[str, Held]:
    """The inlines as one string: Text as is, Emph bracketed, wrappers transparent,
    anything else a placeholder."""
    parts: list[str] = []
    held: list[Inline] = []
    wrappers: list[tuple[int, int, Inline]] = []
    length = 0

    def put(text: str) -> None:
        nonlocal length
        parts.append(text)
        length += len(text)

    def walk(nodes: tuple[Inline, ...], in_emph: bool) -> None:
        for node in nodes:
            if isinstance(node, Text):
                put(node.text.replace(EMPH_OPEN, "").replace(EMPH_CLOSE, ""))
            elif isinstance(node, Emph) and not in_emph:
                put(EMPH_OPEN)
                walk(node.children, True)
                put(EMPH_CLOSE)
            elif isinstance(node, (Strong, Mention)):
                begin = length
                walk(node.children, in_emph)
                wrappers.append((begin, length, node))
            elif isinstance(node, Correction):
                # Read as corrected ("hvestiia" → Izvestiia), kept whole as the node.
                begin = length
                put(node.corrected.replace(EMPH_OPEN, "").replace(EMPH_CLOSE, ""))
                wrappers.append((begin, length, node))
            else:
                put(chr(PLACEHOLDER_BASE + len(held)))
                held.append(node)

    walk(inlines, False)
    return "".join(parts), Held(tuple(held), tuple(wrappers))


# Characters unflatten must look at one by one: the emphasis markers and placeholders.
_SPECIAL_RE = re.compile(f"[{EMPH_OPEN}{EMPH_CLOSE}{chr(PLACEHOLDER_BASE)}-\uf8ff]")


def unflatten(text: str, held: Held, offset: int = 0) -> tuple[Inline, ...]:
    """Inverse of `flatten` for the slice `text` that starts at `offset` of the flattened
    string. Emphasis and wrappers cut by the slice's edges are closed (or opened) there;
    a Correction cut by an edge goes whole with the slice that holds its start."""
    end = offset + len(text)
    starts: dict[int, list[tuple[int, int, Inline, int]]] = {}
    for index, (a, b, node) in enumerate(held.wrappers):
        if max(a, offset) < min(b, end):
            starts.setdefault(max(a, offset), []).append((min(b, end), index, node, a))
    for found in starts.values():  # outer first: the longer range, then the later-listed one
        found.sort(key=lambda w: (-w[0], -w[1]))
    start_points = sorted(starts)
    root: list[Inline] = []
    stack: list[tuple[str, Inline | None, list[Inline], int]] = [("root", None, root, end)]
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            stack[-1][2].append(Text("".join(buffer)))
            buffer.clear()

    def close_top() -> None:
        flush()
        kind, node, children, _ = stack.pop()
        if kind == "emph":
            stack[-1][2].append(Emph(tuple(children)))
        else:
            stack[-1][2].append(replace(node, children=tuple(children)))

    i = offset
    while i < end:
        while stack[-1][0] == "wrap" and stack[-1][3] <= i:
            close_top()
        jump = None
        for b, _, node, first in starts.get(i, []):
            flush()
            if isinstance(node, Correction):
                if first >= offset:
                    stack[-1][2].append(node)
                jump = b
                break
            stack.append(("wrap", node, [], b))
        if jump is not None:
            i = jump
            continue
        char = text[i - offset]
        code = ord(char)
        if char == EMPH_OPEN:
            flush()
            stack.append(("emph", None, [], end))
        elif char == EMPH_CLOSE:
            if any(frame[0] == "emph" for frame in stack):
                while stack[-1][0] != "emph":
                    close_top()
                close_top()
            # else: the slice began inside an emphasis; its words stay plain
        elif PLACEHOLDER_BASE <= code < PLACEHOLDER_BASE + len(held.nodes):
            flush()
            stack[-1][2].append(held.nodes[code - PLACEHOLDER_BASE])
        else:
            # Plain text up to the next thing that matters (a marker, a placeholder, a
            # wrapper's start, the open wrapper's end), taken in one piece.
            stop = end
            special = _SPECIAL_RE.search(text, i - offset + 1)
            if special is not None:
                stop = min(stop, special.start() + offset)
            later = bisect_right(start_points, i)
            if later < len(start_points):
                stop = min(stop, start_points[later])
            if stack[-1][0] == "wrap":
                stop = min(stop, stack[-1][3])
            buffer.append(text[i - offset:stop - offset])
            i = stop
            continue
        i += 1
    while len(stack) > 1:
        close_top()
    flush()
    return tuple(root)


# -------------------------------------------------------------------- parsing
def iso_date(text: str) -> str:
    """'12 January 2002' → '2002-01-12'; 'December 1994' → '1994-12'."""
    parts = text.split()
    if len(parts) == 3:
        return f"{parts[2]}-{MONTHS.index(parts[1]) + 1:02d}-{int(parts[0]):02d}"
    return f"{parts[1]}-{MONTHS.index(parts[0]) + 1:02d}"


def split_authors(text: str) -> tuple[str, ...]:
    """'N. Popov and A. Rubtsov' → two names; drops '[…]' glosses, 'et al.', 'eds.'."""
    text = re.sub(r"\s*\[[^\]]*\]", "", text)
    text = re.sub(r",?\s*eds?\.$", "", text.strip())
    text = re.sub(r"\s+et\s+al\.$", "", text)
    names = re.split(r",?\s+and\s+", text)
    return tuple(re.sub(r"\s+", " ", n).strip() for n in names if n.strip())


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "")).strip()


def _candidate(form: str, m: re.Match[str], text: str, document_year: str = "") -> RawCitation | None:
    g = {k: v for k, v in m.groupdict().items() if v is not None}
    raw_authors = g.get("authors", "")
    idem = raw_authors.lower() == "idem"
    authors = () if idem or not raw_authors else split_authors(raw_authors)
    title = _clean(g.get("title") or g.get("etitle"))
    tp = g.get("tp", "")
    # A quotation that ends with a period is a quotation, unless an author introduces it.
    if form in ("newspaper", "journal", "journal-volume", "newspaper-no", "chapter") and tp == "." \
            and not raw_authors:
        return None
    if form == "short-quote":
        if not (raw_authors or g.get("qloc")):
            return None
        if g.get("asep") == ":":
            return None
    if tp == "." and g.get("asep") == ":":
        return None  # 'X said: "… ."' is a quotation
    if form == "issue" and re.fullmatch(r"(?i)ibid\.?", _clean(g.get("container"))):
        return None
    if form == "shared" and tp != ",":
        return None
    if form == "short-emph" and g.get("asep") != ",":
        return None
    if raw_authors and g.get("asep") == "." and form not in ("newspaper",):
        return None
    start = m.start()
    dates: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    if form == "issue":
        found = list(re.finditer(DATE, g["dates"]))
        dates = tuple(iso_date(_clean(d.group())) for d in found)
        base = m.start("dates")
        first_end = base + found[0].end()
        spans = ((start, first_end if len(found) > 1 else m.end()),)
        spans += tuple((base + d.start(), base + d.end()) for d in found[1:])
        if len(found) > 1 and g.get("loc"):  # pages belong to the last date
            spans = spans[:-1] + ((spans[-1][0], m.end()),)
    elif g.get("date"):
        dates = (iso_date(_clean(g["date"])),)
    locator = g.get("loc") or g.get("qloc") or g.get("dloc") or ""
    if g.get("ploc"):
        locator = re.sub(r"^page\s*", "p. ", g["ploc"])
    year = g.get("year", "")
    if g.get("daymonth"):
        if not re.fullmatch(r"\d{4}", document_year[:4]):
            return None  # a day without a year in an undated document: not datable
        day, month = g["daymonth"].split()
        dates = (f"{document_year[:4]}-{MONTHS.index(month) + 1:02d}-{int(day):02d}",)
    if g.get("cloc"):
        locator = ("pp. " if re.search(r"[-–]", g["cloc"]) else "p. ") + g["cloc"]
    if g.get("month") and year:
        dates = (f"{year}-{MONTHS.index(g['month']) + 1:02d}",)
    context = text[max(0, start - 60):start]
    return RawCitation(
        form=form, start=start, end=m.end(), authors=authors,
        editors=split_authors(g["editors"]) if g.get("editors") else (), idem=idem,
        edited=bool(re.search(r",\s*eds?\.$", raw_authors)),
        title=title, title_is_emph=bool(g.get("etitle")), container=_clean(g.get("container")),
        container_place=_clean(g.get("cplace")), dates=dates, year=year,
        number=g.get("number", ""), volume=g.get("volume", ""),
        place=_clean(g.get("place") or g.get("place2")), publisher=_clean(g.get("publisher")),
        url=g.get("url", ""),
        locator=_clean(locator), spans=spans or ((start, m.end()),), context=context,
        year_from_document=bool(g.get("daymonth")))


@lru_cache(maxsize=8)  # the same periodicals for every run of a build
def dated_mention_pattern(periodicals: tuple[str, ...]) -> re.Pattern[str] | None:
    """'On 21 July Pravda criticized', 'made on 24 April by Leningrad Pravda': a dated issue
    of a periodical the corpus cites elsewhere (so the name is known to be a periodical)."""
    names = sorted({p for p in periodicals if p}, key=len, reverse=True)
    if not names:
        return None
    known = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?=[Oo])\b[Oo]n\s+(?P<daymonth>\d{{1,2}}\s+(?:{_MONTH}))(?:\s+by)?\s+"
                      rf"(?P<container>(?:[A-Z][a-z]+\s+)?(?:{known}))\b")


def find_citations(text: str, body: bool = False, document_year: str = "",
                   periodicals: tuple[str, ...] = (),
                   forms: frozenset[str] | None = None) -> list[RawCitation]:
    """Every citation in a flattened text, in reading order, none overlapping.

    `body`: running text rather than a note (only full references count there);
    `document_year`: the citing document's year, for dates given without one;
    `periodicals`: names known to be periodicals, for dated mentions in plain text;
    `forms`: only these forms (all when None)."""
    candidates: list[RawCitation] = []
    patterns = [(f, p) for f, p in PATTERNS if (not body or f in BODY_FORMS)
                and (forms is None or f in forms) and _may_match(f, text)]
    mention = dated_mention_pattern(periodicals)
    if mention is not None:
        patterns.append(("plain-dated", mention))
    for form, pattern in patterns:
        pos = 0
        while pos <= len(text):
            m = pattern.search(text, pos)
            if not m:
                break
            found = _candidate(form, m, text, document_year)
            if found is not None and m.end() > m.start():
                candidates.append(found)
            pos = m.start() + 1  # overlapping readings: let the selection decide
    candidates.sort(key=lambda c: (c.start, -(c.end - c.start), PRIORITY[c.form]))
    chosen: list[RawCitation] = []
    for cand in candidates:
        if any(cand.start < c.end and c.start < cand.end for c in chosen):
            continue
        chosen.append(cand)
    chosen.sort(key=lambda c: c.start)
    # "A, "T1," and B, "T2," *Journal*, 2000, no. 3": T1 appeared in the same issue.
    for i, cand in enumerate(chosen[:-1]):
        nxt = chosen[i + 1]
        if cand.form == "shared" and nxt.form in ("journal", "newspaper", "newspaper-no"):
            chosen[i] = replace(cand, form=nxt.form, container=nxt.container,
                                container_place=nxt.container_place, dates=nxt.dates,
                                year=nxt.year, number=nxt.number)
    return [c for c in chosen if c.form != "shared"]
