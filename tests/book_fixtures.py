"""Shared fixtures for the book tests: a small real corpus (every source whose adapter
exists, Furman at least), mentions added by a test enricher, and a memo-like document."""
from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

from edition.adapters import ADAPTERS
from edition.build import ENRICHERS, read_document
from edition.catalog import load_catalog, load_yaml
from edition.config import Config
from edition.enrich.anchors import assign_anchors
from edition.model import (CatalogEntry, Corpus, Document, Emph, ListBlock, ListItem, Mention,
                           Note, NoteCall, NumberedSection, Paragraph, Redaction, Strong, Text)

ROOT = Path(__file__).resolve().parents[1]
EPOCH = 1700000000


def known_documents(cfg: Config) -> list[Document]:
    """Every catalogued source whose kind has an adapter (the others are other issues' work)."""
    data = load_yaml(cfg.sources / "catalog.yml")
    kinds = {str(d.get("kind")) for d in data["documents"]}
    docs = []
    for entry in load_catalog(cfg.sources, kinds):
        if entry.kind in ADAPTERS:
            doc = read_document(cfg, entry)
            for enrich in ENRICHERS:
                doc = enrich(doc)
            docs.append(doc)
    return docs


def mention_words(doc: Document, words: dict[str, str]) -> Document:
    """A stand-in for the registers' mention enricher: wraps each listed word in a Mention."""
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b")

    def inlines(nodes):
        out = []
        for node in nodes:
            if isinstance(node, Text):
                last = 0
                for m in pattern.finditer(node.text):
                    if m.start() > last:
                        out.append(Text(node.text[last:m.start()]))
                    out.append(Mention(words[m.group(1)], (Text(m.group(1)),)))
                    last = m.end()
                if last < len(node.text):
                    out.append(Text(node.text[last:]))
            elif isinstance(node, (Emph, Strong)):
                out.append(replace(node, children=tuple(inlines(node.children))))
            else:
                out.append(node)
        return tuple(out)

    blocks = tuple(replace(b, inlines=inlines(b.inlines)) if isinstance(b, Paragraph) else b
                   for b in doc.blocks)
    return replace(doc, blocks=blocks)


def memo_document() -> Document:
    """A small declassified-memo-like document: numbered paragraphs, lettered items,
    a redaction and a symbol note — the features Furman's chapter does not have."""
    entry = CatalogEntry(id="test-memo", file="test-memo.txt", sha256="0" * 64, kind="test",
                         title="A Test Memo", authors=("Central Intelligence Agency",),
                         date="1957-07-23", facts=(("archive", {"identifier": "TEST-1"}),))
    first = Paragraph((Text("The purge was announced by "), Redaction(),
                       Text(" on the same day."), NoteCall("*")))
    items = (ListItem((Paragraph((Text("Malenkov lost his post."),)),), label="a"),
             ListItem((Paragraph((Text("Molotov lost his post."),)),), label="b"))
    byline = Paragraph((Text("Prepared by "), Emph((Text("an unnamed office"),)), Text(" _1957_")),
                       role="byline")
    blocks = (
        byline,
        NumberedSection("1", (first,)),
        NumberedSection("2", (Paragraph((Text("Three points follow:"),)), ListBlock(items))),
    )
    notes = (Note("*", (Paragraph((Text("A symbol footnote of the memo."),)),)),)
    return assign_anchors(Document("test-memo", entry.title, entry.authors, entry, blocks, notes))


def make_project(tmp: Path) -> Config:
    """A copy of the project's configuration and sources (raw sources are only read)."""
    for name in ("mkdocs.yml",):
        shutil.copyfile(ROOT / name, tmp / name)
    shutil.copytree(ROOT / "sources", tmp / "sources")
    shutil.copytree(ROOT / "content", tmp / "content",
                    ignore=shutil.ignore_patterns("documents", "reports"))
    if (ROOT / "bibliography.bib").is_file():
        shutil.copyfile(ROOT / "bibliography.bib", tmp / "bibliography.bib")
    if (ROOT / "overrides").is_dir():  # theme override (citation_* meta tags), named in mkdocs.yml
        shutil.copytree(ROOT / "overrides", tmp / "overrides")
    return Config(tmp)


def make_buildable_project(tmp: Path) -> Config:
    """make_project, with the catalog cut to the sources whose kind has an adapter, so that
    the whole command line runs while other kinds are still being written."""
    import yaml
    cfg = make_project(tmp)
    catalog = cfg.sources / "catalog.yml"
    data = yaml.safe_load(catalog.read_text(encoding="utf-8"))
    data["documents"] = [d for d in data["documents"] if d["kind"] in ADAPTERS]
    catalog.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return cfg


def book_corpus(cfg: Config) -> Corpus:
    docs = known_documents(cfg)
    people = {"Nazarbaev": "person/nazarbaev-nursultan", "Kunaev": "person/kunaev-dinmukhammed",
              "Yeltsin": "person/yeltsin-boris"}
    docs = [mention_words(d, people) for d in docs]
    return Corpus(tuple(docs) + (memo_document(),))
