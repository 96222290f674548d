"""Remembers what pandoc and Typst made from inputs they have already been given.

Both tools are pure functions of their input, their arguments, the files those arguments
name (template, bibliography, CSL style, stylesheet), SOURCE_DATE_EPOCH and their own
version; so an output is stored under a digest of exactly these in
`.edition-cache/<tool>/` and reused while they are the same. This is what makes a
rebuild after a small edit cheap for the book and the bibliography page: the tools are
most of their time, and an edit to one entry of a register changes neither the
bibliography nor the book's text.

A file named by an argument is keyed by its bytes, not its path (the bibliography page
passes a temporary copy). Failures are never stored. Set EDITION_NO_CACHE=1 to bypass
(cache.enabled()).
"""
from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from . import cache

# Only so many outputs are kept per tool (the least recently used go first); a build
# adds at most three pandoc outputs and one PDF.
KEEP = 24


class Memo:
    """One remembered output: `memo_root/.edition-cache/<tool>/<digest of parts>`."""

    def __init__(self, memo_root: Path | None, tool: str, parts: list[str | bytes]) -> None:
        self.folder = (memo_root / cache.CACHE_DIR / tool
                       if memo_root is not None and cache.enabled() else None)
        h = hashlib.sha256()
        for part in parts:
            data = part.encode("utf-8") if isinstance(part, str) else part
            h.update(hashlib.sha256(data).digest())
        self.digest = h.hexdigest()

    def get(self) -> bytes | None:
        if self.folder is None:
            return None
        stored = self.folder / f"{self.digest}.out"
        try:
            data = stored.read_bytes()
            os.utime(stored)  # recently used: kept longest
        except OSError:
            return None
        return data

    def put(self, data: bytes) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temp = self.folder / f".{self.digest}.tmp"
            temp.write_bytes(data)
            os.replace(temp, self.folder / f"{self.digest}.out")
            outputs = sorted(self.folder.glob("*.out"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in outputs[KEEP:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass  # a memo that cannot be written only costs time


def _executable(path: str) -> str:
    try:
        stat = os.stat(path)
    except OSError:
        return path
    return f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}"


def _argument(arg: str, cwd: Path) -> str | bytes:
    """An argument as it matters: a named file by its bytes."""
    name, _, value = arg.partition("=")
    if value:
        path = Path(value) if Path(value).is_absolute() else cwd / value
        if path.is_file():
            return f"{name}=file:".encode() + hashlib.sha256(path.read_bytes()).digest()
    return arg


def run_pandoc(cmd: list[str], stdin: bytes, cwd: Path, env: dict[str, str],
               memo_root: Path | None) -> subprocess.CompletedProcess:
    """subprocess.run(cmd) (pandoc), its stdout remembered under `memo_root`."""
    memo = Memo(memo_root, "pandoc", [_executable(cmd[0]), f"epoch={env.get('SOURCE_DATE_EPOCH', '')}",
                                      *(_argument(a, cwd) for a in cmd[1:]), b"stdin:" + stdin])
    stored = memo.get()
    if stored is not None:
        return subprocess.CompletedProcess(cmd, 0, stored, b"")
    result = subprocess.run(cmd, input=stdin, capture_output=True, cwd=cwd, env=env, timeout=600)
    if result.returncode == 0:
        memo.put(result.stdout)
    return result
