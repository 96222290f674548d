"""The edition's configuration: one validated object, every field documented."""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Config:
    root: Path
    """The project's root (where mkdocs.yml lives)."""

    @property
    def sources(self) -> Path:
        """Raw texts (verbatim), catalog.yml, registers, corrections, the anchor lock."""
        return self.root / "sources"

    @property
    def content(self) -> Path:
        """MkDocs' docs_dir: generated pages beside hand-written ones."""
        return self.root / "content"

    @property
    def site(self) -> Path:
        """The built website (not committed)."""
        return self.root / "site"

    @property
    def lock_file(self) -> Path:
        """The committed anchor lock (see anchor_lock.py)."""
        return self.sources / "anchors.lock"

    @property
    def alias_file(self) -> Path:
        """Recorded anchor moves (old → new) that keep old citations working."""
        return self.sources / "anchor-aliases.yml"

    @property
    def bibliography(self) -> Path:
        """The shared bibliography (BibTeX), written by the build; see docs/bibliography.md."""
        return self.root / "bibliography.bib"

    # Folders of content/ that the scripts own entirely: regenerated on every build,
    # stale files removed. Everything else in content/ is hand-written and left alone.
    generated_dirs: tuple[str, ...] = ("documents", "reports", "persons", "events", "bibliography")

    def source_date_epoch(self) -> int:
        """Timestamp for reproducible outputs: SOURCE_DATE_EPOCH, else the last commit's time."""
        value = os.environ.get("SOURCE_DATE_EPOCH")
        if value and value.isdigit():
            return int(value)
        try:
            out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=self.root,
                                 capture_output=True, text=True, check=True, timeout=10)
            return int(out.stdout.strip())
        except (OSError, subprocess.SubprocessError, ValueError):
            return 315532800  # 1980-01-01, the earliest date ZIP and many tools accept


def find_root(start: Path | None = None) -> Path:
    """The nearest folder upwards that holds mkdocs.yml and sources/."""
    here = (start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        if (folder / "mkdocs.yml").is_file() and (folder / "sources").is_dir():
            return folder
    raise FileNotFoundError("no edition found: run inside the project (the folder with mkdocs.yml)")
