"""The whole pipeline: --check, atomic output, bad input, determinism, the lock."""
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FURMAN, ROOT, copy_project


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(project / "scripts"), SOURCE_DATE_EPOCH="1700000000")
    return subprocess.run([sys.executable, "-m", "edition.cli", "--root", str(project), *args],
                          capture_output=True, text=True, env=env, cwd=project)


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def only_args() -> list[str]:
    """Build every document whose kind has an adapter (all, once every adapter exists)."""
    from edition.adapters import ADAPTERS
    from edition.catalog import load_yaml
    docs = load_yaml(ROOT / "sources" / "catalog.yml")["documents"]
    ids = [d["id"] for d in docs if d["kind"] in ADAPTERS]
    return [] if len(ids) == len(docs) else ["--only", ",".join(ids)]


def test_committed_content_is_up_to_date():
    result = run(ROOT, "build", "--check", *only_args())
    assert result.returncode == 0, result.stderr


def test_check_fails_when_content_is_stale(project):
    page = project / "content" / "documents" / f"{FURMAN}.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nhand edit\n", encoding="utf-8")
    result = run(project, "build", "--check", *only_args())
    assert result.returncode == 1
    assert f"content/documents/{FURMAN}.md" in result.stderr


def test_two_builds_are_byte_identical(tmp_path):
    digests = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        project = copy_project(tmp_path / name)
        shutil.rmtree(project / "content" / "documents")
        result = run(project, "build", "--no-pdf", *only_args())
        assert result.returncode == 0, result.stderr
        digests.append((tree_digest(project / "content"), tree_digest(project / "site")))
    assert digests[0] == digests[1]


def test_failed_build_leaves_last_good_output(project):
    assert run(project, "build", "--no-pdf", *only_args()).returncode == 0
    before = (tree_digest(project / "content"), tree_digest(project / "site"))
    source = project / "sources" / "furman-2005-regime-in-kazakhstan.txt"
    source.write_bytes(source.read_bytes().replace("Notes\n".encode(), "Notes\n\n17. A stray note.\n".encode(), 1))
    result = run(project, "build", "--no-pdf", *only_args())
    assert result.returncode == 2
    assert "has changed: sha256" in result.stderr and "catalog.yml" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tree_digest(project / "content"), tree_digest(project / "site")) == before


def _edit_source(project: Path, old: bytes, new: bytes) -> None:
    """Edits the raw source and updates its checksum, as an editor fixing a file would."""
    import hashlib as h
    source = project / "sources" / "furman-2005-regime-in-kazakhstan.txt"
    data = source.read_bytes()
    assert old in data
    old_sum = h.sha256(data).hexdigest()
    data = data.replace(old, new, 1)
    source.write_bytes(data)
    catalog = project / "sources" / "catalog.yml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(old_sum, h.sha256(data).hexdigest()),
                       encoding="utf-8")


@pytest.mark.parametrize("old,new,message", [
    (b"\n\n17. ", b"\n\n171. ", "note 171 follows note 16: expected note 17"),
    (b"\n\n18. ", b"\n\n17. ", "note 17 is numbered twice"),
    (b"Nursultan Abishevich Nazarbaev.\xc2\xb9", b"Nursultan Abishevich Nazarbaev.\xc2\xb9\xe2\x81\xb9\xe2\x81\xb9\xe2\x81\xb9",
     "note call 1999 has no note"),
    (b"Nursultan Abishevich Nazarbaev", b"Nursultan \xff Nazarbaev", "is not valid UTF-8"),
])
def test_bad_chapter_input_names_file_and_line(project, old, new, message):
    _edit_source(project, old, new)
    result = run(project, "build", "--no-site", "--only", FURMAN)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "sources/furman-2005-regime-in-kazakhstan.txt:" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("mutate,message", [
    (lambda t: t.replace("kind: chapter-endnotes", "kind: scroll"), "unknown kind 'scroll'"),
    (lambda t: t.replace("file: furman-2005-regime-in-kazakhstan.txt", "file: missing.txt"),
     "file 'missing.txt' does not exist"),
    (lambda t: t.replace("file: furman-2005-regime-in-kazakhstan.txt", "file: ../README.md"), "outside sources/"),
    (lambda t: t.replace("  - id: furman-2005\n", "  - id: furman-2005\n  bad: [\n"), "malformed YAML"),
])
def test_bad_catalog_names_file_and_line(project, mutate, message):
    catalog = project / "sources" / "catalog.yml"
    catalog.write_text(mutate(catalog.read_text(encoding="utf-8")), encoding="utf-8")
    result = run(project, "build", "--no-site", "--only", FURMAN)
    assert result.returncode == 2
    assert message in result.stderr
    assert "sources/catalog.yml:" in result.stderr
    assert "Traceback" not in result.stderr


def test_raw_sources_match_their_catalog_checksums(root):
    from edition.catalog import load_yaml
    for entry in load_yaml(root / "sources" / "catalog.yml")["documents"]:
        data = (root / "sources" / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]


def test_lock_pins_anchors_over_an_insertion_and_catches_changed_words(project):
    # An inserted paragraph no longer shifts the later numbers: anchors are pinned to the
    # words the lock knows, and the newcomer takes a fresh anchor (docs/anchors.md).
    _edit_source(project, b"\nThe goal of this chapter is", b"\nA new paragraph.\n\nThe goal of this chapter is")
    result = run(project, "build", "--no-site", "--only", FURMAN)
    assert result.returncode == 0, result.stderr
    page = (project / "content" / "documents" / f"{FURMAN}.md").read_text(encoding="utf-8")
    assert "A new paragraph." in page.split("{: #p2-2 }")[0].rsplit("{: #", 1)[-1]
    assert "The goal of this chapter is" in page.split("{: #p2 }")[0].rsplit("{: #", 1)[-1]
    # Changed words at a published anchor fail the build, naming anchor and lock line …
    _edit_source(project, b"The goal of this chapter is", b"The aim of this chapter is")
    result = run(project, "build", "--no-site", "--only", FURMAN)
    assert result.returncode == 2
    assert "furman-2005#p2 now lands on different words" in result.stderr
    assert "sources/anchors.lock:" in result.stderr
    # … until `edition lock` accepts them.
    assert run(project, "lock", "--only", FURMAN).returncode == 0
    assert run(project, "build", "--no-site", "--only", FURMAN).returncode == 0
