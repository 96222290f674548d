"""Reproducible builds: two clean builds in two different folders, with different hash
seeds, give byte-identical outputs; SOURCE_DATE_EPOCH sets every date and timestamp.

The outputs compared are whatever the build produces: site/, content/, the anchor lock,
and (once their writers land) bibliography.bib, the PDF and the EPUB wherever they are
written, so this test grows with the edition without changes.
"""
from __future__ import annotations

import datetime
import gzip
import re
import struct
from pathlib import Path

import pytest

import qa_support

# Files a build may write outside site/ and content/ (bibliography, PDF, EPUB, lock).
OUTPUT_PATTERNS = ("*.bib", "*.pdf", "*.epub", "sources/anchors.lock", "build/**/*", "dist/**/*")


def outputs(root: Path) -> dict[str, str]:
    found = {f"site/{k}": v for k, v in qa_support.tree_digest(root / "site").items()}
    found.update({f"content/{k}": v for k, v in qa_support.tree_digest(root / "content").items()})
    for pattern in OUTPUT_PATTERNS:
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                found[str(path.relative_to(root))] = qa_support.sha256(path)
    return found


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    first = qa_support.copy_project(tmp_path_factory.mktemp("first") / "edition")
    second = qa_support.copy_project(tmp_path_factory.mktemp("second-build") / "another-name")
    qa_support.build(first, PYTHONHASHSEED="1")
    qa_support.build(second, PYTHONHASHSEED="2")
    return first, second


def test_two_clean_builds_are_byte_identical(two_builds):
    first, second = two_builds
    a, b = outputs(first), outputs(second)
    assert a.keys() == b.keys()
    differing = sorted(k for k in a if a[k] != b[k])
    assert not differing, f"outputs differ between two clean builds: {differing}"


def test_outputs_cover_site_and_content(two_builds):
    found = outputs(two_builds[0])
    for doc_id in qa_support.buildable_ids():
        assert f"site/documents/{doc_id}/index.html" in found
        assert f"content/documents/{doc_id}.md" in found
    assert "site/sitemap.xml" in found and "site/search/search_index.json" in found


def test_no_build_path_leaks_into_outputs(two_builds):
    root = two_builds[1]
    for path in (root / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js", ".css", ".md"):
            assert str(root) not in path.read_text(encoding="utf-8", errors="replace"), path


@pytest.mark.parametrize("epoch", [1600000000, 1700000000])
def test_source_date_epoch_is_honoured(tmp_path, epoch):
    root = qa_support.copy_project(tmp_path / "project")
    qa_support.build(root, SOURCE_DATE_EPOCH=str(epoch))
    day = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).date().isoformat()
    sitemap = (root / "site" / "sitemap.xml").read_text(encoding="utf-8")
    dates = set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap))
    assert dates == {day}, dates
    # The gzip header's modification time (bytes 4–8): MkDocs uses the epoch's day.
    header = (root / "site" / "sitemap.xml.gz").read_bytes()[:10]
    assert struct.unpack("<I", header[4:8])[0] == epoch - epoch % 86400
    assert gzip.decompress((root / "site" / "sitemap.xml.gz").read_bytes()).decode() == sitemap
    # The search index holds no date at all (nothing that could vary with the clock).
    index = (root / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    today = datetime.date.today().isoformat()
    assert today not in index and today not in sitemap
