"""The EPUB 3 edition: valid under epubcheck, deterministic, notes under their own labels."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from book_fixtures import EPOCH, book_corpus, make_project
from edition import anchor_lock, book
from edition.ids import pdf_destination

EPUBCHECK_JARS = [Path("/usr/share/java/epubcheck.jar")]


def epubcheck_command() -> list[str] | None:
    """epubcheck (Debian package `epubcheck`): its /usr/bin entry is a jar, so run it with java."""
    java = shutil.which("java")
    for jar in EPUBCHECK_JARS:
        if java and jar.is_file():
            return [java, "-jar", str(jar)]
    found = shutil.which("epubcheck")
    if found and not Path(found).resolve().suffix == ".jar":
        return [found]
    return None


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        cfg = make_project(tmp_path_factory.mktemp("project"))
        corpus = book_corpus(cfg)
        out = book.build_book(cfg, corpus, pdf=False, epub=True)
    return cfg, corpus, out


def xhtml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in sorted(z.namelist()) if n.endswith(".xhtml"))


def test_epub_passes_epubcheck(built):
    command = epubcheck_command()
    if command is None:
        pytest.skip("epubcheck is not installed (Debian package: epubcheck; needs java)")
    result = subprocess.run(command + [str(built[2].files["edition.epub"])],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 fatals / 0 errors / 0 warnings" in result.stdout


def test_every_anchor_is_an_id_and_notes_keep_their_labels(built):
    _, corpus, out = built
    text = xhtml(out.files["edition.epub"])
    ids = set(re.findall(r'id="([^"]+)"', text))
    expected = {pdf_destination(a.document, a.anchor) for a in anchor_lock.collect(corpus)}
    assert expected <= ids, sorted(expected - ids)[:10]
    assert re.search(r'id="furman-2005-n194"[^>]*>\s*<p><strong>194\.</strong>', text)
    assert re.search(r'<sup><a href="[^"]*#furman-2005-n194">194</a></sup>', text)
    assert "call of this note is lost" in text
    assert 'class="redaction"' in text


def test_epub_is_deterministic(built, tmp_path):
    cfg, corpus, out = built
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        again = book.build_book(cfg, corpus, pdf=False, epub=True, folder=tmp_path)
    assert again.files["edition.epub"].read_bytes() == out.files["edition.epub"].read_bytes()
