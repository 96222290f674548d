"""Precision and recall of person-mention finding on a hand-annotated sample.

What this measures: for every passage in tests/data/mention-sample.yml (real sentences from
all five sources, chosen for their difficulty, annotated by hand under the guidelines in
that file), the person mentions the matcher finds — words and register id — against the
annotation. A found mention counts as correct only if both its words and its person match
an annotated one. Precision = correct / found, recall = correct / annotated, over the whole
sample. The issue's bar for the full independent annotation is recall >= 0.97 and
precision >= 0.99; the sample must clear the same bar.
"""
import re
from collections import Counter

import yaml

from conftest import ROOT
from edition.enrich.mentions import Matcher, link_mentions
from edition.inlines import plain_text
from edition.model import CatalogEntry, Document, Emph, Mention, Paragraph, Text
from edition.registers import load_registers

SAMPLE = ROOT / "tests" / "data" / "mention-sample.yml"
REGS = load_registers(ROOT / "sources", ROOT)
MATCHER = Matcher.from_registers(REGS)
ENTRY = CatalogEntry("sample", "sample.txt", "0" * 64, "web-article", "Sample", (), "unknown")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def found_persons(text: str) -> list[tuple[str, str]]:
    doc = link_mentions(Document("sample", "S", (), ENTRY, (Paragraph((Text(text),), anchor="p1"),)),
                        MATCHER)
    out = []

    def walk(nodes):
        for node in nodes:
            if isinstance(node, Mention) and node.target.startswith("person/"):
                out.append((squash(plain_text(node.children)), node.target.split("/", 1)[1]))
            elif isinstance(node, Emph):
                walk(node.children)
    walk(doc.blocks[0].inlines)
    return out


def measure() -> tuple[float, float, list[str]]:
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    correct = found_total = expected_total = 0
    errors = []
    for passage in data["passages"]:
        expected = Counter((w, pid) for w, pid in passage["persons"])
        found = Counter(found_persons(passage["text"]))
        hit = sum((expected & found).values())
        correct += hit
        found_total += sum(found.values())
        expected_total += sum(expected.values())
        if expected != found:
            errors.append(f"{passage['text'][:60]}…: missed {dict(expected - found)}, "
                          f"wrong {dict(found - expected)}")
    return correct / max(found_total, 1), correct / max(expected_total, 1), errors


def test_sample_passages_are_real():
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    sources = {}
    for passage in data["passages"]:
        name = passage["source"]
        if name not in sources:
            sources[name] = squash((ROOT / "sources" / name).read_text(encoding="utf-8").replace("\\", ""))
        assert squash(passage["text"]) in sources[name], passage["text"][:60]
        ids = {p.id for p in REGS.persons}
        assert all(pid in ids for _, pid in passage["persons"])
    assert len(data["passages"]) >= 40
    assert {p["source"] for p in data["passages"]} == {e.name for e in (ROOT / "sources").glob("*.txt")}


def test_precision_and_recall_on_the_sample(capsys):
    precision, recall, errors = measure()
    with capsys.disabled():
        print(f"\nperson mentions, hand-annotated sample: precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.99 and recall >= 0.97, "\n".join(errors)
