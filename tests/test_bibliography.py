"""bibliography.bib (BibTeX writer), the citeproc page, cite-this, and the curated corrections."""
from __future__ import annotations

import json
import re
import subprocess
from functools import lru_cache
from pathlib import Path

import bibtexparser
import pytest

from bib_fixtures import entries, linked
from edition.bib_corrections import load_corrections, unknown_keys
from edition.checks import all_anchors
from edition.enrich.bibliography import cited_in
from edition.writers import cite_this
from edition.writers.bibliography_page import GROUPS, format_entries, pandoc_path, render_page
from edition.writers.bibtex import bib_name, escape, fields_of, render_bibtex, source_work, unescape

KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@lru_cache(maxsize=None)
def bibtex() -> str:
    return render_bibtex(linked().works)


@lru_cache(maxsize=None)
def formatted() -> dict[str, str]:
    return format_entries(bibtex())


@lru_cache(maxsize=None)
def page() -> str:
    corpus = linked()
    return render_page(corpus, formatted(), cited_in(corpus))


# ------------------------------------------------------------------ the .bib
def test_bib_parses_with_bibtexparser_without_failed_blocks():
    library = bibtexparser.parse_string(bibtex())
    assert library.failed_blocks == []
    keys = [e.key for e in library.entries]
    assert keys == sorted(keys) == [w.key for w in linked().works]
    assert len(keys) == len(set(keys)) and all(KEY_RE.match(k) for k in keys)


def _value(raw: str, name: str) -> str:
    """A parsed field back to the model's value: outer braces, case protection, escapes."""
    value = raw[1:-1] if raw.startswith("{") and raw.endswith("}") else raw
    if name in ("title", "booktitle", "journal", "series", "organization") and value.startswith("{"):
        value = value[1:-1]
    if name in ("author", "editor"):
        return " and ".join(_unname(n) for n in value.split(" and "))
    return value if name == "url" else unescape(value)


def _unname(name: str) -> str:
    if name.startswith("{") and name.endswith("}"):
        return unescape(name[1:-1])
    last, _, first = name.partition(", ")
    return unescape(f"{first} {last}" if first else last)


def test_round_trip_write_parse_gives_the_same_entries():
    library = bibtexparser.parse_string(bibtex())
    parsed = {e.key: e for e in library.entries}
    for work in linked().works:
        entry = parsed[work.key]
        got = [(f.key, _value(f.value, f.key)) for f in entry.fields]
        assert got == fields_of(work), work.key


def test_bib_is_read_by_pandoc_as_csl():
    result = subprocess.run([pandoc_path(), "-f", "bibtex", "-t", "csljson"], input=bibtex(),
                            capture_output=True, text=True, check=True)
    items = {item["id"]: item for item in json.loads(result.stdout)}
    assert set(items) == {w.key for w in linked().works}
    assert items["ertysbaev2001kazakhstan"]["type"] == "book"
    assert items["ertysbaev2001kazakhstan"]["publisher-place"] == "Astana"
    assert items["kozlov1993oppozitsiia"]["type"] == "article-newspaper"
    assert items["kozlov1993oppozitsiia"]["container-title"] == "Nezavisimaia gazeta"
    assert items["dunaev1999konfliktuiushchie"]["type"] == "article-journal"
    assert items["zhukov2002tsentralnaia"]["type"] == "chapter"
    assert items["chebotarevndrukovodstvu"]["type"] == "webpage"
    assert items["cia-1957"]["type"] == "report"
    # transliterated titles keep their case (no "sentence case" by the reader)
    assert items["furman-2005"]["title"] == "The Regime in Kazakhstan"
    assert items["kozlov1993oppozitsiia"]["title"].startswith("Oppozitsiia dolzhna")


def test_bib_is_deterministic():
    assert render_bibtex(linked().works) == render_bibtex(tuple(reversed(linked().works)))


def test_sources_come_from_the_catalog_and_unknowns_are_left_out():
    works = {e.id: source_work(e) for e in entries()}
    furman = works["furman-2005"]
    assert (furman.kind, furman.container, furman.editors, furman.publisher, furman.isbn) == (
        "chapter", "Central Asia at the End of the Transition", ("Boris Rumer",), "M.E. Sharpe", "0-7656-1575-4")
    assert "pages" not in dict(fields_of(furman))                 # page range unknown
    assert "url" not in dict(fields_of(works["yalensis-2019"]))   # url unknown
    assert works["kzexpert-technocrats"].date == "" and works["kzexpert-technocrats"].authors == ()
    assert works["cia-1957"].kind == "report" and "CIA-RDP65-00756R000500130072-4" in works["cia-1957"].archive_id


def test_latex_specials_and_names():
    assert unescape(escape("50% & $5 #1 a_b ^ ~ {x} \\")) == "50% & $5 #1 a_b ^ ~ {x} \\"
    assert bib_name("Ermukhamet Ertysbaev") == "Ertysbaev, Ermukhamet"
    assert bib_name("M. N. Guboglo") == "Guboglo, M. N."
    assert bib_name("Central Intelligence Agency") == "{Central Intelligence Agency}"
    assert bib_name("yalensis") == "{yalensis}"


def test_cited_works_carry_the_fields_a_reference_manager_expects():
    works = {w.key: dict(fields_of(w)) for w in linked().works}
    assert works["kozlov1993oppozitsiia"] == {
        "author": "S. Kozlov", "title": "Oppozitsiia dolzhna imet' pozitsiiu", "journal": "Nezavisimaia gazeta",
        "date": "1993-02-20", "pages": "1", "langid": "russian", "entrysubtype": "newspaper"}
    assert works["ertysbaev2002pora"]["note"] == "Interview."
    assert works["dunaev1999konfliktuiushchie"]["number"] == "5(6)"
    assert works["svoik2002we"]["langid"] == "english"


# ------------------------------------------------------------------ the page
def test_citeproc_formats_every_entry():
    assert set(formatted()) == {w.key for w in linked().works}
    assert formatted()["ertysbaev2001kazakhstan"].startswith("Ertysbaev, Ermukhamet. <em>")


def test_page_has_an_anchored_entry_for_every_work_in_its_group():
    text = page()
    for work in linked().works:
        assert f'<div id="{work.key}" class="csl-entry"' in text
    headings = re.findall(r"^## (.+) \{#([\w-]+)\}$", text, re.M)
    assert [a for _, a in headings] == [a for a, _, _ in GROUPS]


def test_every_backlink_lands_on_an_existing_note_anchor():
    doc = linked().documents[0]
    anchors = set(all_anchors(doc))
    links = re.findall(r"\]\(\.\./documents/([\w-]+)\.md#([\w-]+)\)", page())
    assert len(links) >= 200
    for doc_id, anchor in links:
        assert doc_id == doc.id and anchor in anchors


def test_every_cited_work_lists_every_citing_note():
    text = page()
    for key, places in cited_in(linked()).items():
        block = text.split(f'<div id="{key}" class="csl-entry"', 1)[1].split("</div>", 1)[0]
        for place in places:
            assert f"#{place.anchor})" in block, (key, place.label)


def test_page_is_deterministic():
    corpus = linked()
    assert render_page(corpus, format_entries(bibtex()), cited_in(corpus)) == page()


# ------------------------------------------------------------------ cite this
def test_highwire_tags_and_ris():
    furman = source_work(next(e for e in entries() if e.id == "furman-2005"))
    url = "https://edition.example.org/documents/furman-2005/"
    tags = cite_this.highwire(furman, url)
    assert ("citation_title", "The Regime in Kazakhstan") in tags
    assert ("citation_author", "Dmitrii Furman") in tags
    assert ("citation_publication_date", "2005") in tags
    assert ("citation_public_url", url) in tags
    ris = cite_this.ris(furman, url, "Edition").splitlines()
    assert ris[0] == "TY  - CHAP" and "AU  - Furman, Dmitrii" in ris and ris[-1] == "ER  - "


def test_cite_block_offers_chicago_bibtex_and_ris():
    doc = linked().documents[0]
    work = next(w for w in linked().works if w.key == doc.id)
    block = cite_this.block(doc, work, formatted()[doc.id], "https://x.org/documents/furman-2005/", "Edition")
    assert 'id="cite-this"' in block and 'data-format="chicago"' in block
    assert "@incollection{furman-2005," in block and "TY  - CHAP" in block
    assert block.count("<details") == block.count("</details>") == 1


# ---------------------------------------------------------------- corrections
def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bibliography-corrections.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_yaml_names_file_and_line(tmp_path):
    path = write(tmp_path, "periodicals:\n  hvestiia: Izvestiia\n  bad: [unclosed\n")
    _, _, problems = load_corrections(path, "sources/bibliography-corrections.yml")
    assert len(problems) == 1 and problems[0].file == "sources/bibliography-corrections.yml"
    assert problems[0].line >= 3 and "malformed YAML" in problems[0].message


def test_every_problem_is_reported_at_once_with_its_line(tmp_path):
    path = write(tmp_path, "\n".join([
        "periodicals:",
        "  hvestiia: Izvestiia",
        "  hvestiia: Izvestia",          # 3: duplicate key
        "names:",
        "  Ertyysbaev:",                 # 5: empty value
        "entries:",
        "  kurtov1995partii:",
        "    colour: red",               # 8: unknown field
        "  Not A Key:",                  # 9: not a key
        "    note: x",
        "  kurtov1995partii:",           # 11: duplicate entry
        "    note: y",
        "shelves: {}",                   # 13: unknown section
        "entries:",                      # 14: duplicate section
    ]) + "\n")
    corr, lines, problems = load_corrections(path, "c.yml")
    found = sorted((p.line, p.message.split(":")[0]) for p in problems)
    assert [line for line, _ in found] == [3, 5, 8, 9, 11, 13, 14]
    assert all(p.file == "c.yml" for p in problems)
    assert corr.periodical("hvestiia") == "Izvestiia"  # the first of a duplicate is kept
    assert lines == {"kurtov1995partii": 7}


def test_curated_values_are_checked(tmp_path):
    path = write(tmp_path, "entries:\n  a1:\n    kind: magazine\n    date: 12 May 2003\n"
                           "    url: www.x.org\n    title: Fine\n")
    corr, _, problems = load_corrections(path, "c.yml")
    assert [(p.line, p.message.split(": ")[2].split()[0]) for p in problems] == [(3, "kind"), (4, "date"), (5, "url")]
    assert corr.for_key("a1") == {"title": "Fine"}


def test_entry_for_an_unknown_key_is_reported_with_its_line():
    problems = unknown_keys({"kurtov1995partii": 7, "kurtov1995partiii": 9}, {"kurtov1995partii"}, "c.yml")
    assert [(p.file, p.line) for p in problems] == [("c.yml", 9)]


def test_the_curated_file_is_valid_and_every_entry_is_used():
    root = Path(__file__).resolve().parents[1]
    corr, lines, problems = load_corrections(root / "sources/bibliography-corrections.yml", "x")
    assert problems == []
    assert unknown_keys(lines, {w.key for w in linked().works}, "x") == []


def test_corrections_change_the_entry_but_not_its_key():
    works = {w.key: w for w in linked().works}
    assert works["life1999times"].authors == ("Nursultan Nazarbaev",)
    assert works["izvestiia1998verkhovnyi"].container == "Izvestiia"   # "hvestiia" in the note
    assert "ertysbaev1999nekotorye" in works                           # "Ertyysbaev" in n. 116


@pytest.mark.parametrize("label", ["1", "19", "194"])
def test_notes_link_to_existing_entries(label):
    from edition.enrich.bibliography import citations_in
    from bib_fixtures import note
    keys = {w.key for w in linked().works}
    cites = citations_in(note(linked().documents[0], label))
    assert cites and all(c.key in keys for c in cites)
