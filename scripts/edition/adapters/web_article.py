"""Adapter for the kind "web-article": the text of a web page (news article, blog post)
copied with its site furniture, one paragraph per line.

Rules, in the order they run (every action is reported):

1. **Furniture** — a block is removed when the whole block matches a pattern of
   `web_boilerplate.yml` (search box, comment forms, "Your email address will not be
   published", WordPress "Log Out / Change", "Connecting to %s" …). Some patterns
   (icons such as "Google photo", field labels) count only after a block that opens a
   comment form ("Leave a Reply", "Add comment"). A post footer "This entry was posted
   in X and tagged Y. Bookmark the permalink." becomes metadata (category, tags).
2. **Spaces** — non-breaking spaces (typography of some translations) become spaces.
3. **Title** — the first remaining block, or one of the first three that equals the
   catalog's title (what stands before it is unknown furniture: removed, reported);
   flagged when it differs from the catalog.
4. **Byline and dateline** — among the first three blocks after the title, a line
   "By Name" is the byline and a line that is only a date ("7 January 2022",
   "January 7, 2022", "2022-01-07", "Posted on …") the dateline; both stay in the text
   (roles "byline", "dateline") and become metadata. **Lists**: a block whose every
   line starts with a bullet (`-`, `•`, `*`) or a number (`1.`) is a list; lists split
   into one-line blocks are one list.
5. **Headings** — a one-line block of at most 16 words, without final sentence
   punctuation (`. , ; : ! ? …`, also before a closing quote), in title case (every
   significant word capitalised, small words such as "of", "the" excepted), followed
   by more text. A title-case question ("What Did Putin Want?") is a heading too.
6. **Captions** (`Paragraph(role="caption")`) — a one-line block that is not a heading
   and either
   a. names what a picture shows: "from left to right", "(on the right)", "(in the
      center)", "pictured", "photo:" …, or opens with a year or a range of years and a
      full stop ("1945-1952. From left to right: …"), and has at most 40 words; or
   b. stands *between* two body paragraphs of at least 40 words each, has at most 20
      words, does not end in ":" or "," (which would introduce what follows), is not
      in brackets, and does not speak in the first or second person outside quotation
      marks ("we", "I", "you" belong to the article's own voice).
   What is short but fails these tests stays a body paragraph ("Dear Readers:",
   "[to be continued]", a closing one-sentence paragraph).
7. **Display quotations** — a paragraph that ends with a quotation of at least 25
   words introduced by a dash or a colon ("he warned — «In the councils …»") is split:
   the lead-in stays a paragraph, the quotation becomes a `BlockQuote` (its quotation
   marks dropped, since the block shows it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..catalog import load_yaml
from ..errors import EditionError, Problem
from ..model import (Block, BlockQuote, CatalogEntry, Document, Heading, ListBlock, ListItem,
                     Paragraph, Provenance, ReportEntry)
from ..text_rules import RawBlock, is_title_case, parse_inlines, split_blocks

BOILERPLATE_FILE = Path(__file__).with_name("web_boilerplate.yml")
NBSP = "\u00a0\u202f\u2007"
FINAL_PUNCT = tuple(".,;:!?…")
CLOSING_QUOTES = "\"”’»'"
PICTURE_CUE_RE = re.compile(
    r"\bfrom (?:left|right) to (?:right|left)\b"
    r"|\((?:[^()]*?[\s—–-])?(?:on|at|in) the (?:left|right|cent(?:er|re)|middle|foreground|background)\)"
    r"|\b(?:pictured|photo(?:graph)? by|photo:|image:|source of the photo)",
    re.IGNORECASE)
YEAR_LEAD_RE = re.compile(r"^\d{4}(?:\s*[-–]\s*\d{2,4})?\.\s")
PERSON_RE = re.compile(r"\b(?:I|we|us|our|ours|me|my|you|your|yours)\b", re.IGNORECASE)
QUOTED_RE = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")
DISPLAY_QUOTE_RE = re.compile(
    r"^(?P<lead>.*\S)\s*(?P<intro>[—–:]|\s-)\s*(?P<open>[«“\"])(?P<quote>[^«»“”\"]+)(?P<close>[»”\"])"
    r"(?P<tail>[.!?]?)\s*$", re.DOTALL)
BYLINE_RE = re.compile(r"^(?:by|written by|author:)\s+(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&))"
                       r"{0,6})$", re.IGNORECASE)
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATELINE_RE = re.compile(
    r"^(?:(?:posted|published|updated)(?: on)?:?\s+)?"
    rf"(?:\d{{1,2}}\s+{MONTH}\s+\d{{4}}|{MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}})"
    r"(?:\s*,?\s*(?:at\s+)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)?$", re.IGNORECASE)
LIST_LINE_RE = re.compile(r"^\s*(?:(?P<bullet>[-•*–])|(?P<number>\d{1,2})[.)])\s+(?P<text>\S.*)$")
FRONT_BLOCKS = 3  # byline and dateline are looked for among the first blocks after the title
HEADING_MAX_WORDS = 16
CAPTION_CUE_MAX_WORDS = 40
CAPTION_MAX_WORDS = 20
NEIGHBOUR_MIN_WORDS = 40
QUOTE_MIN_WORDS = 25
TITLE_SEARCH = 3  # how many blocks from the top may precede the title


@dataclass(frozen=True)
class Furniture:
    pattern: re.Pattern[str]
    reason: str
    where: str = "anywhere"
    opens: str = ""
    metadata: tuple[str, ...] = ()


def load_boilerplate(path: Path) -> tuple[Furniture, ...]:
    """Reads and checks a furniture pattern file; a mistake gives file:line and a hint."""
    data = load_yaml(path)
    items = data.get("patterns") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise EditionError(Problem(str(path), 1, "expected a list under 'patterns:'"))
    found: list[Furniture] = []
    problems: list[Problem] = []
    for item in items:
        line = item.get("__line__", 0) if isinstance(item, dict) else 0
        try:
            pattern = re.compile(item["pattern"], re.IGNORECASE)
            furniture = Furniture(pattern, str(item["reason"]), item.get("where", "anywhere"),
                                  item.get("opens", ""), tuple(item.get("metadata", ())))
        except (TypeError, KeyError, re.error) as exc:
            problems.append(Problem(str(path), line, f"bad furniture pattern: {exc}",
                                    "each entry needs a valid regular expression `pattern` and a `reason`"))
            continue
        if furniture.where not in ("anywhere", "comment-form") or \
                any(name not in pattern.groupindex for name in furniture.metadata):
            problems.append(Problem(str(path), line, "bad furniture pattern: `where` must be anywhere or "
                                    "comment-form, and every `metadata` name a named group of the pattern"))
            continue
        found.append(furniture)
    if problems:
        raise EditionError(problems)
    return tuple(found)


@lru_cache(maxsize=1)
def boilerplate() -> tuple[Furniture, ...]:
    """The furniture patterns (data, see web_boilerplate.yml)."""
    return load_boilerplate(BOILERPLATE_FILE)


def normalise(text: str) -> str:
    """White space as a reader sees it: non-breaking spaces are spaces, runs collapse."""
    return re.sub(r"\s+", " ", re.sub(f"[{NBSP}]", " ", text)).strip()


def match_furniture(text: str, in_comment_form: bool) -> tuple[Furniture, re.Match[str]] | None:
    for item in boilerplate():
        if item.where == "comment-form" and not in_comment_form:
            continue
        match = item.pattern.fullmatch(text)
        if match:
            return item, match
    return None


def word_count(text: str) -> int:
    return len(text.split())


def ends_with_punctuation(text: str) -> bool:
    return text.rstrip().rstrip(CLOSING_QUOTES).endswith(FINAL_PUNCT)


def looks_like_heading(text: str) -> bool:
    """Rule 5 (but for "followed by more text", which needs the neighbours)."""
    question = text.rstrip().endswith("?")  # "What Did Putin Want?" is a heading
    if not text or word_count(text) > HEADING_MAX_WORDS or (ends_with_punctuation(text) and not question):
        return False
    if text.startswith(("-", "*", "•", "[", "(")):
        return False
    return is_title_case(re.sub(r"[«»]", "", text))


def has_picture_cue(text: str) -> bool:
    return bool(PICTURE_CUE_RE.search(text) or YEAR_LEAD_RE.match(text))


def speaks_in_person(text: str) -> bool:
    """First or second person outside quotation marks (the article's own voice)."""
    return bool(PERSON_RE.search(QUOTED_RE.sub(" ", text)))


def is_interstitial_caption(text: str, before: str | None, after: str | None) -> bool:
    """Rule 6b: a short line set between two long body paragraphs."""
    if before is None or after is None:
        return False
    if word_count(text) > CAPTION_MAX_WORDS or text.rstrip().endswith((":", ",")):
        return False
    if text.startswith(("[", "(")) or not text[:1].isupper() and not text[:1].isdigit():
        return False
    if speaks_in_person(text):
        return False
    return word_count(before) >= NEIGHBOUR_MIN_WORDS and word_count(after) >= NEIGHBOUR_MIN_WORDS


def list_lines(block: RawBlock) -> list[re.Match[str]] | None:
    """The items of a block whose every line is a list line ("- …", "• …", "1. …")."""
    matches = [LIST_LINE_RE.match(line) for line in block.lines]
    if all(matches) and len({bool(m.group("number")) for m in matches}) == 1:
        return matches  # type: ignore[return-value]
    return None


def split_display_quote(text: str) -> tuple[str, str] | None:
    """Rule 7: (lead-in, quotation) when a paragraph ends with a long quotation."""
    match = DISPLAY_QUOTE_RE.match(text)
    if not match or word_count(match.group("quote")) < QUOTE_MIN_WORDS:
        return None
    lead = f"{match.group('lead')} {match.group('intro').strip()}".strip()
    return lead, match.group("quote").strip() + match.group("tail")


def same_title(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return re.sub(r"[\W_]+", " ", normalise(s).casefold()).strip()
    return key(a) == key(b)


class _Reader:
    def __init__(self, entry: CatalogEntry, text: str, path: str):
        self.entry, self.text, self.path = entry, text, path
        self.report: list[ReportEntry] = []
        self.metadata: list[tuple[str, str]] = []

    def log(self, action: str, reason: str, line: int, text: str, detail: str = "") -> None:
        self.report.append(ReportEntry(action, reason, line, text, detail))

    def remove_furniture(self, blocks: list[RawBlock]) -> list[tuple[RawBlock, str]]:
        kept: list[tuple[RawBlock, str]] = []
        in_form = False
        for block in blocks:
            text = normalise(" ".join(block.lines))
            found = match_furniture(text, in_form)
            if found is None:
                if in_form:
                    self.log("flagged", "text after the comment form (kept; a comment?)",
                             block.first_line, text[:60])
                kept.append((block, text))
                continue
            item, match = found
            in_form = in_form or item.opens == "comment-form"
            detail = ""
            for name in item.metadata:
                value = (match.group(name) or "").strip()
                if value:
                    self.metadata.append((name, value))
                    detail += f"{name}: {value}; "
            self.log("removed", item.reason, block.first_line, text, detail.rstrip("; "))
        return kept

    def read(self) -> Document:
        nbsp = len(re.findall(f"[{NBSP}]", self.text))
        blocks = self.remove_furniture(split_blocks(self.text))
        if not blocks:
            raise EditionError(Problem(self.path, 1, "no text found after removing site furniture",
                                       "a web-article source starts with the article's title"))
        if nbsp:
            # no source words in `text`: the conservation audit counts report texts as source words
            self.log("repaired", "non-breaking spaces made ordinary spaces", 0, "", f"{nbsp} characters")
        # The catalog's title is authoritative: short blocks before it (within the first
        # few) are furniture no pattern knows yet; they are removed and reported.
        at = next((i for i, (_, text) in enumerate(blocks[:TITLE_SEARCH])
                   if self.entry.title and same_title(text, self.entry.title)), 0)
        for block, text in blocks[:at]:
            self.log("removed", "text before the article's title (site furniture)", block.first_line, text)
        del blocks[:at]
        title_block, title = blocks.pop(0)
        self.log("recognised", "title", title_block.first_line, title)
        if self.entry.title and not same_title(title, self.entry.title):
            self.log("flagged", "title in the text differs from the catalog", title_block.first_line,
                     title, f"catalog: {self.entry.title}")
            self.metadata.append(("title in the text", title))  # shown, so nothing is lost
        body = self.read_body(blocks)
        return Document(id=self.entry.id, title=self.entry.title or title,
                        authors=tuple(self.entry.authors), entry=self.entry, blocks=tuple(body),
                        report=tuple(self.report), metadata=tuple(self.metadata))

    def read_body(self, blocks: list[tuple[RawBlock, str]]) -> list[Block]:
        kinds: list[str] = []
        for index, (block, text) in enumerate(blocks):
            single = len(block.lines) == 1
            has_next = index + 1 < len(blocks)
            if single and index < FRONT_BLOCKS and BYLINE_RE.match(text):
                kinds.append("byline")
            elif single and index < FRONT_BLOCKS and DATELINE_RE.match(text):
                kinds.append("dateline")
            elif list_lines(block) and (len(block.lines) > 1 or text[:1] in "-•*–"):
                kinds.append("list")
            elif single and has_next and looks_like_heading(text):
                kinds.append("heading")
            elif single and has_picture_cue(text) and word_count(text) <= CAPTION_CUE_MAX_WORDS:
                kinds.append("caption")
            else:
                kinds.append("paragraph")
        # Rule 6b needs the neighbours' kinds: only body paragraphs frame a caption.
        for index, (block, text) in enumerate(blocks):
            if kinds[index] != "paragraph" or len(block.lines) != 1:
                continue
            before = blocks[index - 1][1] if index > 0 and kinds[index - 1] == "paragraph" else None
            after = (blocks[index + 1][1] if index + 1 < len(blocks) and kinds[index + 1] == "paragraph"
                     else None)
            if is_interstitial_caption(text, before, after):
                kinds[index] = "caption"
        out: list[Block] = []
        for (block, text), kind in zip(blocks, kinds):
            prov = Provenance(block.first_line, block.last_line)
            if kind in ("byline", "dateline"):
                out.append(Paragraph(parse_inlines(text, superscript_calls=False), role=kind, provenance=prov))
                value = BYLINE_RE.match(text).group("name") if kind == "byline" else text
                self.metadata.append((kind, value))
                self.log("recognised", kind, block.first_line, text)
                if kind == "byline" and not self.entry.authors:
                    self.log("flagged", "the text names an author; the catalog says unknown",
                             block.first_line, value)
            elif kind == "list":
                items = tuple(ListItem((Paragraph(parse_inlines(m.group("text"), superscript_calls=False)),))
                              for m in list_lines(block))
                ordered = bool(list_lines(block)[0].group("number"))
                if out and isinstance(out[-1], ListBlock) and out[-1].ordered == ordered and \
                        out[-1].provenance and out[-1].provenance.last_line < block.first_line:
                    previous = out.pop()  # one list, even when its items stand apart
                    out.append(ListBlock(previous.items + items, ordered,
                                         provenance=Provenance(previous.provenance.first_line, block.last_line)))
                else:
                    out.append(ListBlock(items, ordered, provenance=prov))
                self.log("recognised", "list", block.first_line, text[:60], f"{len(items)} items")
            elif kind == "heading":
                out.append(Heading(2, parse_inlines(text, superscript_calls=False), provenance=prov))
                self.log("recognised", "heading", block.first_line, text)
            elif kind == "caption":
                out.append(Paragraph(parse_inlines(text, superscript_calls=False), role="caption",
                                     provenance=prov))
                self.log("recognised", "picture caption", block.first_line, text[:60])
            else:
                split = split_display_quote(text)
                if split:
                    lead, quote = split
                    out.append(Paragraph(parse_inlines(lead, superscript_calls=False), provenance=prov))
                    out.append(BlockQuote((Paragraph(parse_inlines(quote, superscript_calls=False)),),
                                          provenance=prov))
                    self.log("recognised", "display quotation (set apart; its quotation marks dropped)",
                             block.first_line, quote[:60])
                else:
                    out.append(Paragraph(parse_inlines(text, superscript_calls=False), provenance=prov))
        return out


def read(entry: CatalogEntry, text: str, path: str) -> Document:
    return _Reader(entry, text, path).read()
