"""Golden tests for the memo and the three web articles: source in, expected Markdown out.

Accepted only on purpose, with the same flag as the Furman golden test:
`UPDATE_GOLDEN=1 pytest tests/test_golden_sources.py` rewrites tests/golden/<id>.md, and
the diff is reviewed like any other change.
"""
import pytest

from conftest import ROOT
from edition import build
from edition.config import Config
from edition.writers.markdown import render_document
from test_golden import check_golden

SOURCES = ["cia-1957", "kzexpert-technocrats", "globalmedialiteracy-2022", "yalensis-2019"]


@pytest.fixture(scope="module")
def corpus():
    return {doc.id: doc for doc in build.load_corpus(Config(ROOT), set(SOURCES)).documents}


@pytest.mark.parametrize("doc_id", SOURCES)
def test_markdown_matches_golden(corpus, doc_id):
    check_golden(f"{doc_id}.md", render_document(corpus[doc_id]))
