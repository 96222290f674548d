"""The README's two commands are real, and CI runs the test command exactly."""
import re

from conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_readme_gives_exactly_two_commands():
    commands = readme_commands()
    assert len(commands) == 2
    build, test = commands
    assert "edition build" in build and "pytest" in test


def test_ci_runs_the_readme_test_command():
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert readme_commands()[1] in ci_lines


def test_every_cli_command_is_documented_in_the_readme():
    from edition.cli import parser
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in sub.choices:
        assert f"edition {name}" in readme, name
