"""`edition build` end to end: the PDF, the EPUB and the concordance land in the site."""
from __future__ import annotations

import csv

import pytest

from book_fixtures import make_buildable_project
from edition import cli

pypdf = pytest.importorskip("pypdf")


def test_build_puts_downloads_in_the_site(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    cfg = make_buildable_project(tmp_path)
    assert cli.main(["--root", str(cfg.root), "build"]) == 0
    site = cfg.root / "site"
    for name in ("edition.pdf", "edition.epub", "concordance.tsv", "concordance.json"):
        assert (site / name).is_file() and (site / name).stat().st_size > 0, name
    downloads = (site / "downloads" / "index.html").read_text(encoding="utf-8")
    for name in ("edition.pdf", "edition.epub", "concordance.tsv"):
        assert f'href="../{name}"' in downloads  # relative to /downloads/: the site root
    assert "downloads/" in (site / "index.html").read_text(encoding="utf-8")
    rows = list(csv.DictReader((site / "concordance.tsv").open(encoding="utf-8"), delimiter="\t"))
    reader = pypdf.PdfReader(site / "edition.pdf")
    row = next(r for r in rows if r["document"] == "furman-2005" and r["anchor"] == "n194")
    assert row["url"].endswith("documents/furman-2005/#n194")
    page = reader.get_destination_page_number(reader.named_destinations[row["pdf_destination"]]) + 1
    assert int(row["pdf_page"]) == page == int(row["pdf_file_page"])


def test_no_pdf_no_epub_flags(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    cfg = make_buildable_project(tmp_path)
    assert cli.main(["--root", str(cfg.root), "build", "--no-pdf", "--no-epub"]) == 0
    assert not (cfg.root / "site" / "edition.pdf").exists()
    assert not (cfg.root / "site" / "edition.epub").exists()
    assert (cfg.root / "site" / "index.html").is_file()


def test_bibliography_becomes_a_chapter_when_bibliography_bib_exists(tmp_path, monkeypatch):
    # The build writes bibliography.bib from the notes' citations (bibliography_build.py),
    # so the book always has the chapter: here with a work cited in Furman's notes.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    cfg = make_buildable_project(tmp_path)
    assert cli.main(["--root", str(cfg.root), "build", "--no-epub"]) == 0
    assert "@book{ertysbaev2001kazakhstan," in (cfg.root / "bibliography.bib").read_text(encoding="utf-8")
    reader = pypdf.PdfReader(cfg.root / "site" / "edition.pdf")
    # The bibliography precedes the index of persons and events, whose length depends on
    # the registers: look for it in the whole back matter, not in a fixed number of pages.
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages[-40:])
    assert "Bibliography" in text
    assert "Ertysbaev, Ermukhamet. 2001. Kazakhstan i Nazarbaev." in text
    assert "Bibliography" in [item.title for item in reader.outline if not isinstance(item, list)]
