"""The chapter-endnotes adapter on Furman's chapter: structure, notes, calls, repairs."""
import re

from edition.inlines import block_inlines, block_text, note_calls, plain_text
from edition.model import Heading, ListBlock, Paragraph, Verse


def body_text(doc):
    return "\n".join(block_text(b) for b in doc.blocks)


def test_all_194_notes_keep_their_numbers(furman):
    assert [n.label for n in furman.notes] == [str(i) for i in range(1, 195)]
    assert [n.anchor for n in furman.notes][:3] == ["n1", "n2", "n3"]
    assert furman.notes[-1].anchor == "n194"


def test_193_calls_link_to_notes_and_note_99_is_flagged(furman):
    calls = [label for b in furman.blocks for run in block_inlines(b) for label in note_calls(run)]
    assert len(calls) == 193
    assert sorted(set(calls), key=int) == [str(i) for i in range(1, 195) if i != 99]
    flagged = [n.label for n in furman.notes if "call-missing" in n.flags]
    assert flagged == ["99"]
    assert any(e.action == "flagged" and "note 99" in e.reason for e in furman.report)


def test_title_author_and_editors_preface(furman):
    assert furman.title == "The Regime in Kazakhstan"
    assert furman.authors == ("Dmitrii Furman",)
    assert isinstance(furman.blocks[0], Heading)
    assert plain_text(furman.blocks[0].inlines) == "From the Editor"
    preface = [b for b in furman.blocks if isinstance(b, Paragraph) and b.role == "preface"]
    assert len(preface) == 1
    # the preface was split by a page break after "strengthening" and is joined again
    assert "establishing and strengthening Nazarbaev's authoritarian regime" in plain_text(preface[0].inlines)
    assert plain_text(preface[0].inlines).endswith("described in this article.")


def test_page_furniture_dropped(furman):
    assert any(e.action == "removed" and e.text == "6" for e in furman.report)
    assert not any(isinstance(b, Paragraph) and plain_text(b.inlines).strip() == "6" for b in furman.blocks)


def test_section_headings(furman):
    headings = [plain_text(b.inlines) for b in furman.blocks if isinstance(b, Heading)]
    assert 19 <= len(headings) <= 23
    for expected in ("Nazarbaev's Rise to Power", "The Kazhegel'din Menace", "1998: From Celebration to Concern",
                     "The Son-in-Law: Challenge and Defeat", "Conclusion"):
        assert expected in headings
    assert "Notes" not in headings


def test_verse_and_referendum_list(furman):
    verses = [b for b in furman.blocks if isinstance(b, Verse)]
    assert [len(v.lines) for v in verses] == [3, 8, 2]
    assert plain_text(verses[0].lines[0]) == "I believe in today, I love Nursultan,"
    lists = [b for b in furman.blocks if isinstance(b, ListBlock)]
    assert len(lists) == 1 and len(lists[0].items) == 6
    items = [block_text(item.blocks[0]) for item in lists[0].items]
    assert all(item.startswith("Yes—to") for item in items)
    assert "without sacrifices, without blood, without hundreds of thousands of refugees;" in items[2]
    assert "to determine precisely the paths" in items[4]


def test_hyphenation_repaired_real_hyphens_kept(furman):
    text = body_text(furman)
    for repaired in ("The 1993 Constitution, which", "was now declared", "liberties of the person",
                     "every possible assistance", "In Russia, this opposition", "enormous internal"):
        assert repaired in text
    for kept in ("pro-presidential", "self-rule", "Ter-Petrosian", "Vice-President"):
        assert kept in text
    assert not re.search(r"\b(Constitu|de|assis|enor)- ", text)


def test_page_break_split_paragraphs_joined(furman):
    text = body_text(furman)
    assert "One cannot see Russia—which is governed by a successor appointed by Boris Yeltsin" in text
    assert "His power was greater than that of the former first secretaries" in text


def test_note_split_by_page_break_and_multi_paragraph_notes(furman):
    note2 = block_text(furman.notes[1])
    assert "when Kunaev died in 1994, Nazarbaev issued a decree" in note2
    note130 = furman.notes[129]
    assert len(note130.blocks) >= 2 or "economic" in block_text(note130)
    assert len(furman.notes[4].blocks) == 2  # note 5 has two paragraphs


def test_every_block_has_a_unique_anchor(furman):
    from edition.checks import all_anchors
    anchors = all_anchors(furman)
    assert all(anchors) and len(anchors) == len(set(anchors))
    paragraphs = [b.anchor for b in furman.blocks if isinstance(b, (Paragraph, Verse, ListBlock))]
    assert paragraphs == [f"p{i}" for i in range(1, len(paragraphs) + 1)]
