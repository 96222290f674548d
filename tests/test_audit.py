"""The conservation audit: every word of every raw source is accounted for, and the
audit really fails when a word goes missing."""
from dataclasses import replace

import pytest

from conftest import ROOT
from edition import build
from edition.audit import audit, audit_lines
from edition.catalog import read_source_text
from edition.config import Config
from edition.model import Paragraph, ReportEntry, Text


@pytest.fixture(scope="module")
def corpus():
    return build.load_corpus(Config(ROOT))


def raw(doc):
    return read_source_text(ROOT / "sources" / doc.entry.file)


def test_every_word_of_every_source_is_accounted_for(corpus):
    assert len(corpus.documents) == 5
    for doc in corpus.documents:
        result = audit(doc, raw(doc))
        assert result.complete, (doc.id, result.unaccounted[:20])
        assert result.accounted == result.source_words > 1000


def test_a_dropped_paragraph_is_caught(corpus):
    doc = next(d for d in corpus.documents if d.id == "yalensis-2019")
    cut = replace(doc, blocks=doc.blocks[:-3])
    result = audit(cut, raw(doc))
    assert not result.complete
    assert ("kompromat", 1) in result.unaccounted


def test_a_silent_removal_is_caught_and_a_reported_one_is_not(corpus):
    doc = next(d for d in corpus.documents if d.id == "cia-1957")
    text = raw(doc) + "\nAppendix withheld\n"
    assert dict(audit(doc, text).unaccounted) == {"appendix": 1, "withheld": 1}
    reported = replace(doc, report=doc.report + (ReportEntry("removed", "test", 0, "Appendix withheld"),))
    assert audit(reported, text).complete


def test_the_report_states_the_totals(corpus):
    doc = next(d for d in corpus.documents if d.id == "cia-1957")
    lines = audit_lines(audit(doc, raw(doc)))
    assert "(100.0 %)" in lines[0]
    assert any("classification banner" in line for line in lines)
    page = (ROOT / "content" / "reports" / "cia-1957.md").read_text(encoding="utf-8")
    assert "## Conservation audit" in page and "| **unaccounted** | 0 |" in page


def test_edited_words_do_not_count_twice(corpus):
    doc = next(d for d in corpus.documents if d.id == "globalmedialiteracy-2022")
    extra = replace(doc, blocks=doc.blocks + (Paragraph((Text("Type to search"),)),))
    # the words are now in the text *and* in the report: still exactly accounted, no more
    assert audit(extra, raw(doc)).accounted == audit(doc, raw(doc)).source_words


def test_a_report_entry_accounts_only_for_words_it_quotes_from_the_source(corpus):
    doc = next(d for d in corpus.documents if d.id == "cia-1957")
    text = raw(doc) + "\nAppendix withheld\n"
    invented = replace(doc, report=doc.report + (ReportEntry("removed", "test", 0, "withheld appendix"),))
    assert not audit(invented, text).complete  # "withheld appendix" is not in the source
