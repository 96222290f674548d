"""MkDocs hook for `edition serve`: copies the PDF, EPUB and concordance into the site
MkDocs serves, after each (re)build, so the Downloads page works there too.

`mkdocs serve` builds into a temporary folder of its own; `edition build` copies the
downloads into site/ itself (site_build.py). EDITION_DOWNLOADS holds {path in the site:
file} as JSON, set by `edition serve` (cli.py), which also writes the configuration
that names this hook.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path


def on_post_build(config, **kwargs) -> None:
    for rel, source in sorted(json.loads(os.environ.get("EDITION_DOWNLOADS", "{}")).items()):
        target = Path(config["site_dir"]) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
