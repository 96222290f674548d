"""The pipeline: sources → model → enrichers → checks → writers → files.

Like Pelican, the whole corpus is read and enriched before anything is written
(cross-references need it all). Nothing touches the disk until every stage has
succeeded; then files are staged and moved into place, so a failed build never
destroys the last good output.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from . import anchor_lock, bibliography_build, cache, timing
from .adapters import ADAPTERS
from .audit import audit, audit_lines
from .catalog import load_catalog, read_source_text
from .checks import run_checks
from .config import Config
from .corrections import load_corrections
from .enrich.anchors import assign_anchors
from .enrich.corrections import apply_corrections
from .enrich.suggestions import suggest_ocr_slips
from .errors import EditionError, Problem
from .coverage import render_coverage
from .enrich.mentions import mention_enricher
from .model import Corpus, Document
from .registers import load_registers
from .writers.markdown import escape, render_document
from .writers.register_pages import link_for, render_register_pages
from .writers.provenance import render_provenance
from .writers.report import render_report

Enricher = Callable[[Document], Document]
ENRICHERS: list[Enricher] = [assign_anchors]


def read_document(cfg: Config, entry) -> Document:
    path = cfg.sources / entry.file
    shown = str(path.relative_to(cfg.root)) if path.is_relative_to(cfg.root) else str(path)
    doc = cache.load_document(cfg.root, entry, shown)
    if doc is None:
        doc = ADAPTERS[entry.kind](entry, read_source_text(path), shown)
        cache.store_document(cfg.root, entry, shown, doc)
    return doc


def load_corpus(cfg: Config, only: set[str] | None = None,
                progress: Callable[[int, int, str], None] | None = None) -> Corpus:
    """Reads and enriches every catalogued source (or those in `only`); collects all
    problems before failing. `progress(done, total, id)` is called per document."""
    with timing.stage("catalog"):
        entries = load_catalog(cfg.sources, set(ADAPTERS), only)
        registers = load_registers(cfg.sources, cfg.root)
        corrections = load_corrections(cfg.sources / "corrections.yml")
    with timing.stage("enrich"):  # compiling the name matcher is part of the enrichment
        enrichers = [*ENRICHERS, mention_enricher(registers)]  # mentions need the registers
    documents: list[Document] = []
    problems: list[Problem] = []
    if only is None:
        known = {entry.id for entry in entries}
        problems += [Problem(rules[0].where.rpartition(":")[0], int(rules[0].where.rpartition(":")[2]),
                             f"corrections for {doc_id!r}, which is not in the catalog")
                     for doc_id, rules in sorted(corrections.items()) if doc_id not in known]
    for number, entry in enumerate(entries, 1):
        if progress:
            progress(number, len(entries), entry.id)
        try:
            with timing.stage("read"):
                doc = read_document(cfg, entry)
            with timing.stage("enrich"):
                doc = apply_corrections(doc, corrections.get(entry.id, []))
        except EditionError as exc:
            problems.extend(exc.problems)
            continue
        with timing.stage("enrich"):
            doc = suggest_ocr_slips(doc)
            for enrich in enrichers:
                doc = enrich(doc)
        documents.append(doc)
    with timing.stage("catalog"):
        bib_corrections = bibliography_build.load(cfg)  # the curated file's problems join the rest
    problems.extend(bib_corrections.problems)
    if problems:
        raise EditionError(problems)
    with timing.stage("enrich"):
        # Reading-order anchors follow their words as the lock knows them (anchor_lock.pin_corpus).
        corpus = anchor_lock.pin_corpus(Corpus(tuple(documents), registers), anchor_lock.read(cfg.lock_file))
        # Corpus-level: note citations → one shared bibliography (needs every document).
        corpus, bib_problems = bibliography_build.enrich(cfg, corpus, bib_corrections,
                                                         partial=only is not None)
    with timing.stage("check"):
        problems = bib_problems + run_checks(corpus)
    if problems:
        raise EditionError(problems)
    return corpus


def render_content(cfg: Config, corpus: Corpus, accept_lock: bool = False) -> dict[str, str]:
    """Every generated file as {path relative to the root: text}. Pure but for reading the lock."""
    with timing.stage("render"):
        return _render_content(cfg, corpus, accept_lock)


def _render_content(cfg: Config, corpus: Corpus, accept_lock: bool) -> dict[str, str]:
    current = anchor_lock.collect(corpus)
    aliases, problems = anchor_lock.read_aliases(cfg.alias_file)
    locked = anchor_lock.read(cfg.lock_file)
    built = {doc.id for doc in corpus.documents}
    # A partial build (--only) checks and rewrites only its own documents' anchors.
    others = {key: value for key, value in locked.items() if key[0] not in built}
    locked = {key: value for key, value in locked.items() if key[0] in built}
    if not accept_lock:
        problems += anchor_lock.check(current, locked, aliases, _rel(cfg, cfg.lock_file),
                                      _rel(cfg, cfg.alias_file), built)
    else:  # accepting new words never accepts an alias that cannot work
        problems += anchor_lock.alias_conflicts({(a.document, a.anchor): a for a in current},
                                                aliases, _rel(cfg, cfg.alias_file), built)
    if problems:
        raise EditionError(problems)
    lock_entries = current if accept_lock else anchor_lock.merged(current, locked)
    lock_entries += [value for value, _ in others.values()]

    bib = bibliography_build.render(cfg, corpus)
    files: dict[str, str] = dict(bib.files)
    for doc in corpus.documents:
        doc_aliases: dict[str, list[str]] = {}
        for alias in aliases:
            if alias.document == doc.id:
                doc_aliases.setdefault(alias.new, []).append(alias.old)
        files[f"content/documents/{doc.id}.md"] = render_document(
            doc, doc_aliases, extra_sections=[render_provenance(doc), bib.cite_blocks[doc.id]],
            front_matter=bib.front_matter[doc.id], link_for=link_for)
        raw = read_source_text(cfg.sources / doc.entry.file)
        files[f"content/reports/{doc.id}.md"] = render_report(doc, audit_lines(audit(doc, raw)))
    files["content/documents/index.md"] = render_documents_index(corpus)
    files["content/reports/index.md"] = render_reports_index(corpus)
    if corpus.registers is not None:
        files.update(render_register_pages(corpus, corpus.registers))
        files["content/reports/register-coverage.md"] = render_coverage(corpus, corpus.registers)
    files[_rel(cfg, cfg.lock_file)] = anchor_lock.render(lock_entries)
    return files


def render_documents_index(corpus: Corpus) -> str:
    lines = ["---", "title: Documents", "---", "", "# Documents {#title}", "",
             "The sources of this edition, each cleaned and annotated from its raw text.", ""]
    for doc in corpus.documents:
        who = ", ".join(doc.authors) if doc.authors else "author unknown"
        date = doc.entry.date if doc.entry.date != "unknown" else "date unknown"
        lines.append(f"- [{escape(doc.title)}]({doc.id}.md) — {escape(who)}, {escape(date)}")
    return "\n".join(lines) + "\n"


def render_reports_index(corpus: Corpus) -> str:
    lines = ["---", "title: Cleaning reports", "---", "", "# Cleaning reports {#title}", "",
             "For each source, everything the scripts removed, joined, repaired, corrected "
             "or flagged, with the line of the raw text.", ""]
    for doc in corpus.documents:
        lines.append(f"- [{escape(doc.title)}]({doc.id}.md) ({len(doc.report)} entries)")
    return "\n".join(lines) + "\n"


def _rel(cfg: Config, path: Path) -> str:
    return str(path.relative_to(cfg.root))


# ------------------------------------------------------------------ writing
def stale_files(cfg: Config, files: dict[str, str]) -> list[str]:
    """Files in the generated folders that this build would not write."""
    stale = []
    for folder in cfg.generated_dirs:
        base = cfg.content / folder
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                rel = _rel(cfg, path)
                if path.is_file() and rel not in files:
                    stale.append(rel)
    return stale


def differences(cfg: Config, files: dict[str, str]) -> list[str]:
    """What regenerating would change (for `--check`)."""
    changed = []
    for rel, text in sorted(files.items()):
        path = cfg.root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            changed.append(rel)
    return changed + [f"{rel} (stale)" for rel in stale_files(cfg, files)]


def write_files(cfg: Config, files: dict[str, str], remove_stale: bool = True) -> list[str]:
    """Stages every file, then moves each into place and removes stale generated files
    (unless `remove_stale` is false: writing only some files, e.g. the lock)."""
    with timing.stage("write"):
        return _write_files(cfg, files, remove_stale)


def _write_files(cfg: Config, files: dict[str, str], remove_stale: bool) -> list[str]:
    staging = Path(tempfile.mkdtemp(prefix=".edition-staging-", dir=cfg.root))
    try:
        for rel, text in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        changed = []
        for rel in sorted(files):
            dest = cfg.root / rel
            if dest.is_file() and dest.read_text(encoding="utf-8") == files[rel]:
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, dest)
            changed.append(rel)
        for rel in (stale_files(cfg, files) if remove_stale else []):
            (cfg.root / rel).unlink()
            changed.append(f"{rel} (removed)")
        return changed
    finally:
        shutil.rmtree(staging, ignore_errors=True)
