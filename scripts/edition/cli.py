"""`edition`: the command line. A thin layer over build.py (library first).

    edition build [--check] [--no-site] [--no-pdf] [--no-epub]
                                                    regenerate content/, then the PDF, EPUB and site
    edition check                                   fail if regenerating would change anything
    edition serve                                   regenerate, then `mkdocs serve`
    edition lock                                    accept the current anchors into the lock
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from . import build, cache, timing
from .site_build import SiteBuild
from .config import Config, find_root
from .errors import EditionError


def _progress(message: str) -> None:
    print(f"edition: {message}", file=sys.stderr, flush=True)


def _document_progress(done: int, total: int, doc_id: str) -> None:
    """Per-document progress: a live counter on a terminal, every tenth in a log."""
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        print(f"\redition: reading {done}/{total} {doc_id[:40]:<40}", end=end, file=sys.stderr, flush=True)
    elif total >= 20 and (done == total or done % max(1, total // 10) == 0):
        _progress(f"read {done}/{total} documents")


def cmd_build(cfg: Config, args: argparse.Namespace) -> int:
    if not getattr(args, "timings", False):
        return _build(cfg, args)
    with timing.recording() as times:
        begun, cpu = time.perf_counter(), timing.cpu_now()
        code = _build(cfg, args)
        wall, cpu = time.perf_counter() - begun, timing.cpu_now() - cpu
    # The site is built while the book is made: stage walls overlap, so shares are of CPU.
    total_cpu = sum(times.cpu.values())
    _progress(f"  {'stage':<8} {'wall':>8}   {'CPU':>7}   {'% CPU':>5}")
    for name, seconds in times.wall.items():
        share = 100 * times.cpu[name] / total_cpu if total_cpu else 0
        _progress(f"  {name:<8} {seconds:8.2f} s {times.cpu[name]:7.2f} s  {share:5.1f}")
    _progress(f"  {'build':<8} {wall:8.2f} s {cpu:7.2f} s  (wall and CPU of the whole build, "
              "imports included)")
    return code


def _build(cfg: Config, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    only = _only(args)
    corpus = None

    def load_corpus():
        nonlocal corpus
        if corpus is None:
            _progress("reading and enriching sources …")
            corpus = build.load_corpus(cfg, only, progress=_document_progress)
        return corpus

    digest = cache.sources_digest(cfg.root, only)
    if not args.check and cache.content_is_current(cfg, digest):
        _progress("content/ is up to date (sources and code unchanged)")
    else:
        files = build.render_content(cfg, load_corpus())
        if args.check:
            changed = build.differences(cfg, files)
            if changed:
                print("edition: regenerating would change these files:", file=sys.stderr)
                for rel in changed:
                    print(f"  {rel}", file=sys.stderr)
                print("  → run `edition build` and commit the result", file=sys.stderr)
                return 1
            _progress(f"content/ is up to date ({len(files)} files)")
            return 0
        changed = build.write_files(cfg, files)
        args.content_written = bool(changed)  # a later failure (site, book) must not deny it
        # Recorded after writing: the build may have added anchors to the lock (in sources/).
        cache.mark_content(cfg, cache.sources_digest(cfg.root, only), files)
        _progress(f"content/: {len(files)} files, {len(changed)} changed")
    if not args.no_site:
        # MkDocs runs in a child process while the book is made (site_build.py).
        site = SiteBuild.start(cfg)
        _progress("building the site (mkdocs build --strict) …" if site.running
                  else "site/: MkDocs' inputs unchanged")
        extra: dict[str, Path] = {}
        try:
            if not (args.no_pdf and args.no_epub):
                _progress("building the PDF and EPUB (pandoc, Typst), unless unchanged …")
                begun = time.perf_counter()
                with timing.stage("book"):
                    extra, fresh = cache.build_book(cfg, load_corpus, only, pdf=not args.no_pdf,
                                                    epub=not args.no_epub)
                _progress(f"{', '.join(sorted(extra))} "
                          + (f"in {time.perf_counter() - begun:.1f} s" if fresh else "kept: inputs unchanged"))
        except BaseException:
            site.abandon()
            raise
        site.finish(extra)
        _progress("site/ ready (rebuilt only when its inputs changed)")
    _progress(f"done in {time.perf_counter() - started:.1f} s")
    return 0


def _only(args: argparse.Namespace) -> set[str] | None:
    value = getattr(args, "only", None)
    return {part.strip() for part in value.split(",") if part.strip()} if value else None


def cmd_check(cfg: Config, args: argparse.Namespace) -> int:
    args.check = True
    return cmd_build(cfg, args)


def cmd_lock(cfg: Config, args: argparse.Namespace) -> int:
    corpus = build.load_corpus(cfg, _only(args))
    files = build.render_content(cfg, corpus, accept_lock=True)
    rel = str(cfg.lock_file.relative_to(cfg.root))
    build.write_files(cfg, {rel: files[rel]}, remove_stale=False)  # content/ stays as it is
    _progress(f"{rel} rewritten from the current anchors; review `git diff {rel}` before committing")
    return 0


SERVE_CONFIG = ".edition-serve.yml"


def cmd_serve(cfg: Config, args: argparse.Namespace) -> int:
    """Regenerates content/ and the book, then `mkdocs serve` with the downloads copied in."""
    args.no_site, args.check, args.only = True, False, None
    code = _build(cfg, args)
    if code != 0:
        return code
    downloads: dict[str, str] = {}
    if not (args.no_pdf and args.no_epub):
        files, _ = cache.build_book(cfg, lambda: build.load_corpus(cfg), None,
                                    pdf=not args.no_pdf, epub=not args.no_epub)
        downloads = {rel: str(path) for rel, path in files.items()}
    # A configuration that inherits mkdocs.yml and adds the hook that copies the downloads.
    config = cfg.root / SERVE_CONFIG
    hook = Path(__file__).with_name("serve_downloads.py")
    config.write_text("# Written by `edition serve`; safe to delete.\nINHERIT: mkdocs.yml\n"
                      f"hooks:\n  - {json.dumps(str(hook))}\n", encoding="utf-8")
    env = dict(os.environ, EDITION_DOWNLOADS=json.dumps(downloads),
               SOURCE_DATE_EPOCH=str(cfg.source_date_epoch()))
    # Stopped by a signal (a service manager, a test): clean up as on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        return subprocess.call([sys.executable, "-m", "mkdocs", "serve", "-f", str(config)] + args.mkdocs_args,
                               cwd=cfg.root, env=env)
    finally:
        config.unlink(missing_ok=True)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="edition", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", type=Path, help="the project folder (default: found from here)")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="regenerate content/ and build the site and PDF")
    b.add_argument("--check", action="store_true", help="change nothing; fail if content/ is stale")
    b.add_argument("--no-site", action="store_true", help="only regenerate content/")
    b.add_argument("--no-pdf", action="store_true", help="skip the PDF (and its concordance)")
    b.add_argument("--no-epub", action="store_true", help="skip the EPUB")
    b.add_argument("--only", metavar="ID[,ID…]", help="build only these documents (quick editing)")
    b.add_argument("--timings", action="store_true", help="print the time spent in each stage")
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="fail if regenerating would change anything")
    c.set_defaults(func=cmd_check, no_site=True, no_pdf=True, no_epub=True)
    s = sub.add_parser("serve", help="regenerate content/ and the book, serve the site locally")
    s.add_argument("--no-pdf", action="store_true", help="skip the PDF")
    s.add_argument("--no-epub", action="store_true", help="skip the EPUB")
    s.add_argument("mkdocs_args", nargs="*", metavar="MKDOCS_ARG",
                   help="passed to `mkdocs serve` after --, e.g. -- --dev-addr 127.0.0.1:8001")
    s.set_defaults(func=cmd_serve, timings=False)
    lk = sub.add_parser("lock", help="accept the current anchors into sources/anchors.lock")
    lk.add_argument("--only", metavar="ID[,ID…]", help="accept only these documents' anchors")
    lk.set_defaults(func=cmd_lock)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = Path.cwd()
    try:
        root = args.root.resolve() if args.root else find_root()
        cfg = Config(root)
        return args.func(cfg, args)
    except EditionError as exc:
        done = ("content/ was regenerated; site/ and the book are as they were"
                if getattr(args, "content_written", False) else "nothing was written")
        print(f"edition: {len(exc.problems)} problem(s); {done}:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem.shown_from(root)}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"edition: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
