"""The pandoc Markdown writer: escaping, note labels, orphan notes, mentions, targets."""
from __future__ import annotations

import re
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from book_fixtures import ROOT, book_corpus, memo_document
from edition.config import Config
from edition.model import Corpus, Mention, Text
from edition.writers.pandoc_markdown import (EditionInfo, escape, mention_entries, note_symbols,
                                             render_book)
from edition.writers.pandoc_run import pandoc_path

INFO = EditionInfo(title="T", short_destinations_for="furman-2005")


@pytest.fixture(scope="module")
def corpus():
    return book_corpus(Config(ROOT))


def pandoc_plain(markdown: str) -> str:
    return subprocess.run([pandoc_path(), "-f", "markdown", "-t", "plain", "--wrap=none"],
                          input=markdown, capture_output=True, text=True, check=True).stdout


TRICKY = ["*not emph* and _not_ either", "[not a link](x) @cite ^sup^ ~sub~", "# not a heading",
          "1. not a list", "- not a list", "> not a quote", "a \\ backslash <b>tag</b> & amp",
          "$x$ math? `code` {attr} | pipe", "Nezavisimaia gazeta-Sodruzhestvo, 1998--99 ... 'quoted'"]


def test_escape_keeps_tricky_source_text_literal():
    out = pandoc_plain("\n\n".join(escape(t) for t in TRICKY)).split("\n\n")
    assert [o.strip() for o in out] == TRICKY


@settings(max_examples=15, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
               min_size=1, max_size=60))
def test_escape_round_trips_any_text(text):
    expected = " ".join(text.split())
    if not expected:
        return
    assert " ".join(pandoc_plain(escape(text)).split()) == expected


def test_footnotes_keep_the_source_numbers(corpus):
    md = render_book(corpus, INFO, "typst")
    assert "`#counter(footnote).update(193)`{=typst}[^furman-2005-n194]" in md
    # The symbol note of the memo maps to the numbering function's symbol table.
    symbols = note_symbols(corpus)
    assert symbols[0] == "*" and "[99]" in symbols and len(symbols) == len(set(symbols))
    assert "`#counter(footnote).update(100000)`{=typst}[^test-memo-n-star-1]" in md
    # The note whose call is lost shows an editorial mark, "[99]".
    flag = 100000 + symbols.index("[99]")
    assert f"`#counter(footnote).update({flag})`{{=typst}}[^furman-2005-n99]" in md


def test_note_without_call_follows_the_previous_call_in_its_paragraph(corpus):
    md = render_book(corpus, INFO, "typst")
    paragraph = next(p for p in md.split("\n\n") if "[^furman-2005-n98]" in p and not p.startswith("[^"))
    assert paragraph.index("[^furman-2005-n98]") < paragraph.index("[^furman-2005-n99]")
    assert md.count("[^furman-2005-n99]:") == 1
    assert "call of this note is lost" in md


def test_every_anchor_is_marked_once_per_name(corpus):
    md = render_book(corpus, INFO, "typst")
    assert md.count('#edition-anchor("furman-2005-p12")') == 1
    assert md.count('#edition-anchor("p12")') == 1  # the short form, first document only
    assert '#edition-anchor("para-1")' not in md
    assert md.count('#edition-anchor("test-memo-para-1")') == 1


def test_aliases_become_extra_destinations_and_ids(corpus):
    aliases = {"furman-2005": {"p13": ["p12-old"], "conclusion": ["conclusions"]}}
    typst = render_book(corpus, INFO, "typst", aliases)
    epub = render_book(corpus, INFO, "epub", aliases)
    assert '#edition-anchor("furman-2005-p12-old")' in typst
    assert '#place(edition-anchor("furman-2005-conclusions"))' in typst
    assert "[]{#furman-2005-p12-old}" in epub and "[]{#furman-2005-conclusions}" in epub


def test_epub_has_no_typst_and_keeps_labels(corpus):
    md = render_book(corpus, INFO, "epub")
    assert "{=typst}" not in md
    assert "::: {#furman-2005-n194 .note}\n**194\\.**" in md
    assert "^[194](#furman-2005-n194)^" in md
    assert "[\\[redacted\\]]{.redaction}" in md


def test_index_names_come_from_the_register_or_the_words():
    doc = memo_document()
    from dataclasses import replace
    from edition.model import Paragraph
    extra = Paragraph((Mention("person/molotov", (Text("Molotov"),)), Text(" and "),
                       Mention("person/molotov", (Text("V. M. Molotov"),)), Text(", "),
                       Mention("person/molotov", (Text("Molotov"),)), Text(" and "),
                       Mention("event/purge-1957", (Text("the purge"),))), anchor="p99")
    corpus = Corpus((replace(doc, blocks=doc.blocks + (extra,)),))
    assert mention_entries(corpus, {}) == [("event", "event/purge-1957", "the purge"),
                                          ("person", "person/molotov", "Molotov")]
    named = mention_entries(corpus, {"event/purge-1957": "Anti-Party Group purge (1957)"})
    assert named[0][2] == "Anti-Party Group purge (1957)"
    md = render_book(corpus, INFO, "typst")
    assert md.count('#edition-mention("person/molotov")') == 3
    assert "#edition-index(edition-index-entries)" in md


def test_no_index_chapter_without_mentions():
    md = render_book(Corpus((memo_document(),)), INFO, "typst")
    assert "Index of persons" not in md
    assert re.search(r"#let edition-index-entries = \(\)", md)


def test_role_paragraphs_are_set_off_without_clashing_emphasis():
    from dataclasses import replace as rep
    from edition.model import Emph, Paragraph
    doc = memo_document()
    byline = Paragraph((Text("By "), Emph((Text("an unknown hand"),)), Text(" *")), anchor="p7",
                       role="byline")
    corpus = Corpus((rep(doc, blocks=(byline,) + doc.blocks),))
    out = pandoc_plain(render_book(corpus, INFO, "epub"))
    assert "By an unknown hand *" in out
    typst = render_book(corpus, INFO, "typst")
    assert '`#text(style: "italic")[`{=typst}' in typst


def test_mentions_in_headings_leave_no_index_mark():
    from dataclasses import replace as rep
    from edition.model import Heading
    doc = memo_document()
    heading = Heading(2, (Text("The fall of "), Mention("person/molotov", (Text("Molotov"),))),
                      anchor="the-fall-of-molotov")
    md = render_book(Corpus((rep(doc, blocks=(heading,) + doc.blocks),)), INFO, "typst")
    assert "## The fall of Molotov {#test-memo-the-fall-of-molotov}" in md
    assert "#edition-mention" not in md
