"""The PDF edition: pandoc Markdown -> (pandoc, our template) -> Typst -> (typst) -> PDF.

Not pure (it runs pandoc and Typst), so it is kept small: pandoc_markdown.py decides what
the book says, templates/edition.typst how it looks. Typst uses only its embedded fonts
(system fonts are ignored), so the PDF does not depend on the machine's fonts; with the
timestamp fixed from SOURCE_DATE_EPOCH two builds are byte-identical.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .. import memo as memos, timing
from ..errors import EditionError, Problem
from .pandoc_run import run_pandoc

TEMPLATE = Path(__file__).parent / "templates" / "edition.typst"


@dataclass(frozen=True)
class AnchorPage:
    """One PDF named destination and where it lands."""
    name: str        # the destination name, e.g. furman-2005-n194 (or the short n194)
    page: int        # the printed page number
    physical: int    # 1-based page of the PDF file (for `#page=`)


def typst_source(markdown: str, workdir: Path, epoch: int, bibliography: Path | None,
                 memo_root: Path | None = None) -> str:
    args = ["-t", "typst", f"--template={TEMPLATE}", "--wrap=preserve"]
    if bibliography is not None:
        args += ["--citeproc", f"--bibliography={bibliography}"]
    return run_pandoc(markdown, args, workdir, epoch, "PDF (pandoc → Typst)", memo_root).decode("utf-8")


def compile_pdf(source: Path, inputs: dict[str, str], epoch: int,
                memo_root: Path | None = None) -> tuple[bytes, list[AnchorPage]]:
    """The Typst file -> PDF bytes, and every anchor's page (queried from the same compiler).
    With `memo_root` (the project), a PDF already compiled from the same Typst source,
    inputs and timestamp is reused (memo.py: Typst is as pure as pandoc)."""
    import typst  # imported late: only the PDF build needs it

    memo = memos.Memo(memo_root, "typst", [
        f"typst=={metadata.version('typst')}", f"epoch={epoch}",
        json.dumps(inputs, sort_keys=True), source.read_text(encoding="utf-8")])
    stored = memo.get()
    if stored is not None:
        first, _, pdf = stored.partition(b"\n")
        try:
            return pdf, _anchor_pages(json.loads(first))
        except (ValueError, TypeError):  # a damaged memo (edited, truncated): compile again
            pass
    try:
        with timing.stage("typst"):
            compiler = typst.Compiler(str(source), root=str(source.parent), ignore_system_fonts=True,
                                      sys_inputs=inputs)
            pdf = compiler.compile(format="pdf", timestamp=epoch)
            raw = compiler.query("<edition-concordance>", field="value", one=True)
    except typst.TypstError as exc:  # type: ignore[attr-defined]
        raise EditionError(Problem(str(source), 0, f"Typst failed: {exc.message}\n{exc.diagnostic}",
                                   "the Typst source is kept beside the output for inspection")) from None
    pages = _anchor_pages(raw)
    memo.put(json.dumps(raw).encode("utf-8") + b"\n" + pdf)
    return pdf, pages


def _anchor_pages(raw: str) -> list[AnchorPage]:
    """The concordance the template records (JSON rows of name, page, physical page)."""
    rows = [AnchorPage(str(name), int(page), int(physical)) for name, page, physical in json.loads(raw)]
    return sorted(rows, key=lambda r: (r.physical, r.name))


def pdf_inputs(title: str, authors: list[str], description: str, keywords: list[str]) -> dict[str, str]:
    """The PDF's document metadata, passed to the template as exact strings (sys.inputs)."""
    return {"edition-title": title,
            "edition-authors": json.dumps(authors, ensure_ascii=False),
            "edition-description": description,
            "edition-keywords": json.dumps(keywords, ensure_ascii=False)}
