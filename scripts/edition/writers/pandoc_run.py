"""Runs the pandoc that pypandoc-binary bundles (it is not on PATH)."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from .. import memo, timing
from ..errors import EditionError, Problem


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    """The bundled pandoc. pypandoc.get_pandoc_path() runs `pandoc --version` on every
    candidate it knows (about 0.3 s); pypandoc-binary's own copy is taken directly."""
    import pypandoc  # imported late: only the PDF/EPUB build needs it
    bundled = Path(pypandoc.__file__).parent / "files" / ("pandoc.exe" if os.name == "nt" else "pandoc")
    return str(bundled) if bundled.is_file() else pypandoc.get_pandoc_path()


def run_pandoc(markdown: str, args: list[str], cwd: Path, source_date_epoch: int,
               what: str, memo_root: Path | None = None) -> bytes:
    """pandoc -f markdown <args>, Markdown on stdin; stdout as bytes. Raises a Problem on failure.
    With `memo_root` (the project), an output already made from the same inputs is reused
    (memo.py)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(source_date_epoch), LC_ALL="C.UTF-8")
    with timing.stage("pandoc"):  # the tool's time, kept apart from ours in --timings
        result = memo.run_pandoc([pandoc_path(), "-f", "markdown", *args], markdown.encode("utf-8"),
                                 cwd, env, memo_root)
    if result.returncode != 0:
        raise EditionError(Problem(what, 0, "pandoc failed:\n" + result.stderr.decode("utf-8", "replace"),
                                   "the intermediate Markdown is kept beside the output for inspection"))
    return result.stdout
