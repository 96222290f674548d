"""Register pages and coverage: every backlink lands on an existing anchor, every mention
is listed on its page, and no name-like word in any of the five sources is unexplained."""
import re

import pytest

from conftest import ROOT
from edition import build
from edition.adapters import ADAPTERS
from edition.catalog import load_catalog, read_source_text
from edition.checks import all_anchors
from edition.coverage import flagged_mentions, render_coverage, unexplained
from edition.enrich.anchors import assign_anchors
from edition.enrich.mentions import mention_enricher
from edition.model import Corpus, Document, Paragraph, Provenance, Text
from edition.registers import load_registers
from edition.writers.register_pages import collect, human_date, link_for, render_register_pages

REGS = load_registers(ROOT / "sources", ROOT)
KINDS = {"chapter-endnotes", "declassified-memo", "web-article"}


@pytest.fixture(scope="module")
def corpus(cfg):
    """Every document whose kind has an adapter, as the build makes it."""
    ids = {e.id for e in load_catalog(cfg.sources, KINDS) if e.kind in ADAPTERS}
    return build.load_corpus(cfg, ids)


def raw_document(cfg, entry) -> Document:
    """A source whose adapter is not there yet, as plain paragraphs (blank-line separated),
    so that the registers are checked against all five texts already."""
    text = read_source_text(cfg.sources / entry.file)
    blocks, line = [], 1
    for chunk in re.split(r"\n\s*\n", text):
        if chunk.strip():
            blocks.append(Paragraph((Text(" ".join(chunk.split())),), provenance=Provenance(line, line)))
        line += chunk.count("\n") + 2
    return Document(entry.id, entry.title, (), entry, tuple(blocks))


@pytest.fixture(scope="module")
def all_five(cfg, corpus):
    built = {d.id for d in corpus.documents}
    enrich = mention_enricher(REGS)
    extra = tuple(enrich(assign_anchors(raw_document(cfg, e)))
                  for e in load_catalog(cfg.sources, KINDS) if e.id not in built)
    return Corpus(corpus.documents + extra, REGS)


@pytest.fixture(scope="module")
def pages(corpus):
    files = render_register_pages(corpus, REGS)
    files["content/reports/register-coverage.md"] = render_coverage(corpus, REGS)
    return files


LINK_RE = re.compile(r"\]\(([^)\s]+)\)")


def test_every_backlink_lands_on_an_existing_anchor(corpus, pages):
    anchors = {doc.id: set(all_anchors(doc)) for doc in corpus.documents}
    checked = 0
    for path, text in pages.items():
        for url in LINK_RE.findall(text):
            if url.startswith("../documents/"):
                doc_id, _, anchor = url[len("../documents/"):].partition(".md#")
                assert anchor in anchors[doc_id], f"{path}: {url}"
                checked += 1
            elif url.endswith(".md") or ".md#" in url:
                page = url.split("#")[0]
                folder = path.rsplit("/", 1)[0]
                target = re.sub(r"[^/]+/\.\./", "", f"{folder}/{page}")
                assert target in pages, f"{path}: {url}"
    assert checked > 500  # one per (document, anchor, target)


def test_every_mention_is_tied_to_an_anchor_and_listed(corpus, pages):
    records = collect(corpus)
    assert records and all(r.anchor for r in records)
    for target in {r.target for r in records}:
        kind, ident = target.split("/")
        page = pages[f"content/{kind}s/{ident}.md"]
        n = sum(1 for r in records if r.target == target)
        assert f"## Mentions ({n}) {{#mentions}}" in page


def test_document_links_reach_the_register_pages(corpus, pages):
    text = build.render_document(corpus.documents[0], link_for=link_for)
    hrefs = set(re.findall(r'class="mention" href="\.\./\.\./(persons|events)/([^/"]+)/"', text))
    assert hrefs
    assert all(f"content/{kind}/{ident}.md" in pages for kind, ident in hrefs)


def test_person_page_shows_names_mentions_alongside_and_events(pages):
    page = pages["content/persons/nazarbaeva-dariga.md"]
    assert page.startswith('---\ntitle: "Dariga Nazarbaeva"\n---')
    assert "“Dariga”" in page and "“Nazarbaeva”" in page
    assert "](../documents/furman-2005.md#n148)" in page
    assert "[Rakhat Aliev](aliev-rakhat.md)" in page
    assert "[Kazakhgate](../events/kazakhgate.md)" in page


def test_indexes_and_timeline(pages):
    index = pages["content/persons/index.md"]
    assert "- [Nazarbaev, Nursultan](nazarbaev-nursultan.md) — " in index
    assert index.index("## A {#letter-a}") < index.index("## Z {#letter-z}")
    timeline = pages["content/events/timeline.md"]
    assert timeline.index("Great Terror") < timeline.index("Leningrad affair") < timeline.index("August putsch")
    assert "](../documents/furman-2005.md#p" in timeline
    assert human_date("1991-08-19/1991-08-21") == "19 August 1991 – 21 August 1991"


def test_registers_are_complete_against_all_five_sources(all_five):
    missing = unexplained(all_five, REGS)
    assert not missing, ("name-like words no register explains (add a person or variant to "
                         "sources/persons.yml, or the word to sources/not-persons.yml): "
                         + ", ".join(f"{w} ({p[0].document}#{p[0].anchor})" for w, p in missing.items()))
    assert flagged_mentions(all_five) == []


def test_every_person_is_mentioned_somewhere(all_five):
    found = {r.target for r in collect(all_five)}
    unused = [p.id for p in REGS.persons if p.target not in found]
    assert unused == []


def test_coverage_report_names_what_is_missing(all_five):
    from dataclasses import replace
    fewer = replace(REGS, not_persons=REGS.not_persons - {"Chemolgan"})
    report = render_coverage(all_five, fewer)
    assert "**Chemolgan** (2×): [furman-2005#p" in report
