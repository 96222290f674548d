"""Benchmark: where a build spends its time as the corpus grows (not a test).

    PYTHONPATH=scripts python scripts/bench.py                 # 1×, 10×, 100×
    PYTHONPATH=scripts python scripts/bench.py --scales 1,10   # quicker

For each scale N it builds, in a temporary project, a synthetic corpus of N copies of
every real source whose kind has an adapter (each copy a catalogued document with its
own id, its own editorial corrections, the same registers and bibliography corrections),
then reports: our own stages (catalog, read = decode + parse + clean, enrich, check,
render, write, book = the book's Markdown), the tools (citeproc for the bibliography page,
pandoc and Typst for the PDF and EPUB, `mkdocs build` — run while the book is made), peak
memory, and three rebuilds: after touching one source (nothing changed: served from
.edition-cache/), after rewording one editorial correction of one document (a real edit
of one document's text), and after editing one catalog entry's title (every page's
navigation changes). Each scale runs in a fresh interpreter so that
peak memory (ru_maxrss) belongs to that scale alone. Results go to stdout as a
Markdown table (copy it into docs/benchmarks.md with the machine description).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUR_STAGES = ("catalog", "read", "enrich", "check", "render", "write", "book")
# Copied as they are: they name persons, events and periodicals, not document ids.
SHARED_FILES = ("persons.yml", "events.yml", "not-persons.yml", "bibliography-corrections.yml")


def make_project(dest: Path, scale: int) -> tuple[int, int]:
    """A project with `scale` copies of each buildable source; returns (documents, bytes)."""
    from edition.adapters import ADAPTERS
    from edition.config import Config

    cfg = Config(dest)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    if (ROOT / "overrides").is_dir():  # the theme's custom_dir
        shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(ROOT / "content", dest / "content",
                    ignore=lambda folder, names: [n for n in names if Path(folder) == ROOT / "content"
                                                  and n in cfg.generated_dirs])
    (dest / "sources").mkdir()
    catalog = yaml.safe_load((ROOT / "sources" / "catalog.yml").read_text(encoding="utf-8"))
    entries, total = [], 0
    for entry in catalog["documents"]:
        if entry.get("kind") not in ADAPTERS:
            continue
        raw = (ROOT / "sources" / entry["file"]).read_bytes()
        for copy in range(scale):
            doc_id = f"{entry['id']}-c{copy:03d}"
            file = f"{doc_id}.txt"
            (dest / "sources" / file).write_bytes(raw)
            entries.append({**entry, "id": doc_id, "file": file,
                            "title": f"{entry['title']} (copy {copy + 1})"})
            total += len(raw)
    (dest / "sources" / "catalog.yml").write_text(
        yaml.safe_dump({"documents": entries}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name in SHARED_FILES:
        if (ROOT / "sources" / name).is_file():
            shutil.copy2(ROOT / "sources" / name, dest / "sources" / name)
    corrections = yaml.safe_load((ROOT / "sources" / "corrections.yml").read_text(encoding="utf-8")) or {}
    copied = {e["id"]: corrections[e["id"].rsplit("-c", 1)[0]] for e in entries
              if e["id"].rsplit("-c", 1)[0] in corrections}
    (dest / "sources" / "corrections.yml").write_text(
        yaml.safe_dump(copied, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(entries), total


def full_build(cfg, book: bool = True) -> dict[str, float]:
    """One `edition build` (in this process, so every stage is timed)."""
    from edition import cli, timing

    args = ["--root", str(cfg.root), "build"] + ([] if book else ["--no-pdf", "--no-epub"])
    with timing.recording() as times:
        started, cpu = time.perf_counter(), timing.cpu_now()
        code = cli.main(args)
        total, total_cpu = time.perf_counter() - started, timing.cpu_now() - cpu
    if code != 0:
        raise SystemExit(f"edition build failed with exit code {code}")
    stages = dict(times.wall)
    stages.update({f"{k}_cpu": v for k, v in times.cpu.items()})
    stages["ours"] = sum(times.wall.get(k, 0.0) for k in OUR_STAGES)
    stages["ours_cpu"] = sum(times.cpu.get(k, 0.0) for k in OUR_STAGES)
    stages["total"], stages["total_cpu"] = total, total_cpu
    return stages


def one_scale(scale: int, workdir: Path, book: bool = True) -> dict:
    from edition.config import Config

    root = workdir / f"bench-{scale}x"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    documents, size = make_project(root, scale)
    cfg = Config(root)
    first = full_build(cfg, book)
    # This process only (our stages and Typst, which runs in-process). A child's ru_maxrss
    # is not used: Linux counts the parent's pages at exec, so it says nothing of MkDocs.
    rss_ours = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Incremental: an editor touches one source (no change) and builds again …
    touched = sorted((root / "sources").glob("*.txt"))[0]
    os.utime(touched)
    again = full_build(cfg, book)
    # … then rewords one editorial correction of one document (its text changes) …
    corrections = root / "sources" / "corrections.yml"
    text = corrections.read_text(encoding="utf-8")
    corrections.write_text(text.replace("reason: ", "reason: (revised) ", 1), encoding="utf-8")
    corrected = full_build(cfg, book)
    # … then edits one document's catalog entry (its title: every page's navigation changes).
    catalog = root / "sources" / "catalog.yml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("(copy 1)", "(copy 1, revised)", 1), encoding="utf-8")
    edited = full_build(cfg, book)
    shutil.rmtree(root, ignore_errors=True)
    return {"scale": scale, "documents": documents, "mb": size / 1e6, "first": first,
            "again": again, "corrected": corrected, "edited": edited, "rss_ours_mb": rss_ours / 1024}


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))
        ram = f"{int(mem.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration):
        ram = "RAM unknown"
    return (f"{os.cpu_count()} cores ({cpu}), {ram}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def table(results: list[dict]) -> str:
    """Stage columns are CPU seconds (robust on a shared machine); wall seconds beside."""
    rows = ["| scale | docs | MB | read | enrich | render | book | ours CPU (wall) | ours CPU s/MB | "
            "citeproc | pandoc | Typst | mkdocs CPU (wall) | total CPU | total wall | ours % of CPU | "
            "peak RSS of ours + Typst | rebuild after touch | after rewording one correction | "
            "after editing one title |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        f = r["first"]
        c = lambda k: f.get(f"{k}_cpu", 0.0)  # noqa: E731
        rebuild = lambda x: f"{r[x]['total']:.2f} s ({100 * r[x]['total'] / f['total']:.0f} %)"  # noqa: E731
        rows.append(
            f"| {r['scale']}× | {r['documents']} | {r['mb']:.1f} | {c('read'):.2f} | {c('enrich'):.2f} | "
            f"{c('render'):.2f} | {c('book'):.2f} | {f['ours_cpu']:.2f} ({f['ours']:.2f}) | "
            f"{f['ours_cpu'] / r['mb']:.2f} | {c('citeproc'):.1f} | {c('pandoc'):.1f} | {c('typst'):.1f} | "
            f"{c('site'):.1f} ({f.get('site', 0):.1f}) | {f['total_cpu']:.1f} | {f['total']:.1f} | "
            f"{100 * f['ours_cpu'] / f['total_cpu']:.0f} % | "
            f"{r['rss_ours_mb']:.0f} MB | "
            f"{rebuild('again')} | {rebuild('corrected')} | {rebuild('edited')} |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="comma-separated multipliers")
    parser.add_argument("--workdir", type=Path, help="where the synthetic projects go (default: a temp dir)")
    parser.add_argument("--no-book", action="store_true", help="skip the PDF and EPUB")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: one scale, JSON out
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args.one:
        print(json.dumps(one_scale(args.one, args.workdir, not args.no_book)))
        return 0
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="edition-bench-"))
    results = []
    for scale in (int(s) for s in args.scales.split(",")):
        print(f"bench: {scale}× …", file=sys.stderr, flush=True)
        out = subprocess.run([sys.executable, __file__, "--one", str(scale), "--workdir", str(workdir)]
                             + (["--no-book"] if args.no_book else []),
                             capture_output=True, text=True, env=dict(os.environ))
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return 1
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"bench: {scale}×: {results[-1]['first']['total']:.1f} s", file=sys.stderr, flush=True)
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"Machine: {machine()}\n")
    print(table(results))
    first, last = results[0], results[-1]
    per_mb = [r["first"]["ours_cpu"] / r["mb"] for r in results]
    print(f"\nOur stages, CPU seconds per MB: {', '.join(f'{p:.2f}' for p in per_mb)} s/MB "
          f"({100 * (per_mb[-1] / per_mb[0] - 1):+.0f} % from {first['scale']}× to {last['scale']}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
