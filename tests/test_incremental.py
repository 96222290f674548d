"""Incremental builds (.edition-cache/): a rebuild with nothing changed skips the work,
and any change to what a stage reads makes it run again — never a stale output."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import qa_support


@pytest.fixture
def project(built_project, tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built_project, root)
    return root


def _site_mtime(root: Path) -> int:
    return (root / "site" / "index.html").stat().st_mtime_ns


def test_nothing_changed_skips_the_site_build(project):
    before = _site_mtime(project)
    digest = qa_support.tree_digest(project / "site")
    qa_support.build(project)
    assert _site_mtime(project) == before
    assert qa_support.tree_digest(project / "site") == digest


def test_a_changed_page_rebuilds_the_site(project):
    with (project / "content" / "index.md").open("a", encoding="utf-8") as out:
        out.write("\nA sentence added by an editor.\n")
    qa_support.build(project)
    assert "A sentence added by an editor." in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_a_changed_catalog_entry_is_read_again(project):
    doc_id = qa_support.buildable_ids(project)[0]
    catalog = project / "sources" / "catalog.yml"
    text = catalog.read_text(encoding="utf-8")
    entry = next(e for e in qa_support.catalog_entries(project) if e["id"] == doc_id)
    catalog.write_text(text.replace(f"title: {entry['title']}", "title: A Revised Title", 1), encoding="utf-8")
    qa_support.build(project)
    page = (project / "site" / "documents" / doc_id / "index.html").read_text(encoding="utf-8")
    assert "A Revised Title" in page


def test_a_cached_build_equals_an_uncached_one(project, tmp_path):
    """The cache serves exactly what a fresh read gives."""
    qa_support.build(project)  # served from .edition-cache/
    fresh = qa_support.copy_project(tmp_path / "fresh")
    qa_support.build(fresh, EDITION_NO_CACHE="1")
    assert qa_support.tree_digest(project / "content") == qa_support.tree_digest(fresh / "content")
    assert qa_support.tree_digest(project / "site") == qa_support.tree_digest(fresh / "site")


def test_a_corrupt_cache_is_ignored(project):
    for path in (project / ".edition-cache" / "documents").glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    (project / ".edition-cache" / "site.json").write_text("{not json", encoding="utf-8")
    content = qa_support.tree_digest(project / "content")
    qa_support.build(project)
    assert qa_support.tree_digest(project / "content") == content


def test_timings_and_progress_are_printed(project):
    result = qa_support.build(project, "--timings", EDITION_NO_CACHE="1")
    for stage in ("read", "render", "write", "site"):
        assert f"  {stage} " in result.stderr, result.stderr


def test_an_unchanged_book_is_kept_and_a_changed_one_rebuilt(project):
    pdf = project / "build" / "book" / "edition.pdf"
    if not pdf.is_file():
        pytest.skip("this build makes no PDF")
    before = pdf.stat().st_mtime_ns
    result = qa_support.build(project)
    assert "kept: inputs unchanged" in result.stderr
    assert pdf.stat().st_mtime_ns == before
    with (project / "sources" / "corrections.yml").open("a", encoding="utf-8") as out:
        out.write("\n# an editor's comment changes the book's inputs\n")
    result = qa_support.build(project)
    assert "kept: inputs unchanged" not in result.stderr
    assert pdf.stat().st_mtime_ns != before


def test_a_touched_source_skips_reading_and_writing(project):
    source = sorted((project / "sources").glob("*.txt"))[0]
    source.touch()
    result = qa_support.build(project)
    assert "content/ is up to date (sources and code unchanged)" in result.stderr


def test_a_hand_edited_generated_page_is_regenerated(project):
    doc_id = qa_support.buildable_ids(project)[0]
    page = project / "content" / "documents" / f"{doc_id}.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nA stray edit.\n", encoding="utf-8")
    result = qa_support.build(project)
    assert "content/ is up to date (sources" not in result.stderr
    assert page.read_text(encoding="utf-8") == original


def test_a_stale_generated_page_is_removed(project):
    stale = project / "content" / "documents" / "no-longer-catalogued.md"
    stale.write_text("# Gone\n", encoding="utf-8")
    qa_support.build(project)
    assert not stale.exists()


def test_downloads_change_in_place_when_mkdocs_inputs_did_not(project, tmp_path, monkeypatch):
    from edition.config import Config
    from edition.site_build import SiteBuild

    monkeypatch.setenv("SOURCE_DATE_EPOCH", qa_support.EPOCH)  # as the build had it
    monkeypatch.delenv("EDITION_NO_CACHE", raising=False)
    cfg = Config(project)
    before = _site_mtime(project)
    pdf = tmp_path / "edition.pdf"
    pdf.write_bytes(b"%PDF-1.7 a new book")
    site = SiteBuild.start(cfg)
    assert not site.running  # content/ unchanged: MkDocs is not run
    site.finish({"downloads/edition.pdf": pdf})
    assert (project / "site" / "downloads" / "edition.pdf").read_bytes() == pdf.read_bytes()
    assert _site_mtime(project) == before
    SiteBuild.start(cfg).finish({})  # a build without the PDF: the old copy goes
    assert not (project / "site" / "downloads" / "edition.pdf").exists()


def test_an_abandoned_site_build_leaves_site_and_no_debris(project):
    from edition.config import Config
    from edition.site_build import SiteBuild

    digest = qa_support.tree_digest(project / "site")
    with (project / "content" / "index.md").open("a", encoding="utf-8") as out:
        out.write("\nAn edit whose book then fails.\n")
    site = SiteBuild.start(Config(project))
    assert site.running
    site.abandon()  # what `edition build` does when the book fails
    assert qa_support.tree_digest(project / "site") == digest
    assert not list(project.glob(".site-new-*"))


def test_a_failed_site_build_says_what_was_written(project):
    """content/ regenerated, then MkDocs fails: the message must not claim that nothing
    was written, and site/ stays as it was."""
    site = qa_support.tree_digest(project / "site")
    doc_id = qa_support.buildable_ids(project)[0]
    entry = next(e for e in qa_support.catalog_entries(project) if e["id"] == doc_id)
    catalog = project / "sources" / "catalog.yml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(
        f"title: {entry['title']}", "title: A Title Changed Before MkDocs Failed", 1), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("name: material", "name: no-such-theme", 1),
                      encoding="utf-8")
    result = qa_support.run_cli(project, "build", *qa_support.only_args())
    assert result.returncode == 2, result.stderr
    assert "content/ was regenerated; site/ and the book are as they were" in result.stderr
    assert "Traceback" not in result.stderr
    assert qa_support.tree_digest(project / "site") == site
    page = (project / "content" / "documents" / f"{doc_id}.md").read_text(encoding="utf-8")
    assert "A Title Changed Before MkDocs Failed" in page
