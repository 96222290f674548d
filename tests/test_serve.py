"""`edition serve`: the live-reload site has the downloads too (PDF, EPUB, concordance)."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import qa_support


@pytest.fixture
def project(built_project, tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built_project, root)
    return root


def _get(url: str, deadline: float, process: subprocess.Popen | None = None) -> bytes:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline or (process is not None and process.poll() is not None):
                raise
            time.sleep(0.5)


def _stop(process: subprocess.Popen) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=30)
            return
        except subprocess.TimeoutExpired:
            continue


def test_serve_offers_the_downloads(project, tmp_path):
    if not (project / "build" / "book" / "edition.pdf").is_file():
        pytest.skip("this build makes no PDF")
    port = qa_support.free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "edition.cli", "--root", str(project), "serve", "--",
         "--dev-addr", f"127.0.0.1:{port}", "--no-livereload"],
        cwd=project, env=qa_support.env(), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)  # its own process group: mkdocs, its child, is stopped too
    try:
        deadline = time.monotonic() + 300
        try:
            page = _get(f"http://127.0.0.1:{port}/downloads/", deadline, process)
        except OSError:
            pytest.fail("edition serve did not answer:\n" + (tmp_path / "serve.log").read_text())
        assert b"edition.pdf" in page
        pdf = _get(f"http://127.0.0.1:{port}/edition.pdf", deadline)
        assert pdf == (project / "build" / "book" / "edition.pdf").read_bytes()
        assert _get(f"http://127.0.0.1:{port}/edition.epub", deadline)[:2] == b"PK"
    finally:
        _stop(process)
    assert not (project / ".edition-serve.yml").exists()  # the temporary configuration is gone
