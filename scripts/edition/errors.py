"""Problems with the input, reported as `file:line: message (what to do)`.

Stages collect Problems instead of stopping at the first one, so an editor sees every
problem of a build at once; the build then stops before writing anything.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.message}"
        return f"{text}\n    → {self.hint}" if self.hint else text

    def shown_from(self, root: Path) -> "Problem":
        """The same problem with its file relative to the project root (shorter, and
        the same on every machine)."""
        path = Path(self.file)
        if path.is_absolute() and path.is_relative_to(root):
            return replace(self, file=str(path.relative_to(root)))
        return self


class EditionError(Exception):
    """Raised with one or more Problems; the CLI prints them and exits non-zero."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
