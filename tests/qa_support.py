"""Shared helpers for the reader-level QA suites (browser, links, bad input, determinism).

Every suite works on a temporary copy of the project, never on the working tree, so a
test can break a source, build, and compare outputs without touching committed files.

The documents built are those whose kind has an adapter (`buildable_ids`): today only
Furman's chapter; as the other adapters land, the suites cover every document without
a change here.
"""
from __future__ import annotations

import hashlib
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
# What a build reads: everything else (tests, docs, caches, site/) stays out of the copy.
PROJECT_PARTS = ("mkdocs.yml", "sources", "content", "overrides", "bibliography.bib")
# A fixed epoch, so that tests do not depend on git (the copies are not repositories).
EPOCH = "1700000000"

if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))


def catalog_entries(root: Path = ROOT) -> list[dict]:
    data = yaml.safe_load((root / "sources" / "catalog.yml").read_text(encoding="utf-8"))
    return list(data["documents"])


def buildable_ids(root: Path = ROOT) -> list[str]:
    """Catalogued documents whose kind has an adapter on this branch."""
    from edition.adapters import ADAPTERS

    return [e["id"] for e in catalog_entries(root) if e.get("kind") in ADAPTERS]


def only_args(extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """`--only …` while some catalogued kinds have no adapter yet; nothing once all do."""
    ids = buildable_ids()
    if len(ids) == len(catalog_entries()) and not extra:
        return []
    return ["--only", ",".join([*ids, *extra])]


def copy_project(dest: Path, with_outputs: bool = False) -> Path:
    """Copies what a build needs into `dest` (and site/ too when `with_outputs`)."""
    dest.mkdir(parents=True, exist_ok=True)
    parts = PROJECT_PARTS + (("site",) if with_outputs else ())
    for part in parts:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            shutil.copy2(src, dest / part)
    return dest


def env(**extra: str) -> dict[str, str]:
    result = dict(os.environ)
    result["PYTHONPATH"] = str(SCRIPTS) + (os.pathsep + result["PYTHONPATH"] if result.get("PYTHONPATH") else "")
    result.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    result.setdefault("NO_MKDOCS_2_WARNING", "1")  # the theme's end-of-life banner
    result.update(extra)
    return result


def run_cli(root: Path, *args: str, timeout: int = 600, **env_extra: str) -> subprocess.CompletedProcess:
    """Runs `python -m edition.cli --root ROOT …` as a reader's shell would."""
    return subprocess.run([sys.executable, "-m", "edition.cli", "--root", str(root), *args],
                          cwd=root, env=env(**env_extra), capture_output=True, text=True,
                          timeout=timeout)


def build(root: Path, *args: str, **env_extra: str) -> subprocess.CompletedProcess:
    result = run_cli(root, "build", *only_args(), *args, **env_extra)
    assert result.returncode == 0, f"build failed:\n{result.stderr}"
    return result


def tree_digest(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under `folder` (empty if it does not exist)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(folder: Path):
    """Serves `folder` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = lambda *a, **kw: _QuietHandler(*a, directory=str(folder), **kw)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
