"""Property tests (hypothesis) for the memo and web-article adapters.

- No input crashes an adapter: any text gives a Document or an EditionError (with a
  file:line message), never another exception; the Document then anchors and renders.
- Markings never change the words: banners, bullets and control codes inserted between
  a memo's paragraphs leave its reading text as it was.
- Cleaning is idempotent: the cleaned text, read again, loses nothing more.
"""
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from edition import build
from edition.adapters import declassified_memo, web_article
from edition.config import Config
from edition.audit import audit
from edition.enrich.anchors import assign_anchors
from edition.enrich.suggestions import suggest_ocr_slips
from edition.errors import EditionError
from edition.inlines import block_text, block_text_all, plain_text
from edition.model import CatalogEntry, Heading, Paragraph
from edition.writers.markdown import render_document

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def entry(kind: str) -> CatalogEntry:
    return CatalogEntry(id="synthetic", file="synthetic.txt", sha256="0" * 64, kind=kind,
                        title="A Synthetic Source", authors=(), date="unknown")


FRAGMENTS = ["~~SECRET~~", "S-E-C-R-E-T", "•", "25X1A2d2", "[REDACTED]", "\\*", "\\*\\*", "**",
             "*", "---", "1. ", "2. ", "a. ", "b. ", "- a. ", "(1). ", "\n", "\n\n", "\n\n\n", " ",
             "“", "”", "«", "»", '"', "—", ":", ".", "Leave a Reply", "Log Out / Change )",
             "This entry was posted in X and tagged . Bookmark the permalink.", "23 July 1957",
             "THE TITLE", "From left to right: ", "(on the right)", "\u00a0", "\x00", "¹²", "Word"]
texts = st.one_of(st.text(max_size=300),
                  st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)),
                           max_size=60).map("".join))


def survives(adapter, kind: str, text: str) -> None:
    try:
        doc = adapter(entry(kind), text, "synthetic.txt")
    except EditionError as exc:
        assert all(p.file == "synthetic.txt" for p in exc.problems)
        return
    render_document(assign_anchors(suggest_ocr_slips(doc)))
    result = audit(doc, text)  # nothing is lost, whatever the input
    assert result.complete, result.unaccounted


@SETTINGS
@given(texts)
def test_no_input_crashes_the_memo_adapter(text):
    survives(declassified_memo.read, "declassified-memo", text)


@SETTINGS
@given(texts)
def test_no_input_crashes_the_web_article_adapter(text):
    survives(web_article.read, "web-article", text)


# ------------------------------------------------------------ markings keep the words
word = st.from_regex(r"[a-z]{2,9}", fullmatch=True)
MARKINGS = ["~~SECRET~~", "S-E-C-R-E-T", "~~S E C R E T~~", "•", "25X1X7", "TOP SECRET"]


@st.composite
def memos(draw):
    paragraphs = []
    for number in range(1, draw(st.integers(1, 6)) + 1):
        words = " ".join(draw(st.lists(word, min_size=3, max_size=25)))
        paragraphs.append(f"{number}. Text {words}.")
    cuts = draw(st.lists(st.integers(0, len(paragraphs)), max_size=4))
    marked = []
    for index, paragraph in enumerate(paragraphs):
        for _ in range(cuts.count(index)):
            marked += [draw(st.sampled_from(MARKINGS)), draw(st.sampled_from(MARKINGS))]
        marked.append(paragraph)
    return "\n\n".join(paragraphs) + "\n", "\n\n".join(marked) + "\n"


def reading_text(doc) -> str:
    return block_text_all(doc.blocks)


@SETTINGS
@given(memos())
def test_markings_never_change_the_words(pair):
    clean, marked = pair
    a = declassified_memo.read(entry("declassified-memo"), clean, "m.txt")
    b = declassified_memo.read(entry("declassified-memo"), marked, "m.txt")
    assert reading_text(a) == reading_text(b)
    assert [s.number for s in a.blocks] == [s.number for s in b.blocks]


@SETTINGS
@given(memos())
def test_memo_cleaning_is_idempotent(pair):
    _, marked = pair
    once = declassified_memo.read(entry("declassified-memo"), marked, "m.txt")
    text = "\n\n".join(f"{s.number}. {block_text_all(s.blocks)}" for s in once.blocks) + "\n"
    twice = declassified_memo.read(entry("declassified-memo"), text, "m.txt")
    assert reading_text(twice) == reading_text(once)
    assert not [e for e in twice.report if e.action == "removed"]


# ------------------------------------------------------------ web articles
def clean_text(doc) -> str:
    return "\n\n".join([doc.title] + [block_text(b) for b in doc.blocks]) + "\n"


def structure(doc):
    return [(type(b).__name__, b.role if isinstance(b, Paragraph) else "", plain_text(b.inlines))
            for b in doc.blocks if isinstance(b, (Heading, Paragraph)) and
            (isinstance(b, Heading) or b.role)]


def test_web_cleaning_is_idempotent_on_the_real_articles():
    ids = {"kzexpert-technocrats", "globalmedialiteracy-2022", "yalensis-2019"}
    for doc in build.load_corpus(Config(ROOT), ids).documents:
        again = web_article.read(doc.entry, clean_text(doc), "again.txt")
        assert not [e for e in again.report if e.action == "removed"], doc.id
        assert structure(again) == structure(doc), doc.id
        assert re.findall(r"\w+", reading_text(again)) == re.findall(r"\w+", reading_text(doc))


sentence = st.lists(word, min_size=3, max_size=60).map(lambda ws: " ".join(ws).capitalize() + ".")
heading = st.lists(word, min_size=1, max_size=6).map(lambda ws: " ".join(w.capitalize() for w in ws))


@SETTINGS
@given(st.lists(st.one_of(sentence, heading), min_size=1, max_size=12))
def test_web_cleaning_is_idempotent(blocks):
    text = "Type to search\n\nA Synthetic Source\n\n" + "\n\n".join(blocks) + "\n\nLeave a Reply\n\nGoogle photo\n"
    once = web_article.read(entry("web-article"), text, "w.txt")
    twice = web_article.read(entry("web-article"), clean_text(once), "w.txt")
    assert structure(twice) == structure(once)
    assert reading_text(twice) == reading_text(once)
    assert not [e for e in twice.report if e.action == "removed"]
