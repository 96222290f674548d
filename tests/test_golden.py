"""Golden test: the Furman source in, the expected Markdown out.

A changed output is accepted only on purpose: `UPDATE_GOLDEN=1 pytest tests/test_golden.py`
rewrites tests/golden/, and the diff is reviewed like any other change.
"""
import os
from pathlib import Path

from edition.writers.markdown import render_document

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} missing: run UPDATE_GOLDEN=1 pytest {__file__}"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from the golden file; review, then UPDATE_GOLDEN=1"


def test_furman_markdown_matches_golden(furman):
    check_golden("furman-2005.md", render_document(furman))
