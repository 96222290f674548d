"""memo.py: a tool's output is reused only for exactly the same inputs; timing.py keeps
a tool's time out of the stage that called it."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from edition import memo, timing

# A stand-in for pandoc: prints its arguments, the named file's text and stdin; a pure
# function of them, like pandoc.
TOOL = ("import sys, pathlib\n"
        "args = sys.argv[1:]\n"
        "files = [pathlib.Path(a.split('=', 1)[1]).read_text() for a in args if a.startswith('--bib=')]\n"
        "if '--fail' in args: sys.exit(3)\n"
        "print(args[-1:], files, sys.stdin.read())\n")


@pytest.fixture
def tool(tmp_path) -> list[str]:
    script = tmp_path / "tool.py"
    script.write_text(TOOL, encoding="utf-8")
    return [sys.executable, str(script)]


@pytest.fixture
def calls(monkeypatch) -> list[list[str]]:
    seen: list[list[str]] = []
    real = subprocess.run

    def counting(cmd, *args, **kwargs):
        seen.append(list(cmd))
        return real(cmd, *args, **kwargs)

    monkeypatch.setattr(memo.subprocess, "run", counting)
    monkeypatch.delenv("EDITION_NO_CACHE", raising=False)
    return seen


def _run(tool, tmp_path, stdin=b"text", extra=(), root=None):
    return memo.run_pandoc([*tool, *extra], stdin, tmp_path, {"SOURCE_DATE_EPOCH": "0"},
                           tmp_path if root is None else root)


def test_same_inputs_run_the_tool_once(tool, tmp_path, calls):
    first = _run(tool, tmp_path)
    second = _run(tool, tmp_path)
    assert first.returncode == second.returncode == 0
    assert second.stdout == first.stdout and b"text" in first.stdout
    assert len(calls) == 1


def test_other_input_or_argument_runs_it_again(tool, tmp_path, calls):
    _run(tool, tmp_path)
    assert b"other" in _run(tool, tmp_path, stdin=b"other").stdout
    _run(tool, tmp_path, extra=["--wrap=none"])
    assert len(calls) == 3


def test_a_named_file_counts_by_its_bytes_not_its_path(tool, tmp_path, calls):
    one, two = tmp_path / "a.bib", tmp_path / "b.bib"
    one.write_text("@book{x}", encoding="utf-8")
    two.write_text("@book{x}", encoding="utf-8")
    _run(tool, tmp_path, extra=[f"--bib={one}"])
    _run(tool, tmp_path, extra=[f"--bib={two}"])  # a temporary copy: same bytes
    assert len(calls) == 1
    two.write_text("@book{y}", encoding="utf-8")  # an edited bibliography
    assert b"@book{y}" in _run(tool, tmp_path, extra=[f"--bib={two}"]).stdout
    assert len(calls) == 2


def test_a_failure_is_not_remembered(tool, tmp_path, calls):
    assert _run(tool, tmp_path, extra=["--fail"]).returncode == 3
    assert _run(tool, tmp_path, extra=["--fail"]).returncode == 3
    assert len(calls) == 2


def test_no_cache_and_no_root_always_run(tool, tmp_path, calls, monkeypatch):
    memo.run_pandoc(tool, b"x", tmp_path, {}, None)
    memo.run_pandoc(tool, b"x", tmp_path, {}, None)
    monkeypatch.setenv("EDITION_NO_CACHE", "1")
    _run(tool, tmp_path)
    _run(tool, tmp_path)
    assert len(calls) == 4
    assert not (tmp_path / ".edition-cache").exists()


def test_only_the_most_recent_outputs_are_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("EDITION_NO_CACHE", raising=False)
    for n in range(memo.KEEP + 5):
        memo.Memo(tmp_path, "tool", [str(n)]).put(b"out")
    assert len(list((tmp_path / ".edition-cache" / "tool").glob("*.out"))) == memo.KEEP


def test_a_stage_inside_another_is_counted_once():
    with timing.recording() as times:
        with timing.stage("render"):
            with timing.stage("citeproc"):
                time.sleep(0.3)
    assert times.wall["citeproc"] >= 0.3
    assert times.wall["render"] < times.wall["citeproc"]  # not 0.3 more


def test_a_stage_measured_elsewhere_is_recorded():
    with timing.recording() as times:
        timing.record("site", 2.0, 1.5)
        timing.record("site", 1.0, 0.5)
    assert times.wall["site"] == 3.0 and times.cpu["site"] == 2.0
    timing.record("site", 1.0, 1.0)  # nobody recording: ignored


def test_a_damaged_typst_memo_is_compiled_again(tmp_path, monkeypatch):
    from edition.writers.pdf import compile_pdf

    monkeypatch.delenv("EDITION_NO_CACHE", raising=False)
    source = tmp_path / "book.typ"
    source.write_text('Hello.\n#metadata((("n1", 1, 1),)) <edition-concordance>\n', encoding="utf-8")
    pdf, pages = compile_pdf(source, {}, 0, memo_root=tmp_path)
    assert pdf.startswith(b"%PDF") and [p.name for p in pages] == ["n1"]
    assert compile_pdf(source, {}, 0, memo_root=tmp_path) == (pdf, pages)  # from the memo
    for stored in (tmp_path / ".edition-cache" / "typst").glob("*.out"):
        stored.write_bytes(b"not json\n%PDF-damaged")
    assert compile_pdf(source, {}, 0, memo_root=tmp_path) == (pdf, pages)
