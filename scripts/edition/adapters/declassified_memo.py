"""Adapter for the kind "declassified-memo": a typed government memo released with
classification markings, redactions and archive control codes (e.g. a CIA CREST scan).

Rules, in the order they run (each one generic, each action reported):

1. **Furniture lines** are removed from the text and kept in `Document.metadata`:
   - archive release stamps ("Approved For Release 2001/08/30 : CIA-RDP78-…");
   - classification banners: a line that is only a classification word, in any of the
     spellings scans produce (`~~SECRET~~`, `S-E-C-R-E-T`, `~~S E C R E T~~`,
     `TOP SECRET`, `CONFIDENTIAL` …), optionally struck through (`~~…~~`) or bold;
   - stray bullets: a line that is only `•` (scan residue);
   - control codes: archive/declassification codes such as `25X1A2d2`, `25X1X7`
     (FOIA exemption codes `25X…`/`50X…`), as a line of their own or inside a line;
   - footnote separators: a line of `---`, `***` or `___` (Markdown residue).
2. **Pages**: the banners (and release stamps) delimit the pages of the original: a run of banner lines
   between two stretches of text is a page break. Pages are numbered 1, 2 … from the
   top of the source; each page start becomes a `PageMarker` inline at the first
   paragraph that begins on, or runs into, that page. A source without banners has no
   page structure and gets no markers.
3. **Zones**: the *title page* is the first page whose every block is one short line
   (at most 8 words) and which has at least three such blocks; pages before it are the
   *transmittal cover note*, pages after it the *body*. Without a title page everything
   is body. From the title page: a date ("23 July 1957") → `date`, a lone year and a
   number line (`- V -`, `No. 5`) → part of the series, the line matching the memo's
   title → `title`, the remaining lines → `series`. From the cover note:
   `SUBJECT :`, `MEMORANDUM FOR:`, `FROM:` … lines (with their indented continuation
   lines) → metadata (the lines stay in the text); a memo without a title page may open
   its body with such header lines (role "memo-header").
4. **Body**: a first all-capitals block is the body's heading. A paragraph that does
   not end a sentence at a page end continues on the next page (the page marker goes
   where the page begins). `N. ` with the next expected number opens a numbered
   section (`NumberedSection`, number kept); `a. ` (also `- a. `) with the next
   expected letter is a lettered sub-item (a `ListItem(label="a")` in a `ListBlock`
   inside the section); `(1). ` / `(1) ` inside a lettered item is a nested item.
   Other paragraphs belong to the current section. A paragraph that is entirely a
   quotation (opens with a quotation mark and ends with its closing mark, perhaps
   followed by a short parenthetical source) is a `BlockQuote`.
5. **Footnotes**: a block starting with escaped asterisks (`\\*`, `\\*\\*`) is the note
   labelled `*` / `**`; the same escaped asterisks right after a word are its call.
6. **Inline**: `[REDACTED]` becomes a `Redaction`; `**…**` is bold; `\\*` never
   leaks as a stray character.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..errors import EditionError, Problem
from ..model import (Block, BlockQuote, CatalogEntry, Document, Heading, Inline, Note, Paragraph,
                     Provenance, ReportEntry)
from ..text_rules import ends_sentence, hyphenated_pairs, join_hyphenated, unwrap, vocabulary
from .memo_rules import (BULLET_RE, CONTROL_INLINE_RE, CONTROL_LINE_RE, FIELD_RE, FOOTNOTE_RE, LETTERED_RE,
                         LIST_LINE_RE, NUMBERED_RE, NUMBER_LINE_RE, PAGE_MARK,
                         REDACTED_RE, RELEASE_RE, SEPARATOR_RE, SUBNUMBER_RE, YEAR_RE,
                         bare_footnote_labels, inlines_of, is_banner, is_full_quotation,
                         iso_date, smart_title, starts_paragraph, strip_markup)
from .memo_sections import SectionBuilder

# --------------------------------------------------------------------- reader
@dataclass
class _Block:
    lines: list[str]
    first: int
    last: int
    page: int

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class _Para:
    """An assembled paragraph: text with page sentinels, its lines and first page."""
    text: str
    first: int
    last: int
    page: int


class _Reader:
    def __init__(self, entry: CatalogEntry, text: str, path: str):
        self.entry, self.text, self.path = entry, text, path
        self.report: list[ReportEntry] = []
        self.problems: list[Problem] = []
        self.metadata: list[tuple[str, str]] = []
        self.vocab = vocabulary(text)
        self.compounds = hyphenated_pairs(text)
        self.marked_pages: set[int] = set()
        self.bare_labels = bare_footnote_labels(text)

    def inl(self, text: str) -> tuple[Inline, ...]:
        return inlines_of(text, self.bare_labels)

    def is_footnote(self, text: str) -> bool:
        match = FOOTNOTE_RE.match(text)
        return bool(match) and ("\\" in match.group("stars") or match.group("stars") in self.bare_labels)

    def log(self, action: str, reason: str, line: int, text: str, detail: str = "") -> None:
        self.report.append(ReportEntry(action, reason, line, text, detail))

    # ------------------------------------------------------------- pass 1
    def scan(self) -> tuple[list[_Block], bool]:
        """Removes furniture lines and splits the rest into blocks that know their page."""
        blocks: list[_Block] = []
        current: _Block | None = None
        page, seen_text, break_pending, has_banners = 1, False, False, False
        banners: Counter[str] = Counter()
        stamps: Counter[str] = Counter()
        codes: list[str] = []

        def close() -> None:
            nonlocal current
            if current is not None:
                blocks.append(current)
                current = None

        for number, raw in enumerate(self.text.split("\n"), 1):
            line = raw.rstrip()
            if not line.strip():
                close()
                continue
            if is_banner(line) or BULLET_RE.match(line) or RELEASE_RE.match(line):
                close()
                if BULLET_RE.match(line):
                    self.log("removed", "stray bullet (scan residue)", number, line.strip())
                elif RELEASE_RE.match(line):
                    has_banners = True
                    stamps[line.strip()] += 1
                    self.log("removed", "declassification release stamp", number, line.strip())
                else:
                    has_banners = True
                    banners[line.strip().lstrip("•· ").strip()] += 1
                    self.log("removed", "classification banner", number, line.strip())
                if seen_text:
                    break_pending = True
                continue
            if break_pending:
                page, seen_text, break_pending = page + 1, False, False
                close()
            seen_text = True
            if CONTROL_LINE_RE.match(line):
                close()
                codes.append(line.strip())
                self.log("removed", "control code", number, line.strip(), f"page {page}")
                continue
            if SEPARATOR_RE.match(line):
                close()
                self.log("removed", "footnote separator (Markdown residue)", number, line.strip())
                continue
            for code in CONTROL_INLINE_RE.findall(line):
                codes.append(code)
                self.log("removed", "control code", number, code, f"inside line, page {page}")
            line = CONTROL_INLINE_RE.sub("", line)
            if current is not None and starts_paragraph(line) and \
                    (ends_sentence(current.lines[-1]) or current.lines[-1].rstrip().endswith(":")):
                close()  # a numbered or lettered paragraph starts on a line of its own
            if current is None:
                current = _Block([line], number, number, page)
            else:
                current.lines.append(line)
                current.last = number
        close()
        for banner, count in sorted(banners.items()):
            self.metadata.append(("classification banner", f"{banner} (×{count})"))
        for stamp, count in sorted(stamps.items()):
            self.metadata.append(("release stamp", f"{stamp} (×{count})"))
        for code in codes:
            self.metadata.append(("control code", code))
        if has_banners:
            self.metadata.append(("pages (by the banners)", str(page)))
            archive = self.entry.fact("archive", {})
            declared = str(archive.get("pages", "")) if isinstance(archive, dict) else ""
            if declared.isdigit() and int(declared) != page:
                self.log("flagged", "page count differs from the catalog", 0, f"{page} pages",
                         f"catalog says {declared}; page markers follow the source's banners")
        return blocks, has_banners

    # ------------------------------------------------------------- zones
    @staticmethod
    def is_title_page(blocks: list[_Block]) -> bool:
        return len(blocks) >= 3 and all(
            len(b.lines) == 1 and len(strip_markup(b.lines[0]).split()) <= 8
            and not NUMBERED_RE.match(strip_markup(b.lines[0])) for b in blocks)

    def zones(self, blocks: list[_Block]) -> tuple[list[_Block], list[_Block], list[_Block]]:
        pages = sorted({b.page for b in blocks})
        for page in pages:
            on_page = [b for b in blocks if b.page == page]
            if self.is_title_page(on_page):
                return ([b for b in blocks if b.page < page], on_page,
                        [b for b in blocks if b.page > page])
        return [], [], blocks

    def page_mark(self, page: int, has_pages: bool) -> str:
        if not has_pages or page in self.marked_pages:
            return ""
        self.marked_pages.add(page)
        return PAGE_MARK.format(page)

    def unwrap(self, block: _Block) -> str:
        text, repairs = unwrap(block.lines, self.vocab, self.compounds)
        for offset, pair in repairs:
            left, right = pair.split("|")
            self.log("repaired", "end-of-line hyphenation", block.first + offset, f"{left}{right}",
                     f"{left[:-1]}{right}")
        return text

    @staticmethod
    def split_fields(blocks: list[_Block]) -> list[_Block]:
        """Header fields ("SUBJECT: …") become blocks of their own, each with its indented
        continuation lines; the other lines of a block stay together."""
        split: list[_Block] = []
        for block in blocks:
            current: _Block | None = None
            for offset, line in enumerate(block.lines, block.first):
                is_field = bool(FIELD_RE.match(line))
                continues = (current is not None and current.lines and FIELD_RE.match(current.lines[0])
                             and line[:1].isspace() and not is_field)
                if current is None or is_field or (FIELD_RE.match(current.lines[0]) and not continues):
                    if current is not None:
                        split.append(current)
                    current = _Block([line], offset, offset, block.page)
                else:
                    current.lines.append(line)
                    current.last = offset
            if current is not None:
                split.append(current)
        return split

    def header_paragraphs(self, blocks: list[_Block], has_pages: bool, role: str) -> list[Block]:
        out: list[Block] = []
        for block in self.split_fields(blocks):
            text = self.unwrap(block)
            match = FIELD_RE.match(text)
            if match:
                self.metadata.append((match.group("key").lower(), match.group("value").strip()))
            mark = self.page_mark(block.page, has_pages)
            out.append(Paragraph(self.inl(mark + text), role=role,
                                 provenance=Provenance(block.first, block.last)))
        return out

    def cover_note(self, blocks: list[_Block], has_pages: bool) -> list[Block]:
        out = self.header_paragraphs(blocks, has_pages, "cover-note")
        if blocks:
            self.log("recognised", "transmittal cover note", blocks[0].first,
                     strip_markup(blocks[0].lines[0])[:60], f"{len(blocks)} blocks")
        return out

    def title_page(self, blocks: list[_Block], has_pages: bool, body_title: str) -> tuple[list[Block], str]:
        out: list[Block] = []
        series: list[str] = []
        year = number = title = ""
        for block in blocks:
            line = strip_markup(block.lines[0])
            date = iso_date(line)
            if date:
                self.metadata.append(("date", date))
            elif YEAR_RE.match(line):
                year = line
            elif NUMBER_LINE_RE.match(line):
                m = NUMBER_LINE_RE.match(line)
                number = m.group("roman") or m.group("no")
            elif body_title and line.lower() == body_title.lower():
                title = smart_title(line)
            elif not title:
                series.append(smart_title(line))
            else:
                self.metadata.append(("title page", line))
            mark = self.page_mark(block.page, has_pages)
            out.append(Paragraph(self.inl(mark + block.lines[0].strip()), role="title-page",
                                 provenance=Provenance(block.first, block.last)))
        if series:
            name = " ".join(series) + (f" {year}" if year else "") + (f" – {number}" if number else "")
            self.metadata.append(("series", name))
        if number:
            self.metadata.append(("number in series", number))
        if title:
            self.metadata.append(("title", title))
        if blocks:
            self.log("recognised", "title page", blocks[0].first, strip_markup(blocks[0].lines[0]),
                     "; ".join(f"{k}: {v}" for k, v in self.metadata if k in ("series", "date", "title")))
        return out, title

    # ------------------------------------------------------------- body
    def split_list_lines(self, blocks: list[_Block]) -> list[_Block]:
        """A block whose every line is a list line (`- a. …`) is one block per line."""
        out = []
        for block in blocks:
            if len(block.lines) > 1 and all(LIST_LINE_RE.match(line) for line in block.lines):
                for offset, line in enumerate(block.lines):
                    out.append(_Block([line], block.first + offset, block.first + offset, block.page))
            else:
                out.append(block)
        return out

    def assemble(self, blocks: list[_Block], has_pages: bool) -> tuple[list[_Para], list[_Block]]:
        """Joins paragraphs split by a page break; separates the footnotes."""
        paras: list[_Para] = []
        notes: list[_Block] = []
        for block in self.split_list_lines(blocks):
            if self.is_footnote(block.text):
                notes.append(block)
                continue
            text = self.unwrap(block)
            if paras and paras[-1].page != block.page and not ends_sentence(paras[-1].text) \
                    and not (NUMBERED_RE.match(text) or LETTERED_RE.match(text) or SUBNUMBER_RE.match(text)):
                prev = paras[-1]
                mark = self.page_mark(block.page, has_pages)
                left = prev.text
                if re.search(r"[^\W\d_]-$", left) and text[:1].isalpha():
                    joined, _ = join_hyphenated(left, text, self.vocab, self.compounds)
                    joined = joined[:len(left) - 1] + mark + joined[len(left) - 1:] if mark else joined
                else:
                    joined = f"{left} {mark}{text}" if mark else f"{left} {text}"
                self.log("joined", "paragraph split by a page break", block.first,
                         f"…{prev.text[-30:]} + {text[:30]}…", f"lines {prev.last} and {block.first}")
                prev.text, prev.last = joined, block.last
                continue
            mark = self.page_mark(block.page, has_pages)
            paras.append(_Para(mark + text, block.first, block.last, block.page))
        return paras, notes

    def body(self, blocks: list[_Block], has_pages: bool) -> tuple[list[Block], list[_Block]]:
        out: list[Block] = []
        if blocks and self.is_heading(blocks[0]):
            head = blocks.pop(0)
            text = " ".join(line.strip() for line in head.lines)
            out.append(Heading(2, self.inl(text), provenance=Provenance(head.first, head.last)))
            self.log("recognised", "heading of the body", head.first, text)
            date = iso_date(text)
            if date and ("date", date) not in self.metadata:
                self.metadata.append(("date", date))
        # A memo without a title page may open with its header fields (MEMORANDUM FOR:,
        # SUBJECT: …) before the first numbered paragraph.
        header: list[_Block] = []
        while blocks and FIELD_RE.match(blocks[0].lines[0]):
            header.append(blocks.pop(0))
        if header:
            out += self.header_paragraphs(header, has_pages, "memo-header")
            self.log("recognised", "memo header", header[0].first, header[0].lines[0].strip()[:60],
                     f"{len(header)} blocks")
        paras, notes = self.assemble(blocks, has_pages)
        built = SectionBuilder()
        expected_number = 1
        for para in paras:
            text = para.text
            bare = re.sub(r"\x00P\d+\x00", "", text)
            lead = re.match(r"^(?:\x00P\d+\x00)*", text).group(0)  # page marks stay in front
            rest_text = text[len(lead):]
            prov = Provenance(para.first, para.last)
            numbered = NUMBERED_RE.match(rest_text)
            lettered = LETTERED_RE.match(rest_text)
            sub = SUBNUMBER_RE.match(rest_text)
            if numbered and int(numbered.group("n")) == expected_number:
                number = numbered.group("n")
                expected_number += 1
                built.open_section(number, Paragraph(self.inl(lead + numbered.group("rest")), provenance=prov),
                                   para.first, para.last)
                self.log("recognised", f"numbered paragraph {number}", para.first, bare[:40])
            elif lettered and lettered.group("l") in (built.next_letter(), "a"):
                label = lettered.group("l")
                built.add_item(label, Paragraph(self.inl(lead + lettered.group("rest")), provenance=prov),
                               para.last)
                self.log("recognised", "lettered sub-item", para.first, f"{label}. {lettered.group('rest')[:30]}",
                         f"paragraph {built.section_number}" if built.section_number else "")
            elif sub and sub.group("n") == built.next_subitem():
                built.add_subitem(sub.group("n"), Paragraph(self.inl(lead + sub.group("rest")), provenance=prov),
                                  para.last)
                self.log("recognised", "nested sub-item", para.first, f"({sub.group('n')})",
                         f"in item {built.items[-1].label}")
            else:
                if numbered:
                    self.log("flagged", "a number out of sequence starts a paragraph; kept as text",
                             para.first, bare[:40], f"expected {expected_number}")
                if is_full_quotation(bare):
                    built.add_block(BlockQuote((Paragraph(self.inl(text)),), provenance=prov), para.last)
                    self.log("recognised", "quotation", para.first, bare[:40])
                else:
                    built.add_block(Paragraph(self.inl(text), provenance=prov), para.last)
        out += built.finish()
        return out, notes

    @staticmethod
    def is_heading(block: _Block) -> bool:
        text = " ".join(strip_markup(line) for line in block.lines)
        letters = [c for c in re.sub(r"\([^)]*\)", "", text) if c.isalpha()]
        return (len(block.lines) <= 3 and len(text.split()) <= 14 and len(letters) >= 3
                and all(c.isupper() for c in letters) and not NUMBERED_RE.match(text))

    # ------------------------------------------------------------- notes
    def read_notes(self, blocks: list[_Block]) -> list[Note]:
        notes: list[Note] = []
        seen: set[str] = set()
        for block in blocks:
            match = FOOTNOTE_RE.match(self.unwrap(block))
            label = "*" * match.group("stars").count("*")
            if label in seen:
                self.problems.append(Problem(self.path, block.first, f"footnote {label} appears twice",
                                             "record an editorial correction of the note's label"))
                continue
            seen.add(label)
            notes.append(Note(label, (Paragraph(self.inl(match.group("text"))),),
                              provenance=Provenance(block.first, block.last)))
            self.log("recognised", "footnote", block.first, label, match.group("text")[:40])
        return notes

    def link_calls(self, body: list[Block], notes: list[Note]) -> list[Note]:
        from ..inlines import block_inlines, note_calls

        labels = {n.label for n in notes}
        called: set[str] = set()
        for block in body:
            for run in block_inlines(block):
                for label in note_calls(run):
                    if label not in labels:
                        line = block.provenance.first_line if block.provenance else 0
                        self.problems.append(Problem(self.path, line, f"note call {label} has no footnote",
                                                     "a footnote starts with the same asterisks, e.g. '\\* text'"))
                    called.add(label)
        result = []
        for note in notes:
            if note.label not in called:
                note = Note(note.label, note.blocks, note.anchor, ("call-missing",), note.provenance)
                self.log("flagged", f"footnote {note.label} has no call in the text; kept",
                         note.provenance.first_line if note.provenance else 0, note.label)
            result.append(note)
        return result

    # ------------------------------------------------------------- main
    def read(self) -> Document:
        blocks, has_pages = self.scan()
        if not blocks:
            raise EditionError(Problem(self.path, 1, "no text found after removing banners and control codes",
                                       "a declassified-memo source needs text besides its markings"))
        cover, title_page, body_blocks = self.zones(blocks)
        result: list[Block] = self.cover_note(cover, has_pages)
        body_title = ""
        if body_blocks and self.is_heading(body_blocks[0]):
            body_title = strip_markup(body_blocks[0].lines[0])
        tp_blocks, title = self.title_page(title_page, has_pages, body_title)
        result += tp_blocks
        body, note_blocks = self.body(body_blocks, has_pages)
        result += body
        notes = self.link_calls(result, self.read_notes(note_blocks))
        if title and self.entry.title and \
                re.sub(r"\W+", " ", title.casefold()).strip() != re.sub(r"\W+", " ", self.entry.title.casefold()).strip():
            self.log("flagged", "title on the title page differs from the catalog", 0, title,
                     f"catalog: {self.entry.title}")
        found = [v for k, v in self.metadata if k == "date"]
        if found and self.entry.date not in ("unknown", found[0]):
            self.log("flagged", "date in the text differs from the catalog", 0, found[0],
                     f"catalog: {self.entry.date}")
        redactions = len(REDACTED_RE.findall(self.text))
        for number, line in enumerate(self.text.split("\n"), 1):
            for match in REDACTED_RE.finditer(line):
                self.log("recognised", "redaction (withheld at declassification)", number, match.group(0))
        self.metadata.append(("redactions", str(redactions)))
        if self.problems:
            raise EditionError(self.problems)
        doc_title = self.entry.title or title or (body_title.title() if body_title else self.entry.id)
        return Document(id=self.entry.id, title=doc_title, authors=tuple(self.entry.authors),
                        entry=self.entry, blocks=tuple(result), notes=tuple(notes),
                        report=tuple(self.report), metadata=tuple(self.metadata))


def read(entry: CatalogEntry, text: str, path: str) -> Document:
    return _Reader(entry, text, path).read()
