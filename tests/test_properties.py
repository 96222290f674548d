"""Property tests (hypothesis) for the chapter-endnotes adapter's invariants."""
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import strip_provenance, unwrap_mentions
from edition.adapters import chapter_endnotes
from edition.enrich.anchors import assign_anchors
from edition.errors import EditionError
from edition.inlines import block_inlines, note_calls
from edition.model import CatalogEntry
from edition.text_rules import SUPERSCRIPT_DIGITS
from edition.writers.plaintext import render_plaintext

ENTRY = CatalogEntry(id="synthetic", file="synthetic.txt", sha256="0" * 64, kind="chapter-endnotes",
                     title="A Synthetic Chapter", authors=("Anna Author",), date="2000")

word = st.from_regex(r"[a-z]{2,9}", fullmatch=True)


def sup(n: int) -> str:
    return "".join(SUPERSCRIPT_DIGITS[int(d)] for d in str(n))


@st.composite
def chapters(draw):
    """A raw chapter like an OCR'd book: wrapped, hyphenated, split by page breaks."""
    n_paras = draw(st.integers(1, 8))
    lines = ["", "7", "", ENTRY.title, "", "Anna Author", ""]
    note_no = 0
    for _ in range(n_paras):
        sentence_words = draw(st.lists(word, min_size=6, max_size=30))
        text = "Sentence " + " ".join(sentence_words)
        if draw(st.booleans()):
            note_no += 1
            text += "." + sup(note_no)
        else:
            text += "."
        # hard wrap and hyphenate
        if draw(st.booleans()):
            split = draw(st.integers(2, len(text) - 2))
            if text[split - 1].isalpha() and text[split].isalpha() and text[split - 1].islower():
                text = text[:split] + "-\n " + text[split:]
        if draw(st.booleans()):
            # a page break in mid-sentence
            parts = text.split(" ")
            cut = draw(st.integers(1, len(parts) - 1))
            first, rest = " ".join(parts[:cut]), " ".join(parts[cut:])
            if not first.endswith("-") and not re.search(r"[.\d⁰-⁹¹²³]$", first) and not rest.startswith(("-", "\n")):
                text = first + "\n\n" + rest
        lines += [text, ""]
    lines += ["Notes", ""]
    for i in range(1, note_no + 1):
        lines += [f"{i}. " + " ".join(draw(st.lists(word, min_size=1, max_size=12))).capitalize() + ".", ""]
    return "\n".join(lines), note_no


def letters(text: str) -> str:
    return re.sub(r"[^A-Za-z]", "", text)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(chapters())
def test_no_note_lost_and_every_word_survives(case):
    raw, n_notes = case
    doc = chapter_endnotes.read(ENTRY, raw, "synthetic.txt")
    assert [n.label for n in doc.notes] == [str(i) for i in range(1, n_notes + 1)]
    calls = [c for b in doc.blocks for run in block_inlines(b) for c in note_calls(run)]
    assert calls == [str(i) for i in range(1, n_notes + 1)]
    clean = render_plaintext(doc)
    # every letter of the raw text survives, in order (only furniture, hyphens and spaces go)
    without_notes_heading = lambda text: re.sub(r"\nNotes\n", "\n", text)  # noqa: E731
    assert letters(without_notes_heading(clean)) == letters(without_notes_heading(raw))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(chapters())
def test_cleaning_is_idempotent(case):
    raw, _ = case
    once = chapter_endnotes.read(ENTRY, raw, "synthetic.txt")
    twice = chapter_endnotes.read(ENTRY, render_plaintext(once), "synthetic.txt")
    assert strip_provenance(assign_anchors(twice).blocks) == strip_provenance(assign_anchors(once).blocks)
    assert strip_provenance(twice.notes) == strip_provenance(once.notes)


def test_furman_cleaning_is_idempotent_and_loses_no_letter(furman, root):
    from edition.enrich.corrections import without_corrections
    furman = without_corrections(furman)  # editorial corrections change letters on purpose
    raw = (root / "sources" / furman.entry.file).read_text(encoding="utf-8")
    clean = render_plaintext(furman)
    assert letters(clean) == letters(raw)
    again = assign_anchors(chapter_endnotes.read(furman.entry, clean, "clean.txt"))
    # Mention linking (enrich/mentions.py) only wraps words; compare the text before it.
    assert strip_provenance(again.blocks) == strip_provenance(unwrap_mentions(furman.blocks))
    assert strip_provenance(again.notes) == strip_provenance(unwrap_mentions(furman.notes))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_a_document_or_a_clear_error(text):
    try:
        chapter_endnotes.read(ENTRY, text, "any.txt")
    except EditionError as exc:
        assert all(p.file == "any.txt" and p.message for p in exc.problems)


def test_notes_without_text_is_a_clear_error():
    import pytest
    with pytest.raises(EditionError, match="no title or text"):
        chapter_endnotes.read(ENTRY, "Notes\n\n1. A note.\n", "only-notes.txt")
