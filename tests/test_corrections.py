"""Editorial corrections (sources/corrections.yml) and suggested OCR slips, with the
real cases of the Furman chapter and the CIA brief."""
from collections import Counter
from dataclasses import replace

import pytest

from conftest import ROOT, copy_project
from edition import build
from edition.config import Config
from edition.corrections import CorrectionRule, load_corrections
from edition.enrich.corrections import apply_corrections, correct_inlines, rule_pattern
from edition.enrich.suggestions import (duplicated_syllable, mixed_script, rare_variants,
                                        stray_brackets, suggest_ocr_slips)
from edition.errors import EditionError
from edition.inlines import block_text, plain_text
from edition.model import Correction, Emph, NoteCall, Text
from edition.writers.markdown import render_document


def rule(original, corrected, line=None):
    return CorrectionRule("doc", original, corrected, "test", line, "sources/corrections.yml:3")


def test_correction_inside_emphasis_keeps_the_original():
    nodes = (Text("See "), Emph((Text("hvestiia"),)), Text(", 26 November 1998"), NoteCall("1"))
    r = rule("hvestiia", "Izvestiia")
    out, n = correct_inlines(nodes, r, rule_pattern(r.original))
    assert n == 1
    assert out[1] == Emph((Correction("Izvestiia", "hvestiia", "test"),))
    assert plain_text(out) == "See Izvestiia, 26 November 1998"
    assert out[-1] == NoteCall("1")


def test_correction_matches_whole_words_only():
    r = rule("naia", "naya")
    out, n = correct_inlines((Text("Tsentrai naia and Kazakhstanskaia"),), r, rule_pattern("naia"))
    assert n == 1 and plain_text(out) == "Tsentrai naya and Kazakhstanskaia"


@pytest.fixture(scope="module")
def corpus():
    return {d.id: d for d in build.load_corpus(Config(ROOT)).documents}


def test_the_furman_corrections_are_applied_and_reported(corpus):
    doc = corpus["furman-2005"]
    notes = {n.label: block_text(n) for n in doc.notes}
    assert "Izvestiia, 26 November 1998" in notes["127"] and "hvestiia" not in notes["127"]
    assert "See Ertysbaev," in notes["116"] and "Tsentral'naia aziia" in notes["116"]
    assert "ne vsegda sami" in notes["151"]
    assert "achieve economic stabilization" in notes["130"]
    corrected = Counter(e.text for e in doc.report if e.action == "corrected")
    assert corrected == {"Tsentrai naia": 3, "hvestiia": 2, "vseгда": 2, "Ertyysbaev": 1, "ecoconomic": 1}
    page = render_document(doc)
    assert 'title="Editorial correction; the source reads: hvestiia">Izvestiia</ins>' in page


def test_a_stale_correction_stops_the_build_with_its_line(corpus):
    doc = corpus["cia-1957"]
    with pytest.raises(EditionError) as info:
        apply_corrections(doc, [rule("Malenkow", "Malenkov")])
    assert "sources/corrections.yml:3" in str(info.value) and "matches nothing" in str(info.value)
    with pytest.raises(EditionError):  # right word, wrong line
        apply_corrections(doc, [rule("Krushchev", "Khrushchev", line=40)])
    fixed = apply_corrections(doc, [rule("Krushchev", "Khrushchev", line=5)])
    assert [e.line for e in fixed.report if e.action == "corrected"] == [5]


def test_corrections_file_is_validated(tmp_path):
    path = tmp_path / "corrections.yml"
    path.write_text("furman-2005:\n  - original: a\n    corrected: b\n  - original: x\n    fixed: y\n",
                    encoding="utf-8")
    with pytest.raises(EditionError) as info:
        load_corrections(path, "corrections.yml")
    assert "corrections.yml:4" in str(info.value) and "unknown field(s) fixed" in str(info.value)
    assert load_corrections(tmp_path / "missing.yml") == {}


# ------------------------------------------------------------------ suggestions
def test_mixed_scripts():
    assert mixed_script("vseгда") == "vsegda"
    assert mixed_script("vsegda") is None and mixed_script("всегда") is None


def test_stray_brackets():
    assert stray_brackets("23 August 2002, pp. 3[^]1.") == ["3[^]1"]
    assert stray_brackets("25 October 2003, pp. 1[^]t.") == ["1[^]t"]
    assert stray_brackets("pp. 139^0).") == ["139^0)"]
    assert stray_brackets("see [note] and x^2 in [1]") == ["x^2"]


def test_duplicated_syllable():
    vocab = Counter({"economic": 3, "registration": 2, "succeed": 1})
    assert duplicated_syllable("ecoconomic", vocab) == "economic"
    assert duplicated_syllable("reregistration", vocab) is None
    assert duplicated_syllable("succeeded", vocab) is None


def test_rare_variants_of_frequent_names():
    vocab = Counter({"Khrushchev": 44, "Krushchev": 1, "Ertysbaev": 33, "Ertyysbaev": 1,
                     "Nazarbaev": 40, "Nazarbaeva": 1, "Kazakhs": 1, "Kazakh": 9})
    assert rare_variants(vocab) == {"Krushchev": "Khrushchev", "Ertyysbaev": "Ertysbaev"}


def test_suggestions_are_listed_not_applied(corpus):
    furman = corpus["furman-2005"]
    suggested = {(e.text, e.detail) for e in furman.report if e.action == "suggested"}
    assert ("3[^]1", "check the printed source") in suggested
    assert ("1[^]t", "check the printed source") in suggested
    assert ("Nazabaev's", "perhaps: Nazarbaev's") in suggested
    # accepted corrections are no longer suggested
    assert not any(text in ("vseгда", "ecoconomic", "Ertyysbaev") for text, _ in suggested)
    memo = corpus["cia-1957"]
    assert ("Krushchev", "perhaps: Khrushchev") in {(e.text, e.detail) for e in memo.report
                                                     if e.action == "suggested"}
    assert suggest_ocr_slips(replace(memo, report=())).blocks == memo.blocks


def test_lock_rewrites_only_the_lock(tmp_path):
    import os
    import subprocess
    import sys
    project = copy_project(tmp_path)
    before = sorted(p.name for p in (project / "content" / "documents").iterdir())
    env = dict(os.environ, PYTHONPATH=str(project / "scripts"))
    result = subprocess.run([sys.executable, "-m", "edition.cli", "--root", str(project), "lock"],
                            capture_output=True, text=True, env=env, cwd=project)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (project / "content" / "documents").iterdir()) == before


def test_without_corrections_gives_back_the_source_readings(corpus):
    from edition.enrich.corrections import without_corrections
    doc = without_corrections(corpus["furman-2005"])
    notes = {n.label: block_text(n) for n in doc.notes}
    assert "hvestiia, 26 November 1998" in notes["127"] and "vseгда" in notes["151"]
