"""The bibliography stage of the pipeline, in two calls for build.py:

- `enrich(cfg, corpus)`: reads the curated corrections, links every note's citations to
  shared Works (enrich/bibliography.py) and adds the catalogued sources as Works;
  returns the corpus and every problem (file:line) so the build reports them all at once;
- `render(cfg, corpus)`: bibliography.bib, the bibliography page (citeproc via pandoc),
  and each document page's 'Cite this' block and citation_* front matter.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .bib_corrections import load_corrections, unknown_keys
from .config import Config
from .enrich.bibliography import Corrections, cited_in, link_citations
from .errors import Problem
from .model import Corpus
from .writers import cite_this
from .writers.bibliography_page import format_entries, render_page
from .writers.bibtex import render_bibtex, source_work

CORRECTIONS = "bibliography-corrections.yml"
PAGE = "content/bibliography/index.md"
PAGE_BIB = "content/bibliography/bibliography.bib"


def corrections_path(cfg: Config) -> Path:
    return cfg.sources / CORRECTIONS


def _rel(cfg: Config, path: Path) -> str:
    return str(path.relative_to(cfg.root)) if path.is_relative_to(cfg.root) else str(path)


@dataclass(frozen=True)
class Loaded:
    """The curated corrections as read, with the line of each entry and every problem."""
    corrections: Corrections
    entry_lines: dict[str, int]
    problems: list[Problem]


def load(cfg: Config) -> Loaded:
    path = corrections_path(cfg)
    return Loaded(*load_corrections(path, _rel(cfg, path)))


def enrich(cfg: Config, corpus: Corpus, loaded: Loaded | None = None,
           partial: bool = False) -> tuple[Corpus, list[Problem]]:
    """Links the citations; problems: duplicate keys, curated entries for unknown keys
    (not in a `partial` build: the work may be cited by a document left out), and the
    curated file's own problems when `loaded` was not passed in."""
    path = corrections_path(cfg)
    given = loaded is not None
    loaded = loaded or load(cfg)
    corrections, entry_lines = loaded.corrections, loaded.entry_lines
    problems = [] if given else list(loaded.problems)
    own = tuple(source_work(doc.entry) for doc in corpus.documents)
    corpus = link_citations(corpus, corrections, own)
    keys = [w.key for w in corpus.works]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    problems += [Problem(_rel(cfg, cfg.sources / "catalog.yml"), 0,
                         f"bibliography key {k!r} is used by two works",
                         "a catalog id must not equal a cited work's key; rename the id") for k in duplicates]
    if not partial:
        problems += unknown_keys(entry_lines, set(keys), _rel(cfg, path))
    return corpus, problems


@dataclass(frozen=True)
class Rendered:
    files: dict[str, str]
    front_matter: dict[str, list[str]]   # document id → extra front-matter lines
    cite_blocks: dict[str, str]          # document id → 'Cite this' block (Markdown/HTML)


def site_facts(cfg: Config) -> tuple[str, str]:
    """site_url and site_name from mkdocs.yml (plain YAML: the file keeps no Python tags)."""
    data = yaml.safe_load((cfg.root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    return str(data.get("site_url") or "/"), str(data.get("site_name") or "")


def render(cfg: Config, corpus: Corpus) -> Rendered:
    bibtex = render_bibtex(corpus.works)
    formatted = format_entries(bibtex, memo_root=cfg.root)
    files = {_rel(cfg, cfg.bibliography): bibtex, PAGE_BIB: bibtex,
             PAGE: render_page(corpus, formatted, cited_in(corpus))}
    site_url, site_name = site_facts(cfg)
    works = {w.key: w for w in corpus.works}
    front, blocks = {}, {}
    for doc in corpus.documents:
        work = works[doc.id]
        url = cite_this.page_url(site_url, doc)
        front[doc.id] = cite_this.front_matter(work, url)
        blocks[doc.id] = cite_this.block(doc, work, formatted.get(doc.id, ""), url, site_name)
    return Rendered(files, front, blocks)
