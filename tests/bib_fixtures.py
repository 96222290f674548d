"""Shared, cached inputs for the bibliography tests: Furman's chapter, parsed and linked."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from edition.adapters import ADAPTERS
from edition.bib_corrections import load_corrections
from edition.catalog import load_catalog, read_source_text
from edition.enrich.anchors import assign_anchors
from edition.enrich.bibliography import link_citations
from edition.model import Corpus, Document
from edition.writers.bibtex import source_work

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sources"


@lru_cache(maxsize=None)
def entries():
    # Kinds whose adapter lives on another branch are accepted here: only the catalog is read.
    return tuple(load_catalog(SOURCES, set(ADAPTERS) | {"declassified-memo", "web-article"}))


@lru_cache(maxsize=None)
def furman() -> Document:
    entry = next(e for e in entries() if e.id == "furman-2005")
    text = read_source_text(SOURCES / entry.file)
    return assign_anchors(ADAPTERS[entry.kind](entry, text, f"sources/{entry.file}"))


@lru_cache(maxsize=None)
def corrections():
    corr, _, problems = load_corrections(SOURCES / "bibliography-corrections.yml",
                                         "sources/bibliography-corrections.yml")
    assert problems == []
    return corr


@lru_cache(maxsize=None)
def linked() -> Corpus:
    own = tuple(source_work(e) for e in entries())
    return link_citations(Corpus((furman(),)), corrections(), own)


def note(doc: Document, label: str):
    return next(n for n in doc.notes if n.label == label)
