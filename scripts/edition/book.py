"""The downloadable editions: PDF and EPUB from the same model, plus the anchor concordance.

    build_book(cfg, corpus) -> BookOutputs   # files in build/book/, ready for the site

Both books are written from one pandoc Markdown text per target (writers/pandoc_markdown.py).
The concordance maps every anchor to its web URL and its PDF page, so a citation by page
and a citation by link can be converted (docs/anchors.md).
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from . import anchor_lock
from .config import Config
from .errors import EditionError, Problem
from .ids import pdf_destination
from .model import Corpus
from .writers import epub as epub_writer
from .writers import pdf as pdf_writer
from .writers.pandoc_markdown import EditionInfo, render_book

PDF_NAME = "edition.pdf"
EPUB_NAME = "edition.epub"
CONCORDANCE_TSV = "concordance.tsv"
CONCORDANCE_JSON = "concordance.json"


@dataclass
class BookOutputs:
    folder: Path
    files: dict[str, Path] = field(default_factory=dict)  # path in the site -> file
    anchor_pages: list[pdf_writer.AnchorPage] = field(default_factory=list)


def edition_info(cfg: Config, corpus: Corpus, bibliography: bool) -> EditionInfo:
    """The edition's own facts: title and description from mkdocs.yml, the build date."""
    try:
        site = yaml.safe_load((cfg.root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        site = {}
    name = str(site.get("site_name") or "Edition")
    title, _, subtitle = name.partition(" — ")
    date = dt.datetime.fromtimestamp(cfg.source_date_epoch(), dt.timezone.utc).date().isoformat()
    return EditionInfo(
        title=title.strip(), subtitle=subtitle.strip(),
        description=str(site.get("site_description") or ""),
        url=str(site.get("site_url") or ""), date=date,
        language=str((site.get("theme") or {}).get("language") or "en"),
        bibliography=bibliography,
        short_destinations_for=_first_catalogued(cfg, corpus),
    )


def _first_catalogued(cfg: Config, corpus: Corpus) -> str:
    """The catalog's first document (the edition's principal text), if it is being built:
    its anchors are also PDF destinations under their bare names (`n194`)."""
    try:
        data = yaml.safe_load((cfg.sources / "catalog.yml").read_text(encoding="utf-8")) or {}
        first = str((data.get("documents") or [{}])[0].get("id", ""))
    except (OSError, yaml.YAMLError, AttributeError, IndexError):
        return ""
    return first if any(doc.id == first for doc in corpus.documents) else ""


def register_names(corpus: Corpus) -> dict[str, str]:
    """Index headwords from the person and event registers, when the corpus carries them.

    Persons by their sort name ("Nazarbaev, Nursultan"), events by name and date. The
    registers arrive with issue "registers" (Corpus.registers); until then the index
    takes each entry's name from the words of its mentions (pandoc_markdown.mention_entries).
    """
    registers = getattr(corpus, "registers", None)  # absent before the registers merge
    if registers is None:
        return {}
    names: dict[str, str] = {}
    for person in getattr(registers, "persons", ()):
        names[person.target] = person.sort_name or person.name
    for event in getattr(registers, "events", ()):
        names[event.target] = f"{event.name} ({event.date.replace('/', '–')})" if event.date else event.name
    return names


def aliases_by_document(cfg: Config) -> dict[str, dict[str, list[str]]]:
    aliases, _ = anchor_lock.read_aliases(cfg.alias_file)
    out: dict[str, dict[str, list[str]]] = {}
    for alias in aliases:
        out.setdefault(alias.document, {}).setdefault(alias.new, []).append(alias.old)
    return out


def build_book(cfg: Config, corpus: Corpus, pdf: bool = True, epub: bool = True,
               folder: Path | None = None) -> BookOutputs:
    folder = folder or cfg.root / "build" / "book"
    folder.mkdir(parents=True, exist_ok=True)
    epoch = cfg.source_date_epoch()
    bib = cfg.bibliography if cfg.bibliography.is_file() and cfg.bibliography.stat().st_size else None
    info = replace(edition_info(cfg, corpus, bibliography=bib is not None),
                   register_names=register_names(corpus))
    aliases = aliases_by_document(cfg)
    out = BookOutputs(folder)
    problems = destination_clashes(corpus, info.short_destinations_for, aliases)
    if problems:
        raise EditionError(problems)
    if pdf:
        markdown = render_book(corpus, info, "typst", aliases)
        (folder / "edition-typst.md").write_text(markdown, encoding="utf-8")
        source = pdf_writer.typst_source(markdown, folder, epoch, bib, memo_root=cfg.root)
        (folder / "edition.typ").write_text(source, encoding="utf-8")
        authors = _authors(corpus)
        data, pages = pdf_writer.compile_pdf(folder / "edition.typ", pdf_writer.pdf_inputs(
            f"{info.title}: {info.subtitle}" if info.subtitle else info.title, authors,
            info.description, ["edition"] + [d.id for d in corpus.documents]), epoch, memo_root=cfg.root)
        (folder / PDF_NAME).write_bytes(data)
        out.files[PDF_NAME] = folder / PDF_NAME
        out.anchor_pages = pages
        rows = concordance(corpus, pages, info.url, aliases)
        (folder / CONCORDANCE_TSV).write_text(render_tsv(rows), encoding="utf-8")
        (folder / CONCORDANCE_JSON).write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n",
                                               encoding="utf-8")
        out.files[CONCORDANCE_TSV] = folder / CONCORDANCE_TSV
        out.files[CONCORDANCE_JSON] = folder / CONCORDANCE_JSON
    if epub:
        markdown = render_book(corpus, info, "epub", aliases)
        (folder / "edition-epub.md").write_text(markdown, encoding="utf-8")
        data = epub_writer.build_epub(markdown, folder, epoch, bib, info, memo_root=cfg.root)
        (folder / EPUB_NAME).write_bytes(data)
        out.files[EPUB_NAME] = folder / EPUB_NAME
    return out


def destination_clashes(corpus: Corpus, short_for: str,
                        aliases: dict[str, dict[str, list[str]]]) -> list[Problem]:
    """PDF destination names made twice (`<doc>-<anchor>` of two documents, or a short name)."""
    owners: dict[str, list[str]] = {}
    for doc in corpus.documents:
        owners.setdefault(doc.id, []).append(f"the start of {doc.id}")
    for locked in anchor_lock.collect(corpus):
        for name in [locked.anchor] + aliases.get(locked.document, {}).get(locked.anchor, []):
            names = [pdf_destination(locked.document, name)]
            if locked.document == short_for:
                names.append(name)
            for dest in names:
                owners.setdefault(dest, []).append(f"{locked.document}#{name}")
    return [Problem("sources/catalog.yml", 0, f"PDF destination {dest!r} would be made by "
                    + " and by ".join(who), "rename a document id (or a heading) so the names differ")
            for dest, who in sorted(owners.items()) if len(who) > 1]


def _authors(corpus: Corpus) -> list[str]:
    seen: list[str] = []
    for doc in corpus.documents:
        seen.extend(a for a in doc.authors if a not in seen)
    return seen


def concordance(corpus: Corpus, pages: list[pdf_writer.AnchorPage], site_url: str,
                aliases: dict[str, dict[str, list[str]]]) -> list[dict]:
    """anchor -> web URL -> PDF page, for every anchor in the lock's sense (and old aliases)."""
    by_name = {p.name: p for p in pages}
    rows = []
    base = site_url.rstrip("/") + "/" if site_url else ""
    for locked in anchor_lock.collect(corpus):
        names = [locked.anchor] + aliases.get(locked.document, {}).get(locked.anchor, [])
        page = by_name.get(pdf_destination(locked.document, locked.anchor))
        for name in names:
            rows.append({
                "document": locked.document, "anchor": name,
                "alias_of": locked.anchor if name != locked.anchor else "",
                "url": f"{base}documents/{locked.document}/#{name}",
                "pdf_destination": pdf_destination(locked.document, name),
                "pdf_page": page.page if page else None,
                "pdf_file_page": page.physical if page else None,
            })
    return rows


def render_tsv(rows: list[dict]) -> str:
    keys = ["document", "anchor", "alias_of", "url", "pdf_destination", "pdf_page", "pdf_file_page"]
    lines = ["\t".join(keys)]
    for row in rows:
        lines.append("\t".join("" if row[k] is None else str(row[k]) for k in keys))
    return "\n".join(lines) + "\n"


def copy_outputs(outputs: BookOutputs, dest: Path) -> None:
    for rel, path in outputs.files.items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
