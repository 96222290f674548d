"""Incremental builds: skip work whose inputs have not changed since the last build.

Caches under `.edition-cache/` (not committed; delete it at any time):

- documents/: each adapter's output (a Document, pickled), keyed by the source's bytes
  (its sha256, already verified against the catalog), the catalog entry, and the code of
  this package. An adapter is a pure function of exactly these, so a hit is always
  what a fresh read would give. Enrichers still run on every build (they may depend on
  the whole corpus).
- content.json: the generated files of content/ (and the lock) with a digest of what
  they are made from (this package, every file in sources/, `--only`); when it matches
  and the files are on disk as written, reading, enriching and rendering are skipped.
- book-*.json: the PDF and EPUB files of the last book build with a digest of what they
  are made from (this package, every file in sources/, bibliography.bib, the documents
  built, SOURCE_DATE_EPOCH, the pandoc and Typst versions); reused while it matches.
- site.json: a digest of everything `mkdocs build` reads (content/, mkdocs.yml, the
  theme overrides, the installed versions of MkDocs and its theme, SOURCE_DATE_EPOCH)
  and of the downloads copied into the site. When the first matches and site/ exists,
  MkDocs is not run; changed downloads are replaced in place (site_build.py).
- pandoc/, typst/: the tools' outputs by a digest of their inputs (memo.py).

Set EDITION_NO_CACHE=1 to bypass both.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from importlib import metadata
from pathlib import Path

from .model import CatalogEntry, Document

CACHE_DIR = ".edition-cache"
_PACKAGE = Path(__file__).resolve().parent
_SITE_PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions")
_BOOK_PACKAGES = ("pypandoc-binary", "typst", "bibtexparser")


def enabled() -> bool:
    return os.environ.get("EDITION_NO_CACHE", "") in ("", "0")


_code_digest: str | None = None


def code_digest() -> str:
    """A digest of every file of this package, modules and templates (a code change
    invalidates the cache)."""
    global _code_digest
    if _code_digest is None:
        h = hashlib.sha256()
        for path in sorted(_PACKAGE.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            h.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
        _code_digest = h.hexdigest()
    return _code_digest


def _describe(fn) -> str:
    """A function by name; a closure also by what it closes over (whose repr carries
    memory addresses, so a closure — e.g. a test's patched step — never hits the cache)."""
    name = f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', repr(fn))}"
    return name + "".join(repr(cell.cell_contents) for cell in (getattr(fn, "__closure__", None) or ()))


def pipeline_digest() -> str:
    """The code digest plus the adapters and enrichers in use at run time (a library
    user or a test may replace them without changing a file)."""
    from .adapters import ADAPTERS
    from .build import ENRICHERS  # late: build imports this module

    parts = [code_digest()] + [f"{kind}={_describe(fn)}" for kind, fn in sorted(ADAPTERS.items())]
    parts += [_describe(fn) for fn in ENRICHERS]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _document_key(entry: CatalogEntry, shown_path: str) -> str:
    h = hashlib.sha256()
    h.update(pipeline_digest().encode())
    h.update(repr(entry).encode())  # includes the verified sha256 of the source
    h.update(shown_path.encode())
    return h.hexdigest()


def load_document(root: Path, entry: CatalogEntry, shown_path: str) -> Document | None:
    if not enabled():
        return None
    path = root / CACHE_DIR / "documents" / f"{entry.id}.pickle"
    try:
        key, doc = pickle.loads(path.read_bytes())
    except (OSError, pickle.PickleError, EOFError, ValueError, AttributeError, ImportError):
        return None
    return doc if key == _document_key(entry, shown_path) else None


def store_document(root: Path, entry: CatalogEntry, shown_path: str, doc: Document) -> None:
    if not enabled():
        return
    folder = root / CACHE_DIR / "documents"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / f".{entry.id}.pickle.tmp"
        temp.write_bytes(pickle.dumps((_document_key(entry, shown_path), doc), protocol=5))
        os.replace(temp, folder / f"{entry.id}.pickle")
    except OSError:
        pass  # a cache that cannot be written only costs time


def site_inputs_digest(root: Path, docs_dir: Path, epoch: int) -> str:
    """Everything `mkdocs build` reads: content/, mkdocs.yml, the theme overrides, the
    installed versions of MkDocs and its theme, SOURCE_DATE_EPOCH (site_build.py)."""
    h = hashlib.sha256()
    for name in _SITE_PACKAGES:
        try:
            h.update(f"{name}=={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=?\0".encode())
    h.update(f"epoch={epoch}\0".encode())
    h.update((root / "mkdocs.yml").read_bytes())
    for folder in (docs_dir, root / "overrides"):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                h.update(str(path.relative_to(root)).encode() + b"\0")
                h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _versions(names: tuple[str, ...]) -> bytes:
    parts = []
    for name in names:
        try:
            parts.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=?")
    return "\0".join(parts).encode()


def _files_digest(h, root: Path, paths: list[Path]) -> None:
    for path in paths:
        if path.is_file():
            h.update(str(path.relative_to(root)).encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())


def sources_digest(root: Path, only: set[str] | None, *extra: str) -> str:
    """What the model is made from: this package, every file in sources/, mkdocs.yml,
    the documents asked for (`--only`), and `extra` strings."""
    h = hashlib.sha256()
    h.update(pipeline_digest().encode())
    h.update(("\0".join(sorted(only)) if only else "*all*").encode() + b"\0")
    h.update("\0".join(extra).encode() + b"\0")
    _files_digest(h, root, sorted((root / "sources").rglob("*")))
    _files_digest(h, root, [root / "mkdocs.yml"])  # the bibliography page reads the site's facts
    return h.hexdigest()


def book_inputs_digest(root: Path, only: set[str] | None, epoch: int, pdf: bool, epub: bool) -> str:
    # The book also reads the edition's title from mkdocs.yml, and bibliography.bib.
    h = hashlib.sha256(sources_digest(root, only, f"{epoch}", f"{pdf}", f"{epub}").encode())
    h.update(_versions(_BOOK_PACKAGES))
    _files_digest(h, root, [root / "mkdocs.yml", root / "bibliography.bib"])
    return h.hexdigest()


# ---------------------------------------------------------------- content
def content_is_current(cfg, digest: str) -> bool:
    """True when the generated files were written from these very inputs and are
    still on disk as written (nothing edited, nothing stale)."""
    if not enabled():
        return False
    try:
        record = json.loads((cfg.root / CACHE_DIR / "content.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(record, dict) or record.get("digest") != digest:
        return False
    files: dict = record.get("files", {})
    from .build import stale_files  # late: build imports this module

    for rel, sha in files.items():
        path = cfg.root / rel
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != sha:
            return False
    return not stale_files(cfg, files)


def mark_content(cfg, digest: str, files: dict[str, str]) -> None:
    if not enabled():
        return
    record = {"digest": digest, "files": {rel: hashlib.sha256(text.encode("utf-8")).hexdigest()
                                          for rel, text in sorted(files.items())}}
    try:
        (cfg.root / CACHE_DIR).mkdir(exist_ok=True)
        (cfg.root / CACHE_DIR / "content.json").write_text(json.dumps(record, indent=0) + "\n",
                                                          encoding="utf-8")
    except OSError:
        pass


def _book_record(root: Path, pdf: bool, epub: bool) -> Path:
    return root / CACHE_DIR / f"book-{'pdf' if pdf else ''}{'epub' if epub else ''}.json"


def cached_book(root: Path, digest: str, pdf: bool = True, epub: bool = True) -> dict[str, Path] | None:
    """The book's files from the last build with the same inputs, if all still exist."""
    if not enabled():
        return None
    try:
        record = json.loads(_book_record(root, pdf, epub).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("digest") != digest:
        return None
    files = {name: root / rel for name, rel in record.get("files", {}).items()}
    return files if files and all(path.is_file() for path in files.values()) else None


def mark_book(root: Path, digest: str, files: dict[str, Path], pdf: bool = True, epub: bool = True) -> None:
    if not enabled():
        return
    record = {"digest": digest, "files": {name: str(Path(path).relative_to(root))
                                          for name, path in sorted(files.items())}}
    try:
        (root / CACHE_DIR).mkdir(exist_ok=True)
        _book_record(root, pdf, epub).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    except (OSError, ValueError):
        pass


def build_book(cfg, load_corpus, only: set[str] | None, pdf: bool = True,
               epub: bool = True) -> tuple[dict[str, Path], bool]:
    """book.build_book unless its inputs are unchanged; returns (files, built now).
    `load_corpus()` gives the corpus, read only when the book must be built."""
    from . import book  # late: only builds that make a book need pandoc and Typst

    digest = book_inputs_digest(cfg.root, only, cfg.source_date_epoch(), pdf, epub)
    files = cached_book(cfg.root, digest, pdf, epub)
    if files:
        return files, False
    files = dict(book.build_book(cfg, load_corpus(), pdf=pdf, epub=epub).files)
    mark_book(cfg.root, digest, files, pdf, epub)
    return files, True
