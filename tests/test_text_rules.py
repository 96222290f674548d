"""Unit tests for each cleaning rule, with the real cases from the sources."""
from collections import Counter

import pytest

from edition.model import Emph, NoteCall, Strong, Text
from edition.text_rules import (RawBlock, ends_sentence, hyphenated_pairs, is_title_case,
                                join_hyphenated, looks_like_heading, parse_inlines, split_blocks,
                                unwrap, vocabulary)

VOCAB = vocabulary("the constitution was declared; Russia and parliament; presidential")
COMPOUNDS = hyphenated_pairs("pro-presidential media and self-rule of Nezavisimaia gazeta-Sodruzhestvo")


@pytest.mark.parametrize("left,right,expected", [
    ("The 1993 Constitu-", "tion, which", "The 1993 Constitution, which"),     # furman l. 236
    ("now de-", "clared", "now declared"),                                     # l. 237
    ("In Rus-", "sia, this opposition", "In Russia, this opposition"),         # l. 370
    ("provide every possible assis-", "tance", "provide every possible assistance"),  # l. 306
    ("the pro-", "presidential mass media", "the pro-presidential mass media"),
    ("and self-", "rule", "and self-rule"),
    ("Nezavisimaia gazeta-", "Sodruzhestvo", "Nezavisimaia gazeta-Sodruzhestvo"),
    ("the anti-", "Soviet movement", "the anti-Soviet movement"),
])
def test_hyphenation_repaired_or_kept(left, right, expected):
    joined, _ = join_hyphenated(left, right, VOCAB, COMPOUNDS)
    assert joined == expected


def test_unwrap_joins_hard_wrapped_lines_and_reports_repairs():
    lines = ("Right afterward came the time for the constitution. The 1993 Constitu-",
             " tion, which Nazarbaev at that time had praised to the skies, was now de-",
             " clared \"not to correspond to the spirit of the time\"")
    text, repairs = unwrap(lines, VOCAB, COMPOUNDS)
    assert text == ("Right afterward came the time for the constitution. The 1993 Constitution, "
                    "which Nazarbaev at that time had praised to the skies, was now declared "
                    "\"not to correspond to the spirit of the time\"")
    assert [pair for _, pair in repairs] == ["Constitu-|tion,", "de-|clared"]


@pytest.mark.parametrize("text,expected", [
    ("Nazarbaev's Rise to Power", True),
    ("Opposition: The Peril of Moderates", True),
    ("1998: From Celebration to Concern", True),
    ("The Son-in-Law: Challenge and Defeat", True),
    ("The following essay examines the process of establishing and strengthening", False),
    ("Nothing and no one could limit Nazarbaev's authority. His power was", False),
])
def test_title_case(text, expected):
    assert is_title_case(text) is expected


def test_heading_needs_one_short_line_without_final_punctuation():
    assert looks_like_heading(RawBlock(("The Kazhegel'din Menace",), 1))
    assert not looks_like_heading(RawBlock(("How did the president use this unlimited power?",), 1))
    assert not looks_like_heading(RawBlock(("Two Lines", "Of Verse"), 1))
    assert not looks_like_heading(RawBlock(("Is the president of the republic,",), 1))


@pytest.mark.parametrize("text,expected", [
    ("which is governed by a", False),
    ("the Nazarbaev years.", True),
    ("to the Eurasian Union.⁵⁶", True),
    ('"the sanitation workers of the forest."', True),
    ("Here is an example of the official agitation before the referendum:", True),
    ("mufti obligates me to provide every possible assis-", False),
])
def test_ends_sentence(text, expected):
    assert ends_sentence(text) is expected


def test_split_blocks_keeps_line_numbers():
    blocks = split_blocks("\n\n6\n\nTitle\n\nline one\nline two\n")
    assert [(b.first_line, b.lines) for b in blocks] == [(3, ("6",)), (5, ("Title",)),
                                                         (7, ("line one", "line two"))]


def test_inlines_emphasis_strong_escape_and_superscript_calls():
    assert parse_inlines("see *Kazakhstan i Nazarbaev* (Astana, 2001).¹²") == (
        Text("see "), Emph((Text("Kazakhstan i Nazarbaev"),)), Text(" (Astana, 2001)."), NoteCall("12"))
    assert parse_inlines("**THE KHRUSHCHEV PURGE**") == (Strong((Text("THE KHRUSHCHEV PURGE"),)),)
    assert parse_inlines(r"\* Communist sources") == (Text("* Communist sources"),)
    assert parse_inlines("a lone * star") == (Text("a lone * star"),)


def test_vocabulary_counts_words_case_insensitively():
    assert vocabulary("Russia, russia and Kazhegel'din")["russia"] == 2
    assert vocabulary("Kazhegel'din's")["kazhegel'din's"] == 1
    assert isinstance(vocabulary(""), Counter)
