"""Shared fixtures: the project root, a Config, the Furman document, temp project copies."""
from __future__ import annotations

import dataclasses
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from edition import build  # noqa: E402
from edition.config import Config  # noqa: E402

FURMAN = "furman-2005"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def cfg() -> Config:
    return Config(ROOT)


@pytest.fixture(scope="session")
def furman(cfg):
    return build.load_corpus(cfg, {FURMAN}).documents[0]


def copy_project(dest: Path) -> Path:
    """A throw-away copy of the project (sources, content, scripts, config) to build in."""
    for name in ("mkdocs.yml", "pyproject.toml"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, dest / name)
    for name in ("sources", "content", "scripts", "overrides"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "bibliography.bib").exists():
        shutil.copy2(ROOT / "bibliography.bib", dest / "bibliography.bib")
    return dest


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path)


def strip_provenance(obj):
    """The same model object without line numbers (which differ when text is re-read)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        values = {f.name: None if f.name == "provenance" else strip_provenance(getattr(obj, f.name))
                  for f in dataclasses.fields(obj)}
        return type(obj)(**values)
    if isinstance(obj, tuple):
        return tuple(strip_provenance(x) for x in obj)
    return obj


def unwrap_mentions(obj):
    """The same model object as before mention and citation linking: Mention and Citation
    nodes replaced by their words, adjacent Text nodes merged again (linking only ever
    splits Text)."""
    from edition.model import Citation, Mention, Text
    if isinstance(obj, tuple):
        items = []
        for x in obj:
            if isinstance(x, (Mention, Citation)):
                items.extend(unwrap_mentions(x.children))
            else:
                items.append(unwrap_mentions(x))
        merged = []
        for x in items:
            if isinstance(x, Text) and merged and isinstance(merged[-1], Text):
                merged[-1] = Text(merged[-1].text + x.text)
            else:
                merged.append(x)
        return tuple(merged)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return type(obj)(**{f.name: unwrap_mentions(getattr(obj, f.name)) for f in dataclasses.fields(obj)})
    return obj


# ------------------------------------------------ QA suites (see qa_support.py)
import qa_support  # noqa: E402


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """A temporary copy of the project, built once per session (content/ and site/)."""
    root = qa_support.copy_project(tmp_path_factory.mktemp("built") / "project")
    qa_support.build(root)
    return root


@pytest.fixture(scope="session")
def site_url(built_project):
    """The built site served over HTTP on 127.0.0.1 for the whole session."""
    with qa_support.serve(built_project / "site") as url:
        yield url


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test item, so fixtures can see a failure
    (the browser fixture saves a screenshot then)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
