"""The site: `mkdocs build --strict` in a child process, running while the book is made.

MkDocs and the book (pandoc, Typst) read the same finished content/ and nothing of each
other, so `SiteBuild.start` launches MkDocs into a fresh folder and returns at once; the
PDF and EPUB are made meanwhile (on two cores the build takes about as long as the longer
of the two, not their sum); `finish` waits for MkDocs, adds the downloads (PDF, EPUB,
concordance) and swaps the fresh folder for site/. A failure anywhere leaves the previous
site/ untouched.

Skipped when nothing MkDocs reads has changed since the last build (cache.py): then only
the downloads are brought up to date, file by file, each replaced atomically.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import cache, timing
from .config import Config
from .errors import EditionError, Problem

STAMP = "site.json"


class SiteBuild:
    def __init__(self, cfg: Config, digest: str, process: subprocess.Popen | None,
                 fresh: Path | None, log: Path | None) -> None:
        self.cfg, self.digest = cfg, digest
        self.process, self.fresh, self.log = process, fresh, log
        self.started = time.perf_counter()

    @classmethod
    def start(cls, cfg: Config) -> "SiteBuild":
        digest = cache.site_inputs_digest(cfg.root, cfg.content, cfg.source_date_epoch())
        if _stamp(cfg).get("mkdocs") == digest and (cfg.site / "index.html").is_file() and cache.enabled():
            return cls(cfg, digest, None, None, None)
        fresh = Path(tempfile.mkdtemp(prefix=".site-new-", dir=cfg.root))
        log = fresh.with_name(fresh.name + ".log")
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(cfg.source_date_epoch()))
        with log.open("wb") as out:  # a file, not a pipe: nobody reads while the book is made
            process = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                 "-f", str(cfg.root / "mkdocs.yml"), "-d", str(fresh)],
                cwd=cfg.root, env=env, stdout=out, stderr=subprocess.STDOUT)
        return cls(cfg, digest, process, fresh, log)

    @property
    def running(self) -> bool:
        return self.process is not None

    def abandon(self) -> None:
        """Stops MkDocs and removes its half-built folder (the book failed)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
        self._clean()

    def finish(self, extra_outputs: dict[str, Path]) -> Path:
        """Waits for MkDocs, adds `extra_outputs` ({path in the site: file}), swaps the
        result in for site/; returns site/."""
        if self.process is None:
            with timing.stage("site"):
                _update_downloads(self.cfg, extra_outputs)
            return self.cfg.site
        # Reaped here, after the book: its CPU time is measured exactly (wait4) and is not
        # counted in the book's stage.
        _, status, usage = os.wait4(self.process.pid, 0)
        self.process.returncode = os.waitstatus_to_exitcode(status)
        timing.record("site", time.perf_counter() - self.started, usage.ru_utime + usage.ru_stime)
        output = self.log.read_text(encoding="utf-8", errors="replace") if self.log else ""
        if self.process.returncode != 0:
            self._clean()
            raise EditionError(Problem("mkdocs.yml", 0, "mkdocs build --strict failed:\n" + output.strip(),
                                       "the previous site/ is left untouched"))
        for rel, source in sorted(extra_outputs.items()):
            target = self.fresh / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        old = self.cfg.root / ".site-old"
        shutil.rmtree(old, ignore_errors=True)
        if self.cfg.site.exists():
            os.replace(self.cfg.site, old)
        os.replace(self.fresh, self.cfg.site)
        shutil.rmtree(old, ignore_errors=True)
        self.fresh = None
        self._clean()
        _write_stamp(self.cfg, {"mkdocs": self.digest, "downloads": _digests(extra_outputs)})
        return self.cfg.site

    def _clean(self) -> None:
        if self.fresh is not None:
            shutil.rmtree(self.fresh, ignore_errors=True)
            self.fresh = None
        if self.log is not None:
            self.log.unlink(missing_ok=True)
            self.log = None


def build_site(cfg: Config, extra_outputs: dict[str, Path] | None = None) -> Path:
    """The site alone (no book made meanwhile)."""
    return SiteBuild.start(cfg).finish(extra_outputs or {})


def _update_downloads(cfg: Config, extra_outputs: dict[str, Path]) -> None:
    """MkDocs' part is current: bring the copied downloads up to date in place."""
    stamp = _stamp(cfg)
    before: dict[str, str] = stamp.get("downloads", {})
    now = _digests(extra_outputs)
    for rel in sorted(set(before) - set(now)):
        (cfg.site / rel).unlink(missing_ok=True)
    for rel, digest in sorted(now.items()):
        target = cfg.site / rel
        if before.get(rel) == digest and target.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(extra_outputs[rel], temp)
        os.replace(temp, target)
    if now != before:
        _write_stamp(cfg, {"mkdocs": stamp["mkdocs"], "downloads": now})


def _digests(files: dict[str, Path]) -> dict[str, str]:
    return {rel: hashlib.sha256(Path(path).read_bytes()).hexdigest() for rel, path in sorted(files.items())}


def _stamp(cfg: Config) -> dict:
    try:
        data = json.loads((cfg.root / cache.CACHE_DIR / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("downloads", {}), dict) else {}


def _write_stamp(cfg: Config, data: dict) -> None:
    if not cache.enabled():
        return
    try:
        folder = cfg.root / cache.CACHE_DIR
        folder.mkdir(exist_ok=True)
        temp = folder / f".{STAMP}.tmp"
        temp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(temp, folder / STAMP)
    except OSError:
        pass
