"""Writes the whole Corpus as one pandoc Markdown book, for the PDF (Typst) and the EPUB.

Pure: Corpus -> text. Why pandoc Markdown rather than pandoc's JSON AST: the Markdown is
readable and reviewable (it is kept beside the PDF as `edition.md` for debugging), it does
not tie us to one pandoc-types API version, and one escaping rule makes it safe (every
ASCII punctuation character of the source is backslash-escaped, which pandoc Markdown
allows for all of them). The few things pandoc cannot say are written as raw Typst
(`{=typst}`), which the EPUB writer drops.

The two targets differ only where a book and an e-book must differ:
- "typst": notes are real footnotes at the foot of the page. Typst numbers footnotes
  itself, so before each call the footnote counter is set to the source's label minus
  one (`n194` shows "194"); labels that are not numbers ("*") map to a symbol table in
  the numbering function. A note whose call the source lost (Furman's n. 99) is placed
  at the end of the paragraph that holds the previous note's call, flagged. Every anchor
  is a zero-size hidden heading labelled `<docid>-<anchor>`, which Typst exports as a
  PDF named destination (Typst makes destinations only for labelled headings).
- "epub": notes are endnotes at the end of each chapter under their own labels; calls
  link to them; anchors are element ids `<docid>-<anchor>` (ids must be unique in the
  whole book, and pandoc rewrites links across the chapter files it splits).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..ids import pdf_destination
from ..inlines import plain_text
from ..model import (Block, BlockQuote, Citation, Correction, Corpus, Document, Emph, Heading, Inline,
                     ListBlock, Mention, Note, NoteCall, NumberedSection, PageMarker,
                     Paragraph, Redaction, Strong, Text, Verse)

TARGETS = ("typst", "epub")
_PUNCT_RE = re.compile(r"([!-/:-@\[-`{-~])")
# Footnote counter values above this encode a non-numeric label (index into a symbol table).
SYMBOL_BASE = 100000
# Catalog facts shown elsewhere or of no use to a reader of the book.
_HIDDEN_FACTS = {"id", "kind", "title", "description", "authors", "preface_paragraphs"}


# One translation table (C speed; the book's text is escaped in full twice per build):
# control characters dropped (tab and newline kept), a newline joins lines, every ASCII
# punctuation character backslash-escaped.
_ESCAPE_TABLE = {**{c: None for c in [*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f]},
                 ord("\n"): " ",
                 **{ord(ch): "\\" + ch for ch in map(chr, range(0x21, 0x7f)) if _PUNCT_RE.fullmatch(ch)}}


def escape(text: str) -> str:
    """Source text as literal pandoc Markdown: all ASCII punctuation escaped, lines joined."""
    return text.translate(_ESCAPE_TABLE)


def typst_str(text: str) -> str:
    """A Typst string literal (JSON escapes are Typst escapes once \\uXXXX is avoided)."""
    clean = re.sub(r"[\x00-\x1f\x7f]", " ", text)
    return json.dumps(clean, ensure_ascii=False)


def raw_typst(code: str) -> str:
    return f"`{code}`{{=typst}}" if "`" not in code else f"``{code}``{{=typst}}"


@dataclass(frozen=True)
class EditionInfo:
    """Facts about the edition itself, for the title page and the document metadata."""
    title: str
    subtitle: str = ""
    description: str = ""
    url: str = ""
    date: str = ""  # ISO date of the build (from SOURCE_DATE_EPOCH)
    language: str = "en"
    bibliography: bool = False  # a bibliography chapter is added (pandoc --citeproc fills it)
    short_destinations_for: str = ""  # document whose anchors also get the bare name (`n194`)
    register_names: dict[str, str] = field(default_factory=dict)  # mention target -> name


def _natural_key(text: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text) if p)


class _DocumentWriter:
    def __init__(self, doc: Document, target: str, info: EditionInfo, symbols: list[str],
                 aliases: dict[str, list[str]] | None = None):
        self.doc = doc
        self.aliases = aliases or {}  # anchor -> old anchors that must keep working
        self.target = target
        self.info = info
        self.symbols = symbols
        self.notes = {note.label: note for note in doc.notes}
        self.orphans = _orphan_placement(doc)
        self.pending: list[Note] = []
        self.in_heading = False

    # ---------------------------------------------------------------- anchors
    def dest(self, anchor: str) -> str:
        return pdf_destination(self.doc.id, anchor)

    def anchor(self, anchor: str) -> str:
        """An inline mark making `anchor` a PDF destination (typst) or an element id (epub)."""
        if not anchor:
            return ""
        anchors = [anchor] + self.aliases.get(anchor, [])
        if self.target == "epub":
            return "".join(f"[]{{#{self.dest(a)}}}" for a in anchors)
        names = [self.dest(a) for a in anchors]
        if self.doc.id == self.info.short_destinations_for:
            names += anchors
        return "".join(raw_typst(f"#edition-anchor({typst_str(n)})") for n in names)

    # ---------------------------------------------------------------- inlines
    def inlines(self, nodes: tuple[Inline, ...]) -> str:
        return "".join(self.inline(node) for node in nodes)

    def inline(self, node: Inline) -> str:
        if isinstance(node, Text):
            return escape(node.text)
        if isinstance(node, Emph):
            return f"_{self.inlines(node.children)}_" if node.children else ""
        if isinstance(node, Strong):
            return f"**{self.inlines(node.children)}**" if node.children else ""
        if isinstance(node, NoteCall):
            return self.note_call(node.label)
        if isinstance(node, Redaction):
            if self.target == "typst":
                return raw_typst("#edition-redaction()")
            return "[\\[redacted\\]]{.redaction}"
        if isinstance(node, PageMarker):
            if self.target == "typst":
                return raw_typst(f"#edition-page-marker({typst_str(node.page)})")
            return f"[\\[p. {escape(node.page)}\\]]{{.page-marker}}"
        if isinstance(node, Correction):
            # The corrected reading is read; the source's own reading is given in brackets.
            return (f"{escape(node.corrected)}"
                    + (raw_typst(f"#edition-correction({typst_str(node.original)})")
                       if self.target == "typst" else
                       f"[ \\[source: {escape(node.original)}\\]]{{.correction}}"))
        if isinstance(node, Mention):
            inner = self.inlines(node.children)
            # Not in headings: Typst repeats a heading's body in the contents, which would
            # put a second mark (and the contents' page) into the index.
            if self.target == "typst" and not self.in_heading:
                return raw_typst(f"#edition-mention({typst_str(node.target)})") + inner
            return inner
        if isinstance(node, Citation):
            # A citation reads as its words here; its entry is in bibliography.bib.
            return self.inlines(node.children)
        raise TypeError(f"unknown inline {type(node).__name__}")

    def note_call(self, label: str) -> str:
        if self.target == "epub":  # endnotes: a note without call simply stands in its place
            note = self.notes.get(label)
            anchor = note.anchor if note else ""
            return f"^[{escape(label)}](#{self.dest(anchor)})^" if anchor else f"^{escape(label)}^"
        if label in self.orphans:
            self.pending.extend(self.orphans[label])
        return self.footnote_ref(label)

    def footnote_ref(self, label: str, shown: str = "") -> str:
        """A footnote showing `shown` (default: the label) as its number."""
        shown = shown or label
        if shown.isdigit():
            value = int(shown)
        else:
            value = SYMBOL_BASE + 1 + self.symbols.index(shown)
        return raw_typst(f"#counter(footnote).update({value - 1})") + f"[^{self.footnote_id(label)}]"

    def footnote_id(self, label: str) -> str:
        note = self.notes[label]
        return self.dest(note.anchor)

    def flush_orphans(self) -> str:
        """Footnotes whose call the source lost, placed where the previous call stands."""
        out = ""
        while self.pending:
            note = self.pending.pop(0)
            out += self.footnote_ref(note.label, orphan_mark(note.label))
        return out

    # ----------------------------------------------------------------- blocks
    def block(self, block: Block) -> str:
        if isinstance(block, Heading):
            level = min(block.level, 4) if block.level > 1 else 2
            old = self.aliases.get(block.anchor, [])
            self.in_heading = True
            try:
                words = self.inlines(block.inlines)
            finally:
                self.in_heading = False
            if self.target == "epub":
                spans = "".join(f"[]{{#{self.dest(a)}}}" for a in old)
                return f"{'#' * level} {spans}{words} {{#{self.dest(block.anchor)}}}"
            line = f"{'#' * level} {words} {{#{self.dest(block.anchor)}}}"
            # The heading's label is its destination; old and short names are placed
            # marks right after it (a mark inside the heading would be a heading in a heading).
            names = [self.dest(a) for a in old]
            if self.doc.id == self.info.short_destinations_for:
                names += [block.anchor] + old
            if names:
                line += "\n\n```{=typst}\n" + "".join(
                    f"#place(edition-anchor({typst_str(n)}))" for n in names) + "\n```"
            return line
        if isinstance(block, Paragraph):
            text = self.anchor(block.anchor) + self.inlines(block.inlines) + self.flush_orphans()
            if block.role in ("byline", "caption", "epigraph", "dateline") and text:
                # Set off in italics; a span, not `_…_`, so emphasis inside cannot clash.
                if self.target == "typst":
                    return raw_typst('#text(style: "italic")[') + text + raw_typst("]")
                return f"[{text}]{{.{block.role}}}"
            return text
        if isinstance(block, Verse):
            lines = [self.inlines(line) for line in block.lines]
            if lines:
                lines[0] = self.anchor(block.anchor) + lines[0]
                lines[-1] += self.flush_orphans()
            # A verse quotation: a line block (line breaks kept) set off as a block quote.
            return "\n".join(f"> | {line}" for line in lines)
        if isinstance(block, ListBlock):
            return self.list_block(block)
        if isinstance(block, BlockQuote):
            inner = "\n\n".join(self.block(b) for b in block.blocks)
            inner = self.anchor(block.anchor) + inner
            return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
        if isinstance(block, NumberedSection):
            first, *rest = block.blocks or (Paragraph(()),)
            head = self.anchor(block.anchor) + f"**{escape(block.number)}\\.** "
            if isinstance(first, Paragraph):
                parts = [head + self.block(first)]
            else:
                parts = [head.strip(), self.block(first)]
            parts += [self.block(b) for b in rest]
            return "\n\n".join(parts)
        raise TypeError(f"unknown block {type(block).__name__}")

    def list_block(self, block: ListBlock) -> str:
        """A list; its own anchor goes before the first item's words (no empty paragraph)."""
        labelled = any(item.label for item in block.items)
        out = []
        for number, item in enumerate(block.items, 1):
            content = "\n\n".join(self.block(b) for b in item.blocks)
            lead = (self.anchor(block.anchor) if number == 1 else "") + self.anchor(item.anchor)
            if labelled:
                # The source's own labels ("a)", "b)") are kept as text; pandoc would renumber.
                label = f"**{escape(item.label)}\\)** " if item.label else ""
                out.append(lead + label + content)
                continue
            marker = f"{number}." if block.ordered else "-"
            out.append(f"{marker} " + (lead + content).replace("\n", "\n    "))
        if labelled:
            return "\n\n".join(out)
        return ("\n\n" if any("\n\n" in item for item in out) else "\n").join(out)

    # ------------------------------------------------------------------ notes
    def note_body(self, note: Note) -> list[str]:
        parts = [self.block(b) if not isinstance(b, Paragraph) else self.inlines(b.inlines)
                 for b in note.blocks]
        if not parts:
            parts = [""]
        if "call-missing" in note.flags:
            parts[0] = ("_\\[Editorial: the call of this note is lost in the source; the note keeps "
                        "its number and is placed after the previous note's call.\\]_ " + parts[0])
        return parts

    def footnote_definitions(self) -> str:
        """The typst target's `[^id]: …` definitions, in the source's note order."""
        out = []
        for note in self.doc.notes:
            parts = self.note_body(note)
            parts[0] = self.anchor(note.anchor) + parts[0]
            body = "\n\n".join(parts).replace("\n", "\n    ")
            out.append(f"[^{self.dest(note.anchor)}]: {body}")
        return "\n\n".join(out)

    def endnotes(self) -> str:
        """The epub target's notes: a section per chapter, each note under its own label."""
        out = [f"## Notes {{#{self.dest('notes')}}}"]
        for note in self.doc.notes:
            parts = self.note_body(note)
            parts[0] = f"**{escape(note.label)}\\.** " + parts[0]
            out.append(f"::: {{#{self.dest(note.anchor)} .note}}\n" + "\n\n".join(parts) + "\n:::")
        return "\n\n".join(out)

    # ------------------------------------------------------------ provenance
    def provenance(self) -> str:
        lines = []
        who = ", ".join(self.doc.authors) if self.doc.authors else "unknown"
        lines.append(f"**Author:** {escape(who)}")
        for key, value in _flatten(dict(self.doc.entry.facts)):
            if key.split(".")[0] in _HIDDEN_FACTS:
                continue
            label = key.replace(".", " ").replace("_", " ").capitalize()
            lines.append(f"**{escape(label)}:** {escape(value)}")
        description = str(self.doc.entry.fact("description", "") or "").strip()
        text = "\\\n".join(lines)
        if description:
            text += f"\n\n_{escape(description)}_"
        if self.target == "typst":  # a shaded box in small type, before the text
            return ("```{=typst}\n#block(fill: luma(245), inset: 9pt, radius: 2pt, width: 100%)[\n"
                    "#set text(size: 8.5pt)\n#set par(justify: false)\n```\n\n"
                    f"{text}\n\n```{{=typst}}\n]\n```")
        return f"::: {{.provenance}}\n{text}\n:::"

    # --------------------------------------------------------------- chapter
    def render(self) -> str:
        parts = [f"# {escape(self.doc.title)} {{#{self.doc.id}}}", self.provenance()]
        parts.extend(self.block(b) for b in self.doc.blocks)
        if self.doc.notes:
            parts.append(self.footnote_definitions() if self.target == "typst" else self.endnotes())
        return "\n\n".join(p for p in parts if p)


def _flatten(facts: dict, prefix: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key in sorted(facts):
        value = facts[key]
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.extend(_flatten(value, name + "."))
        elif isinstance(value, (list, tuple)):
            out.append((name, "; ".join(str(v) for v in value)))
        elif value is not None and str(value).strip():
            out.append((name, str(value).strip()))
    return out


def _orphan_placement(doc: Document) -> dict[str, list[Note]]:
    """Notes flagged call-missing, keyed by the label of the previous note that has a call."""
    placement: dict[str, list[Note]] = {}
    previous = ""
    first_called = ""
    for note in doc.notes:
        if "call-missing" in note.flags:
            placement.setdefault(previous or first_called or "", []).append(note)
        else:
            previous = note.label
            first_called = first_called or note.label
    if "" in placement:  # no earlier call: attach to the first note that has one
        placement.setdefault(first_called, [])[:0] = placement.pop("")
    return placement


def orphan_mark(label: str) -> str:
    """How a note without a call is marked where the edition places it: "[99]", editorial."""
    return f"[{label}]"


def note_symbols(corpus: Corpus) -> list[str]:
    """Every footnote mark that is not a plain number, in a fixed order (the footnote
    numbering's symbol table): labels such as "*", and the bracketed marks of notes whose
    call is lost."""
    marks = {n.label for d in corpus.documents for n in d.notes if not n.label.isdigit()}
    marks |= {orphan_mark(n.label) for d in corpus.documents for n in d.notes if "call-missing" in n.flags}
    return sorted(marks, key=_natural_key)


def mention_entries(corpus: Corpus, names: dict[str, str]) -> list[tuple[str, str, str]]:
    """(kind, target, display name) for every mentioned register entry, sorted for the index.

    The name comes from the register when given, else from the words most often used in
    the mentions themselves (so the index is right before the register has names)."""
    seen: dict[str, dict[str, int]] = {}

    def walk_inlines(nodes):
        for node in nodes:
            if isinstance(node, Mention):
                words = " ".join(plain_text(node.children).split())
                counts = seen.setdefault(node.target, {})
                counts[words] = counts.get(words, 0) + 1
                walk_inlines(node.children)
            elif isinstance(node, (Emph, Strong, Citation)):
                walk_inlines(node.children)

    from ..inlines import block_inlines
    for doc in corpus.documents:
        for block in list(doc.blocks) + list(doc.notes):
            for run in block_inlines(block):
                walk_inlines(run)
    entries = []
    for target, counts in seen.items():
        kind = target.split("/", 1)[0] if "/" in target else "other"
        name = names.get(target) or sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        entries.append((kind, target, name))
    return sorted(entries, key=lambda e: (e[0], e[2].lower(), e[1]))


def _typst_preamble(corpus: Corpus, info: EditionInfo) -> str:
    """Raw Typst the template's functions need: the footnote symbol table and index entries."""
    symbols = note_symbols(corpus)
    entries = mention_entries(corpus, info.register_names)
    symbol_list = "(" + "".join(f"{typst_str(s)}, " for s in symbols) + ")"
    entry_list = "(" + "".join(
        f"(kind: {typst_str(k)}, target: {typst_str(t)}, name: {typst_str(n)}), "
        for k, t, n in entries) + ")"
    return ("```{=typst}\n"
            f"#let edition-note-symbols = {symbol_list}\n"
            f"#let edition-index-entries = {entry_list}\n"
            f"#set footnote(numbering: n => if n > {SYMBOL_BASE} "
            f"{{ edition-note-symbols.at(n - {SYMBOL_BASE + 1}) }} else {{ str(n) }})\n"
            "```")


def _yaml_str(text: str) -> str:
    # Metadata values are read as Markdown by pandoc: escape, then quote as JSON (valid YAML).
    return json.dumps(escape(text), ensure_ascii=False)


def render_book(corpus: Corpus, info: EditionInfo, target: str = "typst",
                aliases: dict[str, dict[str, list[str]]] | None = None) -> str:
    """The whole edition as one pandoc Markdown text for `target` ("typst" or "epub").

    `aliases`: {document id: {anchor: [old anchors]}} from sources/anchor-aliases.yml;
    old anchors stay destinations (PDF) and ids (EPUB) beside the new ones."""
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}; expected one of {TARGETS}")
    authors = []
    for doc in corpus.documents:
        for author in doc.authors:
            if author not in authors:
                authors.append(author)
    meta = ["---", f"title: {_yaml_str(info.title)}"]
    if info.subtitle:
        meta.append(f"subtitle: {_yaml_str(info.subtitle)}")
    meta.append("author:")
    meta.extend(f"  - {_yaml_str(a)}" for a in authors or ["unknown"])
    if info.date:
        meta.append(f"date: {_yaml_str(info.date)}")
    if info.description:
        meta.append(f"description: {_yaml_str(info.description)}")
    if info.url:
        meta.append(f"edition-url: {_yaml_str(info.url)}")
    meta.append(f"lang: {_yaml_str(info.language)}")
    meta.append("sources:")
    for doc in corpus.documents:
        who = ", ".join(doc.authors) if doc.authors else "author unknown"
        date = doc.entry.date if doc.entry.date != "unknown" else "date unknown"
        meta.append(f"  - {_yaml_str(f'{doc.title} — {who}, {date}')}")
    if info.bibliography:
        meta.append("nocite: \"[@*]\"")
    meta.append("---")
    parts = ["\n".join(meta)]
    symbols = note_symbols(corpus)
    if target == "typst":
        parts.append(_typst_preamble(corpus, info))
    for doc in corpus.documents:
        parts.append(_DocumentWriter(doc, target, info, symbols,
                                     (aliases or {}).get(doc.id)).render())
    if info.bibliography:
        parts.append("# Bibliography {#bibliography}\n\n::: {#refs}\n:::")
    if target == "typst" and mention_entries(corpus, info.register_names):
        parts.append("# Index of persons and events {#index}\n\n"
                     "```{=typst}\n#edition-index(edition-index-entries)\n```")
    return "\n\n".join(parts) + "\n"
