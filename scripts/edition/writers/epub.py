"""The EPUB 3 edition: the epub flavour of the pandoc Markdown book -> pandoc -> .epub.

Deterministic: pandoc's EPUB has a random identifier and the current time unless told
otherwise, so the identifier is a UUID derived from the edition's URL and title, and the
date comes from SOURCE_DATE_EPOCH (pandoc also uses it for the zip entries).
"""
from __future__ import annotations

import uuid
from pathlib import Path

from .pandoc_markdown import EditionInfo
from .pandoc_run import run_pandoc

STYLESHEET = Path(__file__).parent / "templates" / "epub.css"


def identifier(info: EditionInfo) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, info.url or info.title)}"


def build_epub(markdown: str, workdir: Path, epoch: int, bibliography: Path | None,
               info: EditionInfo, memo_root: Path | None = None) -> bytes:
    args = ["-t", "epub3", "-o", "-", "--split-level=1", "--toc", "--toc-depth=2",
            f"--css={STYLESHEET}", f"--metadata=identifier:{identifier(info)}",
            "--epub-title-page=true"]
    if bibliography is not None:
        args += ["--citeproc", f"--bibliography={bibliography}"]
    return run_pandoc(markdown, args, workdir, epoch, "EPUB (pandoc)", memo_root)
