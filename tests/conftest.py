"""Session fixtures shared by the QA suites (see qa_support.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

import qa_support


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
