"""The one document model every adapter produces and every writer reads.

Frozen dataclasses only: enrichers return new objects instead of mutating, so a stage
cannot quietly change what an earlier stage produced. Inline content is a tuple of
inline nodes; block content is a tuple of blocks.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


# ---------------------------------------------------------------- inlines
@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Emph:
    """Italic text (titles of works, foreign words)."""
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Strong:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class NoteCall:
    """A call to a note: `label` is the note's own label in the source ("194", "*")."""
    label: str


@dataclass(frozen=True)
class Redaction:
    """A passage withheld by the declassifying authority ([REDACTED] in the source)."""
    source_text: str = "[REDACTED]"


@dataclass(frozen=True)
class PageMarker:
    """The start of a page of the original (so a reader can cite "p. 5 of the original")."""
    page: str


@dataclass(frozen=True)
class Correction:
    """An editorial correction: `corrected` is read, `original` is what the source has."""
    corrected: str
    original: str
    reason: str = ""


@dataclass(frozen=True)
class Mention:
    """A mention of a registered person or event, wrapping the words as they stand."""
    target: str  # register id, e.g. "person/nazarbaev-nursultan"
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Citation:
    """A reference to a work in the bibliography, wrapping the words that cite it.

    `key` is the Work's key (bibliography.bib); `locator` the pinpoint as the source
    gives it ("p. 103", "pp. 353-54", "" when none).
    """
    key: str
    locator: str
    children: tuple["Inline", ...]


Inline = Union[Text, Emph, Strong, NoteCall, Redaction, PageMarker, Correction, Mention, Citation]


# ----------------------------------------------------------------- blocks
@dataclass(frozen=True)
class Provenance:
    """Where a block came from in the raw source (1-based line numbers)."""
    first_line: int
    last_line: int


@dataclass(frozen=True)
class Heading:
    level: int
    inlines: tuple[Inline, ...]
    anchor: str = ""
    provenance: Provenance | None = None


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    anchor: str = ""
    role: str = ""  # "" for body text; "caption", "byline", "epigraph" … for the rest
    provenance: Provenance | None = None


@dataclass(frozen=True)
class Verse:
    """Quoted verse: line breaks are meaningful and kept."""
    lines: tuple[tuple[Inline, ...], ...]
    anchor: str = ""
    provenance: Provenance | None = None


@dataclass(frozen=True)
class ListItem:
    blocks: tuple["Block", ...]
    label: str = ""  # the source's own label ("a", "1"), if any
    anchor: str = ""


@dataclass(frozen=True)
class ListBlock:
    items: tuple[ListItem, ...]
    ordered: bool = False
    anchor: str = ""
    provenance: Provenance | None = None


@dataclass(frozen=True)
class BlockQuote:
    blocks: tuple["Block", ...]
    anchor: str = ""
    provenance: Provenance | None = None


@dataclass(frozen=True)
class NumberedSection:
    """A numbered paragraph of a memo ("9."), keeping the source's number."""
    number: str
    blocks: tuple["Block", ...]
    anchor: str = ""
    provenance: Provenance | None = None


Block = Union[Heading, Paragraph, Verse, ListBlock, BlockQuote, NumberedSection]


@dataclass(frozen=True)
class Note:
    """An endnote or footnote. `label` is the source's own ("99", "*")."""
    label: str
    blocks: tuple[Block, ...]
    anchor: str = ""
    flags: tuple[str, ...] = ()  # e.g. ("call-missing",)
    provenance: Provenance | None = None


# ----------------------------------------------------------------- report
@dataclass(frozen=True)
class ReportEntry:
    """One thing the scripts did to a source, or were unsure of.

    action: "removed" | "joined" | "repaired" | "flagged" | "corrected" | "suggested"
    """
    action: str
    reason: str
    line: int
    text: str
    detail: str = ""


# --------------------------------------------------------------- document
@dataclass(frozen=True)
class Document:
    id: str
    title: str
    authors: tuple[str, ...]
    entry: "CatalogEntry"
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...] = ()
    report: tuple[ReportEntry, ...] = ()
    metadata: tuple[tuple[str, str], ...] = ()  # extra facts found in the text (banners …)


@dataclass(frozen=True)
class CatalogEntry:
    """One source as the catalog describes it. `facts` keeps every catalog field verbatim."""
    id: str
    file: str
    sha256: str
    kind: str
    title: str
    authors: tuple[str, ...]  # empty when unknown
    date: str  # ISO-like or "unknown"
    facts: tuple[tuple[str, object], ...] = field(default=())
    catalog_line: int = 0

    def fact(self, key: str, default: object = None) -> object:
        for k, v in self.facts:
            if k == key:
                return v
        return default


@dataclass(frozen=True)
class Work:
    """One cited work (or one of the edition's own sources) in the shared bibliography.

    Only what the citation or the catalog states is filled in; "" means not known.
    `kind`: book | chapter | article-journal | article-newspaper | webpage | report |
    source-chapter | source-web (the last two: the edition's own documents).
    """
    key: str
    kind: str
    title: str = ""
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    container: str = ""      # journal, newspaper, or the book a chapter is in
    date: str = ""           # ISO 8601 as far as known: 2002-01-12, 1994-12, 1999
    volume: str = ""
    number: str = ""
    pages: str = ""          # the work's pages as the reference gives them
    place: str = ""
    publisher: str = ""
    url: str = ""
    langid: str = ""         # english, russian …
    genre: str = ""          # e.g. "interview"
    note: str = ""
    series: str = ""
    isbn: str = ""
    archive: str = ""
    archive_id: str = ""


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    # The person and event registers (registers.Registers), when loaded; typed loosely so
    # that the model does not depend on the register loader.
    registers: object = None
    works: tuple[Work, ...] = ()  # the shared bibliography, sorted by key
