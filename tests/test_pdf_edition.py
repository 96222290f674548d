"""The PDF edition, read back with pypdf: pages, notes, index, destinations, metadata."""
from __future__ import annotations

import re
import unicodedata

import pytest

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("typst")

from book_fixtures import EPOCH, book_corpus, make_project  # noqa: E402
from edition import anchor_lock, book  # noqa: E402
from edition.ids import pdf_destination  # noqa: E402
from edition.inlines import block_text  # noqa: E402


def squash(text: str) -> str:
    """Letters and digits only: immune to line breaks, hyphenation and ligatures."""
    return re.sub(r"[^0-9a-z]", "", unicodedata.normalize("NFKC", text).lower())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        cfg = make_project(tmp_path_factory.mktemp("project"))
        corpus = book_corpus(cfg)
        out = book.build_book(cfg, corpus, pdf=True, epub=False)
    reader = pypdf.PdfReader(out.files["edition.pdf"])
    pages = [page.extract_text() or "" for page in reader.pages]
    return cfg, corpus, out, reader, pages


def dest_page(reader, name: str) -> int:
    """1-based page of a named destination."""
    return reader.get_destination_page_number(reader.named_destinations[name]) + 1


def test_page_count_is_sane(built):
    _, corpus, _, reader, _ = built
    words = sum(len(block_text(b).split()) for d in corpus.documents for b in d.blocks + d.notes)
    # Title page, contents, the text at 300–900 words a page, the index.
    assert 2 + words / 900 < len(reader.pages) < 4 + words / 300


def test_metadata_is_set(built):
    _, corpus, _, reader, _ = built
    meta = reader.metadata
    assert meta.title.startswith("Power and Clans in the USSR and Kazakhstan")
    assert "Dmitrii Furman" in meta.author
    assert meta.creation_date.timestamp() == EPOCH


def test_every_note_is_present_on_the_page_of_its_destination(built):
    _, corpus, _, reader, pages = built
    for doc in corpus.documents:
        for note in doc.notes:
            page = dest_page(reader, pdf_destination(doc.id, note.anchor))
            start = squash(block_text(note))[:40]
            # A footnote may begin at the foot of one page and run on to the next.
            here = squash(pages[page - 1] + pages[page] if page < len(pages) else pages[page - 1])
            assert start in here, f"{doc.id} note {note.label} not on page {page}"
            assert note.label in pages[page - 1], f"label {note.label} not shown on page {page}"


def test_note_without_call_is_kept_and_flagged(built):
    _, corpus, _, reader, pages = built
    furman = next(d for d in corpus.documents if d.id == "furman-2005")
    orphan = next(n for n in furman.notes if "call-missing" in n.flags)
    page = pages[dest_page(reader, pdf_destination(furman.id, orphan.anchor)) - 1]
    assert "call of this note is lost" in page
    assert page.count(f"[{orphan.label}]") >= 2  # the editorial mark in the text and the note


def test_named_destinations_exist_for_every_anchor(built):
    _, corpus, out, reader, _ = built
    names = set(reader.named_destinations)
    expected = {pdf_destination(a.document, a.anchor) for a in anchor_lock.collect(corpus)}
    assert expected <= names, sorted(expected - names)[:10]
    # The short form for the first document: edition.pdf#n194 is furman-2005-n194.
    first = corpus.documents[0]
    assert dest_page(reader, "n194") == dest_page(reader, f"{first.id}-n194")


def test_paragraph_destination_lands_on_its_words(built):
    _, corpus, _, reader, pages = built
    for doc in corpus.documents:
        for block in doc.blocks[:40]:
            text = squash(block_text(block).split("\n")[0])[:30]
            page = dest_page(reader, pdf_destination(doc.id, block.anchor))
            near = pages[page - 1] + (pages[page] if page < len(pages) else "")
            near = re.sub(r"\[p\.\s*\d+\]", "", near)  # page markers of the original are not in block_text
            assert text in squash(near), block.anchor


def test_source_labels_redactions_and_symbol_notes(built):
    _, _, _, reader, pages = built
    page = pages[dest_page(reader, "test-memo-para-1") - 1]
    assert "REDACTED" in page
    assert "A symbol footnote of the memo." in page
    assert "a) Malenkov" in page.replace("\n", " ")


def _index_entries(pages: list[str]) -> dict[str, list[int]]:
    """Entries "Name, 3, 4, 12" of the index (a long list wraps onto lines of numbers)."""
    start = max(i for i, text in enumerate(pages) if "Index of persons and events" in text)
    text = "\n".join(pages[start:])
    text = re.sub(r",\s*\n\s*(?=\d)", ", ", text)
    entries = {}
    for line in text.splitlines():
        m = re.match(r"^(\D+?), (\d+(?:, \d+)*)$", line.strip())
        if m:
            entries[m.group(1)] = [int(n) for n in m.group(2).split(", ")]
    return entries


def test_index_pages_hold_the_name(built):
    _, _, _, reader, pages = built
    entries = _index_entries(pages)
    assert {"Nazarbaev", "Kunaev", "Yeltsin"} <= set(entries)
    for name, numbers in entries.items():
        assert numbers == sorted(set(numbers))
        for number in numbers:  # printed page numbers are the PDF's page numbers
            assert name in pages[number - 1], f"{name} not on page {number}"


def test_index_numbers_are_links(built):
    _, _, _, reader, pages = built
    start = max(i for i, text in enumerate(pages) if "Index of persons and events" in text)
    links = [a.get_object() for a in reader.pages[start].get("/Annots", [])
             if a.get_object().get("/Subtype") == "/Link"]
    assert len(links) >= len(_index_entries(pages)["Kunaev"])


def test_fonts_are_embedded(built):
    _, _, _, reader, _ = built
    fonts = []
    for page in reader.pages[:5]:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for desc_font in font.get("/DescendantFonts", [font]):
                descriptor = desc_font.get_object().get("/FontDescriptor")
                if descriptor is not None:
                    fonts.append(any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")))
    assert fonts and all(fonts)


def test_outline_has_each_chapter(built):
    _, corpus, _, reader, _ = built
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    for doc in corpus.documents:
        assert doc.title in titles


def test_concordance_matches_destinations(built):
    _, corpus, out, reader, _ = built
    rows = book.concordance(corpus, out.anchor_pages, "https://example.org/", {})
    assert len(rows) == len(anchor_lock.collect(corpus))
    for row in rows[::25]:
        assert row["pdf_page"] == dest_page(reader, row["pdf_destination"])
        assert row["url"] == f"https://example.org/documents/{row['document']}/#{row['anchor']}"
    tsv = out.files["concordance.tsv"].read_text(encoding="utf-8").splitlines()
    assert tsv[0].startswith("document\tanchor\talias_of\turl")
    assert len(tsv) == len(rows) + 1


def test_two_builds_are_byte_identical(built, tmp_path):
    cfg, corpus, out, _, _ = built
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        again = book.build_book(cfg, corpus, pdf=True, epub=False, folder=tmp_path)
    assert again.files["edition.pdf"].read_bytes() == out.files["edition.pdf"].read_bytes()
