"""Writes each Document as a Markdown page for MkDocs (Python-Markdown dialect).

Pure: Document -> text. Anchors come from the model: headings carry `{#id}`, paragraphs
an attr_list line `{: #p12 }`, other blocks a `<div id=… markdown="1">` wrapper, and
each note a `<span id="n194">` inside its footnote definition (Python-Markdown names
footnotes `fn:…`; our contract is `#n194`, so both ids exist).
"""
from __future__ import annotations

import html
import re

from ..ids import note_anchor
from ..model import (Block, BlockQuote, Citation, Correction, Document, Emph, Heading, Inline,
                     ListBlock, Mention, Note, NoteCall, NumberedSection, PageMarker,
                     Paragraph, Redaction, Strong, Text, Verse)

_ESCAPE_RE = re.compile(r"([\\`*_{}\[\]]|#(?=\w)|!(?=\[))")
# Python-Markdown has no backslash escape for these (`\^` would show the backslash):
# numeric character references show them as themselves, in tables too.
_ENTITIES = {"~": "&#126;", "^": "&#94;", "|": "&#124;"}
_ENTITY_RE = re.compile("[~^|]")
_LINE_START_RE = re.compile(r"^(\s*)([-+>=#]|\d+[.)])")


# Every character the three steps below may change: most runs of text have none.
_MAY_NEED_ESCAPE = re.compile(r"[&<>\\`*_{}\[\]#!~^|]")


def escape(text: str) -> str:
    """Escapes Markdown syntax so that the source's characters show as themselves."""
    if not _MAY_NEED_ESCAPE.search(text):
        return text
    text = html.escape(text, quote=False)  # <script> in a source is shown, never run
    text = _ESCAPE_RE.sub(r"\\\1", text)
    return _ENTITY_RE.sub(lambda m: _ENTITIES[m.group(0)], text)


def escape_line_start(text: str) -> str:
    """A paragraph that starts like a list, quote or heading must stay a paragraph."""
    return _LINE_START_RE.sub(lambda m: m.group(1) + "".join("\\" + c if c in "-+>=#.)" else c
                                                             for c in m.group(2)), text, count=1)


class MarkdownWriter:
    def __init__(self, doc: Document, aliases: dict[str, list[str]] | None = None,
                 link_for: "callable | None" = None, front_matter: list[str] | None = None,
                 bibliography_url: str = "../bibliography/index.md"):
        self.doc = doc
        # extra YAML lines for the front matter (e.g. citation_* meta tags, see cite_this.py)
        self.extra_front_matter = front_matter or []
        # where a Citation links: the bibliography page, relative to this page's source
        self.bibliography_url = bibliography_url
        self.aliases = aliases or {}
        # link_for(target id) -> relative URL or None; used for mentions (registers).
        self.link_for = link_for
        self._inside_link = False  # HTML forbids a link inside a link (mention inside a citation)

    # --------------------------------------------------------------- inline
    def inlines(self, nodes: tuple[Inline, ...]) -> str:
        return "".join(self.inline(node) for node in nodes)

    def inline(self, node: Inline) -> str:
        if isinstance(node, Text):
            return escape(node.text)
        if isinstance(node, Emph):
            return f"<em>{self.inlines(node.children)}</em>"
        if isinstance(node, Strong):
            return f"<strong>{self.inlines(node.children)}</strong>"
        if isinstance(node, NoteCall):
            return f"[^{note_anchor(node.label)}]"
        if isinstance(node, Redaction):
            return ('<span class="redaction" role="img" aria-label="redacted passage" '
                    f'title="Withheld at declassification; the source reads {html.escape(node.source_text)}">'
                    "redacted</span>")
        if isinstance(node, PageMarker):
            return (f'<span class="page-marker" id="page-{html.escape(node.page)}" '
                    f'title="Page {html.escape(node.page)} of the original">[p. {html.escape(node.page)}]</span>')
        if isinstance(node, Correction):
            original = html.escape(node.original, quote=True)
            return (f'<ins class="correction" title="Editorial correction; the source reads: {original}">'
                    f"{escape(node.corrected)}</ins>")
        if isinstance(node, Mention):
            url = self.link_for(node.target) if self.link_for else None
            inner = self.inlines(node.children)
            if url and self._inside_link:
                # The citation link wins; the name still carries its register id.
                return f'<span class="mention" data-target="{html.escape(node.target)}">{inner}</span>'
            if url:
                return f'<a class="mention" href="{html.escape(url)}">{inner}</a>'
            return inner
        if isinstance(node, Citation):
            where = f", {node.locator}" if node.locator else ""
            title = html.escape(f"Bibliography: {node.key}{where}", quote=True)
            self._inside_link = True
            try:
                inner = self.inlines(node.children)
            finally:
                self._inside_link = False
            # A Markdown link, so that MkDocs checks the anchor (validation: anchors).
            return f'[{inner}]({self.bibliography_url}#{node.key} "{title}")' "{: .citation }"
        raise TypeError(f"unknown inline {type(node).__name__}")

    def alias_spans(self, anchor: str) -> str:
        return "".join(f'<span id="{old}"></span>' for old in self.aliases.get(anchor, []))

    # ---------------------------------------------------------------- block
    def block(self, block: Block) -> str:
        if isinstance(block, Heading):
            hashes = "#" * block.level
            return f"{hashes} {self.alias_spans(block.anchor)}{self.inlines(block.inlines)} {{#{block.anchor}}}"
        if isinstance(block, Paragraph):
            text = escape_line_start(self.alias_spans(block.anchor) + self.inlines(block.inlines))
            classes = f" .{block.role}" if block.role else ""
            if not block.anchor:  # a paragraph inside a list item or quotation
                return f"{text}\n{{: {classes.strip()} }}" if classes else text
            return f"{text} {self.pilcrow(block.anchor)}\n{{: #{block.anchor}{classes} }}"
        if isinstance(block, Verse):
            lines = "<br>\n".join(escape_line_start(self.inlines(line)) for line in block.lines)
            return self.div(block.anchor, "verse", f"{lines} {self.pilcrow(block.anchor)}")
        if isinstance(block, ListBlock):
            return self.div(block.anchor, "list", self.list_block(block))
        if isinstance(block, BlockQuote):
            inner = "\n\n".join(self.block(b) for b in block.blocks)
            return self.div(block.anchor, "quotation", inner)
        if isinstance(block, NumberedSection):
            inner = "\n\n".join(self.block(b) for b in block.blocks)
            label = (f'<a class="para-number" href="#{block.anchor}" '
                     f'title="Paragraph {block.number} of the original">{block.number}.</a>')
            return self.div(block.anchor, "numbered", f"{label}\n\n{inner}")
        raise TypeError(f"unknown block {type(block).__name__}")

    def pilcrow(self, anchor: str) -> str:
        return f'<a class="pilcrow" href="#{anchor}" title="Link to this paragraph">¶</a>'

    def div(self, anchor: str, cls: str, inner: str) -> str:
        if not anchor:  # a list nested in a list item: its items carry the anchors
            return inner
        return (f'<div id="{anchor}" class="{cls}" markdown="1">\n{self.alias_spans(anchor)}\n'
                f"{inner}\n\n</div>")

    def list_block(self, block: ListBlock) -> str:
        lines = []
        for number, item in enumerate(block.items, 1):
            marker = f"{number}." if block.ordered else "-"
            content = "\n\n".join(self.block(b) for b in item.blocks)
            if item.anchor:
                label = html.escape(item.label)
                content = (f'<span id="{item.anchor}" class="item-label">{label})</span> '
                           f"{self.alias_spans(item.anchor)}{content}")
            indented = content.replace("\n", "\n    ")
            lines.append(f"{marker} {indented}")
        return "\n".join(lines)

    def note(self, note: Note) -> str:
        anchor = note.anchor
        prefix = f'<span id="{anchor}"></span>{self.alias_spans(anchor)}'
        if "call-missing" in note.flags:
            # Python-Markdown links every note back to `fnref:…`; this note has no call
            # in the source, so the back link lands on the note itself.
            prefix += (f'<span id="fnref:{anchor}"></span><span class="flag">[Editorial: the call '
                       "for this note is missing in the source; the note is kept in its place.]</span> ")
        paragraphs = []
        for block in note.blocks:
            text = (self.inlines(block.inlines) if isinstance(block, Paragraph) else self.block(block))
            paragraphs.append(text)
        body = prefix + paragraphs[0]
        for more in paragraphs[1:]:
            body += "\n\n    " + more.replace("\n", "\n    ")
        return f"[^{anchor}]: {body}"

    # ------------------------------------------------------------- document
    def front_matter(self) -> str:
        description = str(self.doc.entry.fact("description", "") or "").strip()
        # Material puts these into the page unescaped (<title>, the nav, a meta
        # attribute): escape them here, so a title with `<` or `"` stays text.
        lines = ["---", f"title: {_yaml_str(html.escape(self.doc.title))}"]
        if description:
            # The theme writes this into <meta content="…"> without escaping it.
            lines.append(f"description: {_yaml_str(html.escape(description, quote=True))}")
        lines.extend(self.extra_front_matter)
        lines.append("---")
        return "\n".join(lines)

    def header(self) -> str:
        parts = [f"# {escape(self.doc.title)} {{#title}}"]
        if self.doc.authors:
            parts.append(f"{escape(', '.join(self.doc.authors))}\n{{: .byline }}")
        return "\n\n".join(parts)

    def render(self, extra_sections: list[str] | None = None) -> str:
        parts = [self.front_matter(), self.header()]
        parts.extend(extra_sections or [])
        parts.extend(self.block(b) for b in self.doc.blocks)
        if self.doc.notes:
            parts.append("## Notes {#notes}")
            parts.append("The notes follow below in the source's own numbering; each one also pops "
                         "up from its call in the text.\n{: .notes-intro }")
            parts.extend(self.note(n) for n in self.doc.notes)
        return "\n\n".join(parts) + "\n"


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_document(doc: Document, aliases: dict[str, list[str]] | None = None,
                    extra_sections: list[str] | None = None, link_for=None,
                    front_matter: list[str] | None = None) -> str:
    return MarkdownWriter(doc, aliases, link_for, front_matter).render(extra_sections)
