"""Where a build spends its time: named stages, summed over documents.

`with stage("read"):` costs next to nothing when nobody records; `recording()` collects
the sums (for `edition build --timings` and scripts/bench.py). Stages are those of
DESIGN.md: catalog, read (decode + adapter: parse and clean), enrich, check, render
(writers), write (files to disk), site (mkdocs build).

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


@contextmanager
def stage(name: str) -> Iterator[None]:
    if _current is None:
        yield
        return
    record = _current
    wall, cpu = time.perf_counter(), cpu_now()
    try:
        yield
    finally:
        record.wall[name] = record.wall.get(name, 0.0) + time.perf_counter() - wall
        record.cpu[name] = record.cpu.get(name, 0.0) + cpu_now() - cpu


@contextmanager
def recording() -> Iterator[Timings]:
    """Collects stage times into the yielded Timings (seconds per stage)."""
    global _current
    previous, _current = _current, Timings()
    try:
        yield _current
    finally:
        _current = previous
