"""Pinning (anchor_lock.pin_document): reading-order anchors follow their words."""
from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from edition import anchor_lock
from edition.checks import anchors_are_unique, anchors_follow_the_grammar
from edition.enrich.anchors import assign_anchors
from edition.inlines import block_text, fingerprint
from edition.model import CatalogEntry, Document, Heading, Paragraph, Text

ENTRY = CatalogEntry("doc", "doc.txt", "0" * 64, "test", "Doc", (), "unknown")
WORDS = [f"Paragraph number {i} says something of its own." for i in range(12)]


def document(texts: list[str]) -> Document:
    blocks = [Heading(2, (Text("A heading"),))]
    blocks += [Paragraph((Text(t),)) for t in texts]
    return assign_anchors(Document("doc", "Doc", (), ENTRY, tuple(blocks)))


def lock_of(doc: Document) -> dict[str, str]:
    return {a: fingerprint(t) for a, t in anchor_lock._walk(doc.blocks) if a}


def anchors_by_words(doc: Document) -> dict[str, str]:
    return {block_text(b): b.anchor for b in doc.blocks if isinstance(b, Paragraph)}


ORIGINAL = document(WORDS)
LOCK = lock_of(ORIGINAL)


@settings(max_examples=60, deadline=None)
@given(st.permutations(WORDS))
def test_any_reordering_keeps_every_anchor_on_its_words(order):
    pinned = anchor_lock.pin_document(document(list(order)), LOCK)
    assert anchors_by_words(pinned) == anchors_by_words(ORIGINAL)


@settings(max_examples=60, deadline=None)
@given(st.permutations(WORDS), st.sets(st.integers(0, 11), max_size=4),
       st.lists(st.integers(0, 12), max_size=3))
def test_edits_keep_unchanged_words_anchored_and_anchors_unique(order, dropped, inserted):
    texts = [t for i, t in enumerate(order) if i not in dropped]
    for n, at in enumerate(inserted):
        texts.insert(min(at, len(texts)), f"A new paragraph {n} added by a script change.")
    pinned = anchor_lock.pin_document(document(texts), LOCK)
    assert not anchors_are_unique(pinned) and not anchors_follow_the_grammar(pinned)
    before, after = anchors_by_words(ORIGINAL), anchors_by_words(pinned)
    for words, anchor in after.items():
        if words in before:
            assert anchor == before[words]  # unchanged words keep their anchor


def test_new_block_whose_number_is_taken_gets_a_fresh_one():
    texts = WORDS[:3] + ["An inserted paragraph."] + WORDS[3:]
    pinned = anchor_lock.pin_document(document(texts), LOCK)
    assert anchors_by_words(pinned)["An inserted paragraph."] == "p4-2"
    assert anchors_by_words(pinned)[WORDS[3]] == "p4"


def test_notes_and_headings_are_never_pinned():
    doc = document(WORDS)
    swapped = replace(doc, blocks=(Heading(2, (Text("Another heading"),), anchor="another-heading"),)
                      + doc.blocks[1:])
    lock = dict(LOCK, **{"a-heading": fingerprint("Another heading")})
    assert anchor_lock.pin_document(swapped, lock).blocks[0].anchor == "another-heading"


def test_repeated_words_are_not_pinned():
    doc = document(WORDS[:2] + [WORDS[0]])  # p3 repeats p1's words: ambiguous, left alone
    assert anchor_lock.pin_document(doc, LOCK) == doc


def test_edited_words_after_an_insertion_take_back_their_vanished_anchor():
    inserted = WORDS[:1] + ["An inserted paragraph."] + WORDS[1:]
    step1 = anchor_lock.pin_document(document(inserted), LOCK)  # built and locked
    assert anchors_by_words(step1)["An inserted paragraph."] == "p2-2"
    edited = WORDS[:1] + ["An inserted paragraph.", WORDS[1] + " (edited)"] + WORDS[2:]
    pinned = anchors_by_words(anchor_lock.pin_document(document(edited), lock_of(step1)))
    assert pinned["An inserted paragraph."] == "p2-2"
    assert pinned[WORDS[1] + " (edited)"] == "p2"  # reported as "#p2 now lands on different words"
    assert pinned[WORDS[2]] == "p3"
