"""Adapter for the kind "chapter-endnotes": an OCR'd book chapter with numbered endnotes.

What it recognises, in order (each rule in text_rules.py or below, each reported):
- page furniture: lines that are only a page or chapter number are dropped;
- title (first block) and author (next short name-like block), kept as metadata;
- an editor's preface under a heading such as "From the Editor" (its length in
  paragraphs is `preface_paragraphs` in the catalog, default 1);
- section headings: short title-case lines without final punctuation;
- verse (short lines, each starting with a capital) and marked lists ("- Yes—to …");
- paragraphs split by a page break are joined again; hard-wrapped lines unwrapped;
  end-of-line hyphenation repaired;
- superscript digits are note calls; the block headed "Notes" holds the endnotes
  "N. text", a note may continue over a page break or in a new paragraph.
"""
from __future__ import annotations

import re
from collections import Counter

from ..errors import EditionError, Problem
from ..inlines import note_calls
from ..model import (Block, CatalogEntry, Document, Heading, ListBlock, ListItem, Note,
                     Paragraph, Provenance, ReportEntry, Verse)
from ..text_rules import (RawBlock, ends_sentence, hyphenated_pairs, join_hyphenated,
                          looks_like_heading, parse_inlines, split_blocks, starts_lowercase,
                          unwrap, vocabulary)

PAGE_NUMBER_RE = re.compile(r"^\s*(\d{1,4}|[ivxlcdm]{1,6})\s*$", re.IGNORECASE)
NOTES_HEADING_RE = re.compile(r"^\s*(Notes|Endnotes|Notes and References)\s*$", re.IGNORECASE)
NOTE_START_RE = re.compile(r"^(\d{1,4})\.\s+")
PREFACE_HEADING_RE = re.compile(r"^\s*(From the Editor|Editor's (Note|Preface|Introduction)|"
                                r"Editorial Note|Preface)\s*$", re.IGNORECASE)
LIST_MARKER_RE = re.compile(r"^\s*[-•–]\s+")
AUTHOR_RE = re.compile(r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,4}$")


class _Reader:
    def __init__(self, entry: CatalogEntry, text: str, path: str):
        self.entry = entry
        self.path = path
        self.text = text
        self.vocab: Counter[str] = vocabulary(text)
        self.compounds = hyphenated_pairs(text)
        self.report: list[ReportEntry] = []
        self.problems: list[Problem] = []

    # -------------------------------------------------------------- helpers
    def log(self, action: str, reason: str, line: int, text: str, detail: str = "") -> None:
        self.report.append(ReportEntry(action, reason, line, text, detail))

    def log_hyphen(self, line: int, pair: str) -> None:
        left, right = pair.split("|")
        self.log("repaired", "end-of-line hyphenation", line, f"{left}{right}", f"{left[:-1]}{right}")

    def unwrap_block(self, block: RawBlock) -> str:
        joined, repairs = unwrap(block.lines, self.vocab, self.compounds)
        if len(block.lines) > 1:
            self.log("joined", "hard-wrapped lines unwrapped", block.first_line,
                     f"{len(block.lines)} lines", f"lines {block.first_line}–{block.last_line}")
        for offset, pair in repairs:
            self.log_hyphen(block.first_line + offset, pair)
        return joined

    def join_across_break(self, left: str, right: str, line: int) -> str:
        """Joins a paragraph split by a page break, repairing a hyphen at the break."""
        if re.search(r"[^\W\d_]-$", left) and right[:1].isalpha():
            joined, kept = join_hyphenated(left, right, self.vocab, self.compounds)
            if not kept:
                left_word = left.rsplit(" ", 1)[-1]
                right_word = right.split(" ", 1)[0]
                self.log("repaired", "hyphenation across a page break", line,
                         f"{left_word}{right_word}", f"{left_word[:-1]}{right_word}")
            return joined
        return f"{left} {right}"

    # ------------------------------------------------------------ structure
    def drop_furniture(self, blocks: list[RawBlock]) -> list[RawBlock]:
        kept = []
        for block in blocks:
            if len(block.lines) == 1 and PAGE_NUMBER_RE.match(block.lines[0]):
                self.log("removed", "page furniture (page or chapter number)", block.first_line,
                         block.lines[0].strip())
            else:
                kept.append(block)
        return kept

    def read(self) -> Document:
        blocks = self.drop_furniture(split_blocks(self.text))
        if not blocks:
            raise EditionError(Problem(self.path, 1, "no text found after removing page numbers"))
        notes_at = next((i for i, b in enumerate(blocks)
                         if len(b.lines) == 1 and NOTES_HEADING_RE.match(b.lines[0])), None)
        if notes_at is None:
            # Without notes, any superscript call is reported by link_calls.
            self.log("flagged", "no 'Notes' section found: the chapter has no notes", 0, "")
            body_blocks, note_blocks = blocks, []
        else:
            body_blocks, note_blocks = blocks[:notes_at], blocks[notes_at + 1:]
            self.log("removed", "heading of the notes section (the notes are rendered as notes)",
                     blocks[notes_at].first_line, blocks[notes_at].lines[0].strip())
        if not body_blocks:
            raise EditionError(Problem(self.path, blocks[0].first_line, "no title or text before the 'Notes' heading",
                                       "a chapter starts with its title, then the author and the text"))
        title_block = body_blocks.pop(0)
        title = " ".join(line.strip() for line in title_block.lines)
        self.log("recognised", "title", title_block.first_line, title)
        authors = self.entry.authors
        if body_blocks and len(body_blocks[0].lines) == 1 and AUTHOR_RE.match(body_blocks[0].lines[0].strip()):
            author_block = body_blocks.pop(0)
            self.log("recognised", "author", author_block.first_line, author_block.lines[0].strip())
            authors = authors or (author_block.lines[0].strip(),)
        body = self.read_body(body_blocks)
        notes = self.read_notes(note_blocks)
        self.link_calls(body, notes)
        if self.problems:
            raise EditionError(self.problems)
        return Document(id=self.entry.id, title=self.entry.title or title, authors=tuple(authors),
                        entry=self.entry, blocks=tuple(body), notes=tuple(notes),
                        report=tuple(self.report))

    def read_body(self, blocks: list[RawBlock]) -> list[Block]:
        result: list[Block] = []
        preface_left = 0
        preface_size = int(self.entry.fact("preface_paragraphs", 1) or 1)
        pending: tuple[str, int, int] | None = None  # paragraph text, first line, last line

        def flush() -> None:
            nonlocal pending, preface_left
            if pending is None:
                return
            text, first, last = pending
            role = ""
            if preface_left > 0:
                role = "preface"
                preface_left -= 1
            result.append(Paragraph(parse_inlines(text), role=role, provenance=Provenance(first, last)))
            pending = None

        for block in blocks:
            prov = Provenance(block.first_line, block.last_line)
            first_line = block.lines[0]
            if looks_like_heading(block) and not (pending and not ends_sentence(pending[0])
                                                   and starts_lowercase(first_line)):
                flush()
                heading = first_line.strip()
                result.append(Heading(2, parse_inlines(heading), provenance=prov))
                if PREFACE_HEADING_RE.match(heading):
                    preface_left = preface_size
                    self.log("recognised", "editor's preface", block.first_line, heading)
                continue
            if LIST_MARKER_RE.match(first_line):
                flush()
                result.append(self.read_list(block))
                continue
            if self.is_verse(block):
                flush()
                lines = tuple(parse_inlines(line.strip()) for line in block.lines)
                result.append(Verse(lines, provenance=prov))
                self.log("recognised", "verse (line breaks kept)", block.first_line,
                         block.lines[0].strip(), f"{len(block.lines)} lines")
                continue
            text = self.unwrap_block(block)
            if pending is not None and not ends_sentence(pending[0]):
                self.log("joined", "paragraph split by a page break", block.first_line,
                         f"…{pending[0][-30:]} + {text[:30]}…",
                         f"lines {pending[2]} and {block.first_line}")
                pending = (self.join_across_break(pending[0], text, pending[2]), pending[1], block.last_line)
                continue
            flush()
            pending = (text, block.first_line, block.last_line)
        flush()
        return result

    def is_verse(self, block: RawBlock) -> bool:
        """Short lines that each start with a capital: a poem, not hard-wrapped prose."""
        lines = [line.strip() for line in block.lines]
        if len(lines) < 2 or any(len(line) > 60 for line in lines):
            return False
        if any(re.search(r"[^\W\d_]-$", line) for line in lines):
            return False
        return all(line[:1].isupper() for line in lines)

    def read_list(self, block: RawBlock) -> ListBlock:
        """A marked list; items start at a marker, or at a capitalised line when only
        the first item is marked (the OCR dropped the other markers)."""
        marked_lines = sum(1 for line in block.lines if LIST_MARKER_RE.match(line))
        items: list[list[str]] = []
        for line in block.lines:
            starts_item = bool(LIST_MARKER_RE.match(line)) or (
                marked_lines == 1 and line.strip()[:1].isupper())
            content = LIST_MARKER_RE.sub("", line).strip()
            if starts_item or not items:
                items.append([content])
            else:
                items[-1].append(content)
        self.log("recognised", "list", block.first_line, block.lines[0].strip(), f"{len(items)} items")
        list_items = []
        for item_lines in items:
            text, repairs = unwrap(item_lines, self.vocab, self.compounds)
            for _, pair in repairs:
                self.log_hyphen(block.first_line, pair)
            list_items.append(ListItem((Paragraph(parse_inlines(text)),)))
        return ListBlock(tuple(list_items), provenance=Provenance(block.first_line, block.last_line))

    # ---------------------------------------------------------------- notes
    def read_notes(self, blocks: list[RawBlock]) -> list[Note]:
        notes: list[tuple[str, list[str], int, int]] = []  # label, paragraphs, first, last
        seen: dict[str, int] = {}
        for block in blocks:
            text = self.unwrap_block(block)
            match = NOTE_START_RE.match(text)
            expected = int(notes[-1][0]) + 1 if notes else 1
            if match and (int(match.group(1)) == expected or not notes or not notes[-1][1]
                          or ends_sentence(notes[-1][1][-1])):
                label = str(int(match.group(1)))
                if label in seen:
                    self.problems.append(Problem(self.path, block.first_line,
                                                 f"note {label} is numbered twice (first at line {seen[label]})",
                                                 "record an editorial correction of the note's number"))
                elif int(label) != expected:
                    self.problems.append(Problem(self.path, block.first_line,
                                                 f"note {label} follows note {expected - 1}: expected note {expected}",
                                                 "check the OCR of the note numbers; a lost note "
                                                 "must be restored by an editorial correction"))
                seen[label] = block.first_line
                notes.append((label, [text[match.end():]], block.first_line, block.last_line))
                continue
            if not notes:
                self.problems.append(Problem(self.path, block.first_line,
                                             "text after the 'Notes' heading that is not a numbered note",
                                             "notes must start with their number, e.g. '1. '"))
                continue
            label, paragraphs, first, _ = notes[-1]
            if ends_sentence(paragraphs[-1]) and not starts_lowercase(text):
                paragraphs.append(text)
                self.log("recognised", f"note {label} continues in a new paragraph", block.first_line, text[:40])
            else:
                self.log("joined", f"note {label} split by a page break", block.first_line,
                         f"…{paragraphs[-1][-30:]} + {text[:30]}…")
                paragraphs[-1] = self.join_across_break(paragraphs[-1], text, block.first_line - 1)
            notes[-1] = (label, paragraphs, first, block.last_line)
        return [Note(label, tuple(Paragraph(parse_inlines(p, superscript_calls=False)) for p in paras),
                     provenance=Provenance(first, last))
                for label, paras, first, last in notes]

    def link_calls(self, body: list[Block], notes: list[Note]) -> None:
        """Every call needs a note; a note without a call is kept and flagged."""
        from ..inlines import block_inlines

        labels = {note.label for note in notes}
        called: dict[str, int] = {}
        for block in body:
            for run in block_inlines(block):
                for label in note_calls(run):
                    line = block.provenance.first_line if block.provenance else 0
                    if label not in labels:
                        self.problems.append(Problem(self.path, line,
                                                     f"note call {label} has no note in the Notes section",
                                                     "check the OCR of the superscript, or restore the note"))
                    elif label in called:
                        self.log("flagged", f"note {label} is called twice", line, label,
                                 f"first call at line {called[label]}")
                    called.setdefault(label, line)
        for index, note in enumerate(notes):
            if note.label not in called:
                notes[index] = Note(note.label, note.blocks, note.anchor, ("call-missing",), note.provenance)
                line = note.provenance.first_line if note.provenance else 0
                self.log("flagged", f"note {note.label} has no call in the text (lost in the source); "
                         "kept in its place", line, f"{note.label}.")


def read(entry: CatalogEntry, text: str, path: str) -> Document:
    return _Reader(entry, text, path).read()
