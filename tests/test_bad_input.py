"""Bad input: every malformed input gives a clear message (file:line, what to do), no
traceback, exit code 2, and leaves the last good output (content/, site/, the anchor
lock) byte-identical. Inputs that are odd but legitimate text (HTML, `<script>`,
Markdown syntax, a lone `*`) are built and shown as text, never interpreted.

Each case runs `python -m edition.cli build` as a subprocess in its own temporary copy
of a project that has already been built once. The cases and the limits are documented
in docs/bad-input.md.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

import pytest

import qa_support

FURMAN_ID = "furman-2005"


# ----------------------------------------------------------------- helpers
def catalog_path(root: Path) -> Path:
    return root / "sources" / "catalog.yml"


def entry_file(root: Path, doc_id: str) -> Path:
    entry = next(e for e in qa_support.catalog_entries(root) if e["id"] == doc_id)
    return root / "sources" / entry["file"]


def line_of(text: str, needle: str, start: int = 0) -> int:
    """1-based line where `needle` first occurs (at or after character `start`)."""
    index = text.index(needle, start)
    return text.count("\n", 0, index) + 1


def add_entry(root: Path, doc_id: str, file: str, *, kind: str = "chapter-endnotes",
              sha: str | None = None, title: str = "A Test Chapter", **extra) -> int:
    """Appends a catalog entry (as text, so comments and lines stay); returns its line."""
    source = root / "sources" / file
    fields = {"id": doc_id, "file": file,
              "sha256": sha or (qa_support.sha256(source) if source.is_file() else "0" * 64),
              "kind": kind, "title": title, "authors": ["Jane Roe"], "date": "2001", **extra}
    text = catalog_path(root).read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    first = text.count("\n") + 1
    lines = [f"  - {k}: {json.dumps(v, ensure_ascii=False)}" if i == 0 else
             f"    {k}: {json.dumps(v, ensure_ascii=False)}"
             for i, (k, v) in enumerate(fields.items())]
    catalog_path(root).write_text(text + "\n".join(lines) + "\n", encoding="utf-8")
    return first


def add_source(root: Path, doc_id: str, data: bytes, **entry) -> tuple[str, int]:
    """Writes sources/<id>.txt and catalogs it; returns (shown path, catalog line)."""
    file = f"{doc_id}.txt"
    (root / "sources" / file).write_bytes(data)
    return f"sources/{file}", add_entry(root, doc_id, file, **entry)


def edit_catalog(root: Path, old: str, new: str) -> int:
    """Replaces the first `old` in the catalog; returns the line where it was."""
    text = catalog_path(root).read_text(encoding="utf-8")
    line = line_of(text, old)
    catalog_path(root).write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def entry_line(root: Path, doc_id: str) -> int:
    return line_of(catalog_path(root).read_text(encoding="utf-8"), f"- id: {doc_id}")


def chapter(body: list[str], notes: list[str], title: str = "A Test Chapter") -> str:
    """A small source of the kind chapter-endnotes: title, author, body, Notes."""
    blocks = [title, "Jane Roe", *body, "Notes", *notes]
    return "\n\n".join(blocks) + "\n"


GOOD_BODY = ["Power in the republic rested on the clans of the old elite.¹ The regime "
             "endured because it rewarded loyalty.²",
             "Nobody expected the change to come so quickly.³"]
GOOD_NOTES = ["1. See the first source, p. 1.", "2. See the second source, p. 2.",
              "3. See the third source, p. 3."]


# ------------------------------------------------------------------- cases
@dataclass(frozen=True)
class Rejected:
    """A malformed input. `mutate` breaks a built copy and returns a regex that the
    message must match (it names the file and the line)."""
    name: str
    mutate: Callable[[Path], str]
    extra_ids: tuple[str, ...] = ()


def _new_source(doc_id: str, data: bytes, expect: Callable[[str, int], str], **entry):
    def mutate(root: Path) -> str:
        shown, catalog_line = add_source(root, doc_id, data, **entry)
        return expect(shown, catalog_line)
    return mutate


def _cp1251(root: Path) -> str:
    text = chapter(["Плохая кодировка: этот абзац сохранён в cp1251.", *GOOD_BODY], GOOD_NOTES)
    shown, _ = add_source(root, "cp1251-source", text.encode("cp1251", errors="replace"))
    return rf"{re.escape(shown)}:5: byte 0x[0-9a-f]{{2}} is not valid UTF-8.*\n.*iconv"


def _huge(root: Path) -> str:
    # 50 MB of plausible text, written in chunks (the test itself stays small in memory).
    path = root / "sources" / "huge-source.txt"
    paragraph = ("The regime endured because it rewarded loyalty and punished dissent. " * 10 + "\n\n").encode()
    with path.open("wb") as out:
        out.write(b"A Huge Chapter\n\nJane Roe\n\n")
        while out.tell() < 50 * 1024 * 1024:
            out.write(paragraph * 100)
    add_entry(root, "huge-source", "huge-source.txt")
    return r"sources/huge-source\.txt:1: the source is 5\d\.\d MB, more than the limit of \d+ MB"


def _set_text(root: Path, doc_id: str, text: str) -> None:
    """Replaces a catalogued source's text and its checksum (as an editor would)."""
    path = entry_file(root, doc_id)
    old = qa_support.sha256(path)
    path.write_text(text, encoding="utf-8")
    edit_catalog(root, old, qa_support.sha256(path))


def _notes_out_of_order(root: Path) -> str:
    notes = [GOOD_NOTES[0], GOOD_NOTES[2].replace("3.", "4.", 1), GOOD_NOTES[1].replace("2.", "3.", 1)]
    text = chapter(GOOD_BODY, notes)
    shown, _ = add_source(root, "notes-order", text.encode())
    return rf"{re.escape(shown)}:{line_of(text, '4. See')}: note 4 follows note 1: expected note 2"


def _note_duplicated(root: Path) -> str:
    notes = [GOOD_NOTES[0], GOOD_NOTES[1], GOOD_NOTES[2].replace("3.", "2.", 1)]
    text = chapter(GOOD_BODY, notes)
    shown, _ = add_source(root, "notes-duplicate", text.encode())
    return (rf"{re.escape(shown)}:{line_of(text, '2. See the third')}: note 2 is numbered twice "
            rf"\(first at line {line_of(text, '2. See the second')}\)")


def _call_without_note(root: Path) -> str:
    body = [*GOOD_BODY, "A claim that cites a note the OCR never saw.⁷"]
    text = chapter(body, GOOD_NOTES)
    shown, _ = add_source(root, "call-without-note", text.encode())
    return rf"{re.escape(shown)}:{line_of(text, 'A claim')}: note call 7 has no note"


def _call_without_note_in_furman(root: Path) -> str:
    path = entry_file(root, FURMAN_ID)
    text = path.read_text(encoding="utf-8")
    needle = "The goal of this chapter"
    line = line_of(text, needle)
    _set_text(root, FURMAN_ID, text.replace(needle, "The goal⁹⁹⁹ of this chapter", 1))
    return rf"sources/{re.escape(path.name)}:{line}: note call 999 has no note"


def _no_notes_section(root: Path) -> str:
    # A chapter without notes is fine (flagged in its report); its calls then have no notes.
    text = "\n\n".join(["A Test Chapter", "Jane Roe", *GOOD_BODY]) + "\n"
    shown, _ = add_source(root, "no-notes", text.encode())
    return rf"{re.escape(shown)}:{line_of(text, 'Power in')}: note call 1 has no note"


def _stray_text_in_notes(root: Path) -> str:
    text = chapter(GOOD_BODY, ["See the list below.", *GOOD_NOTES])
    shown, _ = add_source(root, "stray-notes", text.encode())
    return rf"{re.escape(shown)}:{line_of(text, 'See the list')}: text after the 'Notes' heading"


def _only_page_numbers(root: Path) -> str:
    shown, _ = add_source(root, "page-numbers-only", b"12\n\n13\n\niv\n")
    return rf"{re.escape(shown)}:1: no text found"


def _control_character(root: Path) -> str:
    body = [*GOOD_BODY, "Coloured OCR output: \x1b[31mred\x1b[0m text."]
    text = chapter(body, GOOD_NOTES)
    shown, _ = add_source(root, "control-character", text.encode())
    return rf"{re.escape(shown)}:{line_of(text, 'Coloured')}: control character U\+001B in the text"


def _outside_sources(root: Path) -> str:
    line = add_entry(root, "outside", "../mkdocs.yml", sha=qa_support.sha256(root / "mkdocs.yml"))
    return rf"sources/catalog\.yml:{line}: file '\.\./mkdocs\.yml' lies outside sources/"


def _absolute_outside(root: Path) -> str:
    line = add_entry(root, "absolute", "/etc/hostname", sha="0" * 64)
    return rf"sources/catalog\.yml:{line}: file '/etc/hostname' lies outside sources/"


def _missing_file(root: Path) -> str:
    line = add_entry(root, "missing-file", "no-such-file.txt")
    return rf"sources/catalog\.yml:{line}: file 'no-such-file\.txt' does not exist"


def _malformed_yaml(root: Path) -> str:
    text = catalog_path(root).read_text(encoding="utf-8")
    catalog_path(root).write_text(text + "\n  - id: broken\n    title: [unclosed\n", encoding="utf-8")
    return r"sources/catalog\.yml:\d+: malformed YAML"


def _missing_field(root: Path) -> str:
    line = entry_line(root, FURMAN_ID)
    edit_catalog(root, "    kind: chapter-endnotes\n", "")
    return rf"sources/catalog\.yml:{line}: entry lacks kind"


def _duplicate_id(root: Path) -> str:
    first = entry_line(root, FURMAN_ID)
    (root / "sources" / "copy.txt").write_bytes(entry_file(root, FURMAN_ID).read_bytes())
    line = add_entry(root, FURMAN_ID, "copy.txt")
    return rf"sources/catalog\.yml:{line}: duplicate id 'furman-2005' \(first at line {first}\)"


def _duplicate_key(root: Path) -> str:
    line = edit_catalog(root, "    kind: chapter-endnotes\n",
                        "    kind: chapter-endnotes\n    kind: web-article\n")
    return rf"sources/catalog\.yml:{line + 1}: malformed YAML: .*duplicate key 'kind'"


def _bad_id(root: Path) -> str:
    line = add_entry(root, "Bad Id", "bad.txt")
    return rf"sources/catalog\.yml:{line}: id 'Bad Id' is not a lower-case slug"


def _unknown_kind(root: Path) -> str:
    line = entry_line(root, FURMAN_ID)
    edit_catalog(root, "kind: chapter-endnotes", "kind: chapter-endnotez")
    return rf"sources/catalog\.yml:{line}: unknown kind 'chapter-endnotez'"


def _changed_checksum(root: Path) -> str:
    path = entry_file(root, FURMAN_ID)
    with path.open("ab") as out:
        out.write(b"\n")
    return rf"sources/catalog\.yml:{entry_line(root, FURMAN_ID)}: {re.escape(path.name)} has changed"


def _catalog_not_utf8(root: Path) -> str:
    text = catalog_path(root).read_text(encoding="utf-8")
    data = text.encode() + "\n# комментарий в cp1251\n".encode("cp1251")
    catalog_path(root).write_bytes(data)
    return rf"sources/catalog\.yml:{text.count(chr(10)) + 2}: not valid UTF-8"


def _catalog_is_a_list(root: Path) -> str:
    catalog_path(root).write_text("- id: furman-2005\n", encoding="utf-8")
    return r"sources/catalog\.yml:1: the catalog must have a list `documents:`"


def _catalog_entry_is_a_string(root: Path) -> str:
    text = catalog_path(root).read_text(encoding="utf-8")
    catalog_path(root).write_text(text + "\n  - just a file name.txt\n", encoding="utf-8")
    return rf"sources/catalog\.yml:{text.count(chr(10)) + 2}: a catalog entry is not a mapping"


def _catalog_missing(root: Path) -> str:
    catalog_path(root).unlink()
    return r"sources/catalog\.yml: file not found"


def _aliases_syntax(root: Path) -> str:
    (root / "sources" / "anchor-aliases.yml").write_text(
        "aliases:\n  - {document: furman-2005, old: p1\n", encoding="utf-8")
    return r"sources/anchor-aliases\.yml:\d+: malformed YAML"


def _aliases_incomplete(root: Path) -> str:
    (root / "sources" / "anchor-aliases.yml").write_text(
        "aliases:\n  - document: furman-2005\n    old: p1\n", encoding="utf-8")
    return r"sources/anchor-aliases\.yml:2: an alias needs document, old and new"


def _aliases_not_a_list(root: Path) -> str:
    (root / "sources" / "anchor-aliases.yml").write_text("aliases: 5\n", encoding="utf-8")
    return r"sources/anchor-aliases\.yml:1: `aliases:` must be a list"


def _aliases_bad_anchor(root: Path) -> str:
    (root / "sources" / "anchor-aliases.yml").write_text(
        "aliases:\n  - {document: furman-2005, old: 'p 1', new: p2, reason: test}\n", encoding="utf-8")
    return r"sources/anchor-aliases\.yml:2: old anchor 'p 1' is not a valid anchor"


def _lock_fingerprint(root: Path) -> str:
    lock = root / "sources" / "anchors.lock"
    lines = lock.read_text(encoding="utf-8").split("\n")
    index = next(i for i, l in enumerate(lines) if l.startswith(f"{FURMAN_ID}\tp5\t"))
    parts = lines[index].split("\t")
    parts[2] = "0" * len(parts[2])
    lines[index] = "\t".join(parts)
    lock.write_text("\n".join(lines), encoding="utf-8")
    return rf"sources/anchors\.lock:{index + 1}: anchor furman-2005#p5 now lands on different words"


def _lock_lost_anchor(root: Path) -> str:
    lock = root / "sources" / "anchors.lock"
    text = lock.read_text(encoding="utf-8")
    lock.write_text(text + f"{FURMAN_ID}\tp9999\t0123456789abcdef\tA paragraph that was never there\n",
                    encoding="utf-8")
    return rf"sources/anchors\.lock:{text.count(chr(10)) + 1}: anchor furman-2005#p9999 has disappeared"


def _append_corrections(root: Path, text: str) -> int:
    """Appends YAML to sources/corrections.yml; returns the line of the first added line."""
    path = root / "sources" / "corrections.yml"
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    old = old.rstrip("\n") + "\n\n" if old else ""
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


def _corrections_syntax(root: Path) -> str:
    _append_corrections(root, "furman-2005-x:\n  - {original: a, corrected: b\n")
    return r"sources/corrections\.yml:\d+: malformed YAML"


def _correction_matches_nothing(root: Path) -> str:
    (root / "sources" / "corrections.yml").write_text(
        f"{FURMAN_ID}:\n  - original: Xyzzy Plugh\n    corrected: Plover\n    reason: test\n",
        encoding="utf-8")
    return r"sources/corrections\.yml:2: correction 'Xyzzy Plugh' → 'Plover' for furman-2005 matches nothing"


def _correction_unknown_document(root: Path) -> str:
    line = _append_corrections(root, "no-such-document:\n  - original: a\n    corrected: b\n    reason: test\n")
    return rf"sources/corrections\.yml:{line + 1}: corrections for 'no-such-document', which is not in the catalog"


def _correction_incomplete(root: Path) -> str:
    (root / "sources" / "corrections.yml").write_text(
        f"{FURMAN_ID}:\n  - original: Nazarbaev\n    reason: test\n", encoding="utf-8")
    return r"sources/corrections\.yml:2: furman-2005: missing corrected"


def _corrections_not_a_list(root: Path) -> str:
    (root / "sources" / "corrections.yml").write_text(f"{FURMAN_ID}: fix everything\n", encoding="utf-8")
    return r"sources/corrections\.yml:\d+: furman-2005: expected a list of corrections"


REJECTED = [
    Rejected("wrong-encoding-cp1251", _cp1251, ("cp1251-source",)),
    Rejected("empty-file", _new_source("empty-source", b"",
                                       lambda f, _: rf"{re.escape(f)}:1: the source is empty"),
             ("empty-source",)),
    Rejected("blank-file", _new_source("blank-source", b" \n\n\t\n",
                                       lambda f, _: rf"{re.escape(f)}:1: the source is empty"),
             ("blank-source",)),
    Rejected("binary-file", _new_source("binary-source", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
                                        lambda f, _: rf"{re.escape(f)}:3: the source contains NUL bytes"),
             ("binary-source",)),
    Rejected("50-mb-file", _huge, ("huge-source",)),
    Rejected("note-numbers-out-of-order", _notes_out_of_order, ("notes-order",)),
    Rejected("note-number-duplicated", _note_duplicated, ("notes-duplicate",)),
    Rejected("call-without-note", _call_without_note, ("call-without-note",)),
    Rejected("call-without-note-in-furman", _call_without_note_in_furman),
    Rejected("no-notes-section", _no_notes_section, ("no-notes",)),
    Rejected("stray-text-in-notes", _stray_text_in_notes, ("stray-notes",)),
    Rejected("only-page-numbers", _only_page_numbers, ("page-numbers-only",)),
    Rejected("control-character", _control_character, ("control-character",)),
    Rejected("catalog-path-outside-sources", _outside_sources, ("outside",)),
    Rejected("catalog-absolute-path", _absolute_outside, ("absolute",)),
    Rejected("catalog-missing-file", _missing_file, ("missing-file",)),
    Rejected("catalog-malformed-yaml", _malformed_yaml),
    Rejected("catalog-missing-field", _missing_field),
    Rejected("catalog-duplicate-id", _duplicate_id),
    Rejected("catalog-duplicate-key", _duplicate_key),
    Rejected("catalog-bad-id", _bad_id),
    Rejected("catalog-unknown-kind", _unknown_kind),
    Rejected("changed-checksum", _changed_checksum),
    Rejected("catalog-not-utf8", _catalog_not_utf8),
    Rejected("catalog-is-a-list", _catalog_is_a_list),
    Rejected("catalog-entry-is-a-string", _catalog_entry_is_a_string),
    Rejected("catalog-missing", _catalog_missing),
    Rejected("aliases-malformed-yaml", _aliases_syntax),
    Rejected("aliases-incomplete", _aliases_incomplete),
    Rejected("aliases-not-a-list", _aliases_not_a_list),
    Rejected("aliases-bad-anchor", _aliases_bad_anchor),
    Rejected("lock-fingerprint-changed", _lock_fingerprint),
    Rejected("lock-anchor-disappeared", _lock_lost_anchor),
    Rejected("corrections-malformed-yaml", _corrections_syntax),
    Rejected("correction-matches-nothing", _correction_matches_nothing),
    Rejected("correction-unknown-document", _correction_unknown_document),
    Rejected("correction-incomplete", _correction_incomplete),
    Rejected("corrections-not-a-list", _corrections_not_a_list),
]


@pytest.fixture
def project(built_project, tmp_path) -> Path:
    """A private copy of the built project (content/, site/ and all)."""
    root = tmp_path / "project"
    shutil.copytree(built_project, root)
    return root


def outputs(root: Path) -> dict[str, dict[str, str]]:
    return {"content": qa_support.tree_digest(root / "content"),
            "site": qa_support.tree_digest(root / "site")}


def lock_digest(root: Path) -> str:
    return qa_support.sha256(root / "sources" / "anchors.lock")


@pytest.mark.parametrize("case", REJECTED, ids=[c.name for c in REJECTED])
def test_rejected_input(case: Rejected, project: Path):
    before = outputs(project)
    assert before["site"], "the good build produced no site"
    expected = case.mutate(project)
    lock = lock_digest(project)  # after the mutation: some cases break the lock itself
    only = qa_support.only_args(case.extra_ids)
    result = qa_support.run_cli(project, "build", *only)
    assert result.returncode == 2, f"exit {result.returncode}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    assert re.search(expected, result.stderr), f"expected /{expected}/ in:\n{result.stderr}"
    assert str(project) not in result.stderr, "messages must show paths relative to the project"
    assert outputs(project) == before, "a failed build changed the last good output"
    assert lock_digest(project) == lock, "a failed build rewrote the anchor lock"
    leftovers = [p.name for p in project.iterdir() if p.name.startswith((".edition-staging-", ".site-new-"))]
    assert not leftovers, leftovers


def test_the_rejected_cases_are_at_least_twenty():
    assert len(REJECTED) >= 20


# ----------------------------------------------------------- tolerated text
class _Text(HTMLParser):
    """Collects the visible text of one element (by id) and every tag name inside it."""

    def __init__(self, element_id: str):
        super().__init__(convert_charrefs=True)
        self.element_id = element_id
        self.depth = 0
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.depth += 0 if tag in ("br", "img", "input", "hr", "meta", "link") else 1
            self.tags.append((tag, attrs))
        elif attrs.get("id") == self.element_id:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def element(html_text: str, element_id: str) -> tuple[str, list[tuple[str, dict]]]:
    parser = _Text(element_id)
    parser.feed(html_text)
    return " ".join("".join(parser.text).split()), parser.tags


LITERAL_PARAGRAPHS = {
    "html-and-script": '<script>alert("pwned")</script> and <b>bold</b> and '
                       '<img src=x onerror="alert(1)"> and <a href="https://evil.example">a link</a>.',
    "markdown-syntax": "[a link](https://example.com) and ![an image](x.png) and `code` and _under_ "
                       "and ~~strike~~ and [^n1] and {: #evil } and <!-- comment --> and &amp; and \\*.",
    "line-start-syntax": "# not a heading, but a paragraph that starts with a hash sign and goes on.",
    "quote-start": "> not a quotation, but a paragraph that starts with a greater-than sign.",
    "list-start": "1. not a list, but a paragraph that starts with a number.",
    "unbalanced-emphasis": "an *unclosed emphasis that must not swallow the rest of the paragraph.",
    "table-and-rule": "| not | a | table | and --- not a rule and === not a heading either.",
    "form-feed-and-bidi": "a form\x0cfeed (a page break from pdftotext) and a right-to-left \u202e override.",
}


# The same paragraphs in a source of each kind that reads free text.
LITERAL_DOCS = {"literal-text": "chapter-endnotes", "literal-web": "web-article"}
# A web article rightly reads a paragraph starting "1. " as a list.
NOT_IN = {"literal-web": {"list-start"}}


@pytest.fixture(scope="module")
def literal_site(built_project, tmp_path_factory) -> tuple[Path, dict[str, str], str]:
    """One build of sources whose paragraphs are full of HTML and Markdown syntax."""
    root = tmp_path_factory.mktemp("literal") / "project"
    shutil.copytree(built_project, root)
    title = 'A "quoted" <script>alert(2)</script> title: yes'
    for doc_id, kind in LITERAL_DOCS.items():
        paragraphs = [v for k, v in LITERAL_PARAGRAPHS.items() if k not in NOT_IN.get(doc_id, set())]
        if kind == "chapter-endnotes":
            text = chapter([*GOOD_BODY, *paragraphs], GOOD_NOTES)
        else:
            text = "\n\n".join([title, *paragraphs]) + "\n"
        add_source(root, doc_id, text.encode(), kind=kind, title=title)
    result = qa_support.run_cli(root, "build", "--no-pdf", "--no-epub",
                                *qa_support.only_args(tuple(LITERAL_DOCS)))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    pages = {doc_id: (root / "site" / "documents" / doc_id / "index.html").read_text(encoding="utf-8")
             for doc_id in LITERAL_DOCS}
    return root, pages, title


def _paragraph_id(page: str, start: str) -> str:
    """The id of the paragraph whose text begins with `start`."""
    for match in re.finditer(r'<(p|div) id="(p\d+)"[^>]*>', page):
        text, _ = element(page[match.start():], match.group(2))
        if text.startswith(" ".join(start.split())):
            return match.group(2)
    raise AssertionError(f"no paragraph starts with {start[:40]!r}")


@pytest.mark.parametrize("doc_id,name", [(d, n) for d in LITERAL_DOCS for n in LITERAL_PARAGRAPHS
                                         if n not in NOT_IN.get(d, set())])
def test_source_text_is_shown_literally(literal_site, doc_id, name):
    _, pages, _ = literal_site
    page = pages[doc_id]
    source = LITERAL_PARAGRAPHS[name]
    # What a reader sees: the source's characters; control characters may be dropped.
    visible = " ".join("".join(c for c in source.replace("\f", " ")
                               if c.isprintable() or c in " \n").split())
    shown = visible.replace("\\*", "*")
    pid = _paragraph_id(page, shown[:12])
    text, tags = element(page, pid)
    text = text.removesuffix("¶").strip()
    assert " ".join("".join(c for c in text if c.isprintable()).split()) == shown
    allowed = {("a", "pilcrow")}
    unexpected = [(t, a) for t, a in tags if (t, a.get("class")) not in allowed]
    assert not unexpected, f"source text became markup: {unexpected}"


class _Tags(HTMLParser):
    """Every element of a page with its attributes, and the text inside <script>s."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


@pytest.mark.parametrize("doc_id", list(LITERAL_DOCS))
def test_script_from_a_source_never_runs(literal_site, doc_id):
    root, pages, title = literal_site
    texts = [pages[doc_id], (root / "site/documents/index.html").read_text(encoding="utf-8"),
             (root / f"site/reports/{doc_id}/index.html").read_text(encoding="utf-8")]
    for text in texts:
        parser = _Tags()
        parser.feed(text)
        assert not any("alert(" in script for script in parser.scripts)
        assert not any(k.startswith("on") for _, attrs in parser.tags for k in attrs)
        assert not any(attrs.get("href") == "https://evil.example" for _, attrs in parser.tags)
        assert not any(tag == "b" for tag, _ in parser.tags)
    # The title shows as text in the page's <title> and heading.
    assert html.escape(title, quote=False) in pages[doc_id]


def test_crlf_and_bom_give_the_same_document(built_project, tmp_path):
    """A source saved on Windows (CRLF, byte-order mark) is read as the same text."""
    root = tmp_path / "project"
    shutil.copytree(built_project, root)
    text = chapter(GOOD_BODY, GOOD_NOTES)
    add_source(root, "unix-text", text.encode())
    add_source(root, "windows-text", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    result = qa_support.run_cli(root, "build", "--no-site", *qa_support.only_args(("unix-text", "windows-text")))
    assert result.returncode == 0, result.stderr
    def text(doc_id: str) -> list[str]:
        # Everything but the provenance lines naming the file and its checksum.
        lines = (root / f"content/documents/{doc_id}.md").read_text(encoding="utf-8").splitlines()
        return [l for l in lines if doc_id not in l and "SHA-256" not in l]

    assert text("unix-text") == text("windows-text")
    assert len(text("unix-text")) > 10


def test_a_good_small_chapter_builds(built_project, tmp_path):
    """Control: the synthetic chapter the cases break is itself accepted, so each
    rejection above is caused by its one defect."""
    root = tmp_path / "project"
    shutil.copytree(built_project, root)
    add_source(root, "good-chapter", chapter(GOOD_BODY, GOOD_NOTES).encode())
    result = qa_support.run_cli(root, "build", *qa_support.only_args(("good-chapter",)))
    assert result.returncode == 0, result.stderr
    page = (root / "site/documents/good-chapter/index.html").read_text(encoding="utf-8")
    assert 'id="n3"' in page and "rested on the clans" in page
