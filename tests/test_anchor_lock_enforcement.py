"""The anchor lock, enforced end to end through `edition build`.

Each test simulates a change of the scripts (the raw sources never change) by putting an
editing step before the enrichers, then runs the real command line on a copy of the
project: the build must fail naming each broken anchor, and pass once an alias is
recorded in sources/anchor-aliases.yml (or the change is accepted with `edition lock`).
"""
from __future__ import annotations

from dataclasses import replace

import pytest
import yaml

from book_fixtures import make_buildable_project
from edition import anchor_lock, build, cli
from edition.inlines import block_text, fingerprint, plain_text
from edition.model import Heading, NoteCall, Paragraph, Text

DOC = "furman-2005"


@pytest.fixture()
def locked_project(tmp_path, monkeypatch):
    """A copy of the project with the sources that have adapters, built and locked once."""
    cfg = make_buildable_project(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run(cfg) == 0
    assert cfg.lock_file.is_file()
    return cfg


def run(cfg, *args: str) -> int:
    return cli.main(["--root", str(cfg.root), *(args or ("build", "--no-site"))])


def edit_with(monkeypatch, *edits):
    """Puts script changes (Document -> Document, before anchors exist) before the enrichers."""
    def edit(doc):
        for step in edits:
            doc = step(doc) if doc.id == DOC else doc
        return doc
    monkeypatch.setattr(build, "ENRICHERS", [edit] + list(build.ENRICHERS))


def locked_anchor_of(cfg, words: str) -> str:
    for (doc, anchor), (entry, _) in anchor_lock.read(cfg.lock_file).items():
        if doc == DOC and entry.fingerprint == fingerprint(words):
            return anchor
    raise AssertionError("words not in the lock")


def body_paragraphs(doc) -> list[int]:
    return [i for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph) and not b.role]


def move_paragraph(doc, src: int = 10, dst: int = 13):
    """Moves the src-th body paragraph after the dst-th one (a splitting/ordering change)."""
    idx = body_paragraphs(doc)
    blocks = list(doc.blocks)
    moved = blocks.pop(idx[src])
    blocks.insert(idx[dst], moved)
    return replace(doc, blocks=tuple(blocks))


def edit_paragraph(index: int, extra: str):
    def step(doc):
        i = body_paragraphs(doc)[index]
        blocks = list(doc.blocks)
        blocks[i] = replace(blocks[i], inlines=blocks[i].inlines + (Text(extra),))
        return replace(doc, blocks=tuple(blocks))
    return step


def delete_note(label: str):
    def step(doc):
        def strip(b):
            if isinstance(b, Paragraph):
                return replace(b, inlines=tuple(n for n in b.inlines
                                                if not (isinstance(n, NoteCall) and n.label == label)))
            return b
        return replace(doc, blocks=tuple(strip(b) for b in doc.blocks),
                       notes=tuple(n for n in doc.notes if n.label != label))
    return step


def rename_heading(old: str, new: str):
    def step(doc):
        blocks = tuple(replace(b, inlines=(Text(new),)) if isinstance(b, Heading)
                       and plain_text(b.inlines) == old else b for b in doc.blocks)
        assert blocks != doc.blocks, f"no heading {old!r}"
        return replace(doc, blocks=blocks)
    return step


def write_aliases(cfg, *aliases: tuple[str, str]):
    cfg.alias_file.write_text(yaml.safe_dump({"aliases": [
        {"document": DOC, "old": old, "new": new, "reason": "test"} for old, new in aliases]}),
        encoding="utf-8")


def page(cfg) -> str:
    return (cfg.content / "documents" / f"{DOC}.md").read_text(encoding="utf-8")


# ------------------------------------------------------------------------ tests
def test_unchanged_build_passes_and_lock_is_stable(locked_project):
    before = locked_project.lock_file.read_text(encoding="utf-8")
    assert run(locked_project) == 0
    assert locked_project.lock_file.read_text(encoding="utf-8") == before


def test_moved_paragraph_keeps_its_anchor(locked_project, monkeypatch):
    """Reading-order numbers would shift; pinning gives every paragraph its locked anchor."""
    cfg = locked_project
    corpus = build.load_corpus(cfg)
    moved = corpus.documents[0].blocks[body_paragraphs(corpus.documents[0])[10]]
    anchor = locked_anchor_of(cfg, block_text(moved))
    edit_with(monkeypatch, move_paragraph)
    assert run(cfg) == 0
    doc = build.load_corpus(cfg).documents[0]
    now = {fingerprint(block_text(b)): b.anchor for b in doc.blocks if isinstance(b, Paragraph)}
    assert now[fingerprint(block_text(moved))] == anchor
    # Without pinning the lock check names every shifted anchor.
    unpinned = anchor_lock.collect(replace(corpus, documents=(
        build.assign_anchors(move_paragraph(replace(corpus.documents[0]))),)))
    locked = {key: value for key, value in anchor_lock.read(cfg.lock_file).items() if key[0] == DOC}
    problems = anchor_lock.check(unpinned, locked, [], "lock", "aliases")
    assert len(problems) >= 4 and all("now lands on different words" in p.message for p in problems)


def test_move_edit_delete_rename_fail_naming_each_anchor_then_pass_with_aliases(locked_project, monkeypatch, capsys):
    cfg = locked_project
    doc = build.load_corpus(cfg).documents[0]
    moved_anchor = locked_anchor_of(cfg, block_text(doc.blocks[body_paragraphs(doc)[10]]))
    edit_with(monkeypatch, edit_paragraph(10, " (edited)"), move_paragraph, delete_note("194"),
              rename_heading("Conclusion", "Conclusions"))
    before = page(cfg)
    assert run(cfg) == 2
    err = capsys.readouterr().err
    for anchor in (moved_anchor, "n194", "conclusion"):
        assert f"anchor {DOC}#{anchor} has disappeared" in err, err
    assert err.count("has disappeared") == 3
    assert "sources/anchors.lock:" in err and "anchor-aliases.yml" in err
    assert page(cfg) == before  # nothing was written

    # Where did the words go? The moved, edited paragraph got a fresh anchor.
    doc = build.load_corpus(cfg).documents[0]
    fresh = next(b.anchor for b in doc.blocks if isinstance(b, Paragraph)
                 and plain_text(b.inlines).endswith("(edited)"))
    assert fresh != moved_anchor and (DOC, fresh) not in anchor_lock.read(cfg.lock_file)
    write_aliases(cfg, (moved_anchor, fresh), ("n194", "n193"), ("conclusion", "conclusions"))
    assert run(cfg) == 0, capsys.readouterr().err
    text = page(cfg)
    for old in (moved_anchor, "n194", "conclusion"):
        assert f'<span id="{old}"></span>' in text  # the old anchors keep working on the site
    # The lock keeps the old entries, so the aliases stay checked.
    assert (DOC, "n194") in anchor_lock.read(cfg.lock_file)


def test_alias_whose_old_anchor_exists_again_is_a_conflict(locked_project, capsys):
    write_aliases(locked_project, ("p3", "p4"))
    assert run(locked_project) == 2
    err = capsys.readouterr().err
    assert f"alias {DOC}#p3 → #p4 conflicts: #p3 exists again" in err


def test_alias_to_a_missing_anchor_is_refused(locked_project, capsys):
    write_aliases(locked_project, ("p9999", "p8888"))
    assert run(locked_project) == 2
    assert "the new anchor #p8888 does not exist" in capsys.readouterr().err


def test_changed_words_fail_then_edition_lock_accepts(locked_project, monkeypatch, capsys):
    cfg = locked_project
    edit_with(monkeypatch, edit_paragraph(2, " (corrected)"))
    assert run(cfg) == 2
    err = capsys.readouterr().err
    assert "now lands on different words" in err
    assert run(cfg, "lock") == 0
    assert run(cfg) == 0
    doc = build.load_corpus(cfg).documents[0]
    edited = doc.blocks[body_paragraphs(doc)[2]]
    assert anchor_lock.read(cfg.lock_file)[(DOC, edited.anchor)][0].fingerprint == \
        fingerprint(block_text(edited))


def test_partial_build_checks_only_its_own_documents_aliases(locked_project, capsys):
    cfg = locked_project
    cfg.alias_file.write_text(yaml.safe_dump({"aliases": [
        {"document": "another-document", "old": "p1", "new": "p9999", "reason": "test"}]}),
        encoding="utf-8")
    assert run(cfg, "build", "--no-site", "--only", DOC) == 0, capsys.readouterr().err
