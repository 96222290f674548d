"""Where a build spends its time: named stages, summed over documents.

`with stage("read"):` costs next to nothing when nobody records; `recording()` collects
the sums (for `edition build --timings` and scripts/bench.py). Stages are those of
DESIGN.md: catalog, read (decode + adapter: parse and clean), enrich, check, render
(writers), write (files to disk), site (mkdocs build); and the tools' stages: citeproc
(pandoc formatting the bibliography page), book (pandoc and Typst), site (MkDocs).

Both wall-clock and CPU seconds are kept: on a shared machine the wall clock includes
waiting for a core, CPU time (ours plus our child processes', e.g. mkdocs) does not.
"""
from __future__ import annotations

import resource
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator


@dataclass
class Timings:
    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)


_current: Timings | None = None


def cpu_now() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


_open: list[list[float]] = []  # per open stage: [wall, cpu] spent in stages inside it


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Times a stage. A stage inside another (pandoc's citeproc inside our rendering) is
    counted once, as itself: its time is taken out of the enclosing stage."""
    if _current is None:
        yield
        return
    record = _current
    wall, cpu = time.perf_counter(), cpu_now()
    _open.append([0.0, 0.0])
    try:
        yield
    finally:
        inner_wall, inner_cpu = _open.pop()
        spent_wall, spent_cpu = time.perf_counter() - wall, cpu_now() - cpu
        record.wall[name] = record.wall.get(name, 0.0) + spent_wall - inner_wall
        record.cpu[name] = record.cpu.get(name, 0.0) + spent_cpu - inner_cpu
        if _open:
            _open[-1][0] += spent_wall
            _open[-1][1] += spent_cpu


def record(name: str, wall: float, cpu: float) -> None:
    """Adds a stage measured elsewhere: a child process that ran alongside other stages
    (the site build runs while the book is made; its CPU comes from wait4)."""
    if _current is not None:
        _current.wall[name] = _current.wall.get(name, 0.0) + wall
        _current.cpu[name] = _current.cpu.get(name, 0.0) + cpu


@contextmanager
def recording() -> Iterator[Timings]:
    """Collects stage times into the yielded Timings (seconds per stage)."""
    global _current
    previous, _current = _current, Timings()
    try:
        yield _current
    finally:
        _current = previous
