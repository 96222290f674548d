"""`edition`: the command line. A thin layer over build.py (library first).

    edition build [--check] [--no-site] [--no-pdf] [--no-epub]
                                                    regenerate content/, then the PDF, EPUB and site
    edition check                                   fail if regenerating would change anything
    edition serve                                   regenerate, then `mkdocs serve`
    edition lock                                    accept the current anchors into the lock
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from . import book, build
from .config import Config, find_root
from .errors import EditionError


def _progress(message: str) -> None:
    print(f"edition: {message}", file=sys.stderr, flush=True)


def cmd_build(cfg: Config, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    _progress("reading and enriching sources …")
    corpus = build.load_corpus(cfg, _only(args))
    files = build.render_content(cfg, corpus)
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
    _progress(f"content/: {len(files)} files, {len(changed)} changed")
    if not args.no_site:
        extra: dict[str, Path] = {}
        if not (args.no_pdf and args.no_epub):
            _progress("building the PDF and EPUB (pandoc, Typst) …")
            begun = time.perf_counter()
            outputs = book.build_book(cfg, corpus, pdf=not args.no_pdf, epub=not args.no_epub)
            extra = outputs.files
            _progress(f"{', '.join(sorted(extra))} in {time.perf_counter() - begun:.1f} s "
                      f"(kept in {outputs.folder.relative_to(cfg.root)}/)")
        _progress("building the site (mkdocs build --strict) …")
        build.build_site(cfg, extra_outputs=extra)
        _progress(f"site/ built")
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


def cmd_serve(cfg: Config, args: argparse.Namespace) -> int:
    corpus = build.load_corpus(cfg)
    build.write_files(cfg, build.render_content(cfg, corpus))
    return subprocess.call([sys.executable, "-m", "mkdocs", "serve", "-f", str(cfg.root / "mkdocs.yml")])


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
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="fail if regenerating would change anything")
    c.set_defaults(func=cmd_check, no_site=True, no_pdf=True, no_epub=True)
    s = sub.add_parser("serve", help="regenerate content/ and serve the site locally")
    s.set_defaults(func=cmd_serve)
    lk = sub.add_parser("lock", help="accept the current anchors into sources/anchors.lock")
    lk.add_argument("--only", metavar="ID[,ID…]", help="accept only these documents' anchors")
    lk.set_defaults(func=cmd_lock)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        cfg = Config(args.root.resolve() if args.root else find_root())
        return args.func(cfg, args)
    except EditionError as exc:
        print(f"edition: {len(exc.problems)} problem(s); nothing was written:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"edition: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
