"""The registers: valid as committed, and every bad-input rule gives file:line + what to do."""
from pathlib import Path

import pytest

from conftest import ROOT
from edition.errors import EditionError
from edition.registers import load_registers, valid_date


def test_committed_registers_are_valid():
    regs = load_registers(ROOT / "sources", ROOT)
    assert len(regs.persons) > 200 and len(regs.events) >= 20
    ids = [p.id for p in regs.persons]
    assert len(ids) == len(set(ids))
    # Family members are kept apart, each with forms of their own.
    family = {p.id: p for p in regs.persons if p.id.startswith(("nazarbaev", "aliev-rakhat"))}
    assert {"nazarbaev-nursultan", "nazarbaeva-dariga", "nazarbaeva-aliia", "nazarbaeva-sara",
            "aliev-rakhat"} <= set(family)
    assert "Dariga" in family["nazarbaeva-dariga"].variants
    assert "Nazarbaev" in family["nazarbaev-nursultan"].variants
    # Authors cited in the notes are marked as such.
    assert "author" in regs.person("kozlov-s").roles
    assert "author" in regs.person("ertysbaev-ermukhamet").roles


PERSONS_OK = """\
persons:
  - id: nazarbaev-nursultan
    name: Nursultan Nazarbaev
    variants: [Nazarbaev]
  - id: aliev-rakhat
    name: Rakhat Aliev
"""
EVENTS_OK = """\
events:
  - id: august-putsch-1991
    name: The August putsch
    date: 1991-08-19/1991-08-21
    phrases: [August putsch]
    participants: [nazarbaev-nursultan]
"""


def write(tmp: Path, persons: str = PERSONS_OK, events: str = EVENTS_OK) -> Path:
    (tmp / "persons.yml").write_text(persons, encoding="utf-8")
    (tmp / "events.yml").write_text(events, encoding="utf-8")
    return tmp


def problems(tmp: Path) -> list[str]:
    with pytest.raises(EditionError) as exc:
        load_registers(tmp)
    return [str(p) for p in exc.value.problems]


def test_minimal_registers_load(tmp_path):
    regs = load_registers(write(tmp_path))
    assert regs.person("aliev-rakhat").sort_name == "Aliev, Rakhat"
    assert regs.event("august-putsch-1991").start == "1991-08-19"


def test_duplicate_person_id_names_file_and_line(tmp_path):
    bad = PERSONS_OK + "  - id: aliev-rakhat\n    name: Rakhat Aliev again\n"
    [msg] = problems(write(tmp_path, persons=bad))
    assert "persons.yml:7:" in msg and "duplicate person id 'aliev-rakhat' (first at line 5)" in msg


def test_variant_claimed_by_two_persons_without_rule(tmp_path):
    bad = PERSONS_OK + "  - id: aliev-gaidar\n    name: Gaidar Aliev\n    variants: [Rakhat Aliev]\n"
    [msg] = problems(write(tmp_path, persons=bad))
    assert "persons.yml:7:" in msg and "'Rakhat Aliev' is claimed by aliev-rakhat" in msg
    assert "shared:" in msg  # says what to do


def test_shared_form_with_a_rule_is_allowed(tmp_path):
    ok = (PERSONS_OK + "  - id: aliev-gaidar\n    name: Gaidar Aliev\n    variants: [Aliev]\n"
          "shared:\n  - form: Aliev\n    candidates: [aliev-rakhat, aliev-gaidar]\n"
          "    default: aliev-rakhat\n")
    ok = ok.replace("    name: Rakhat Aliev\n", "    name: Rakhat Aliev\n    variants: [Aliev]\n")
    regs = load_registers(write(tmp_path, persons=ok))
    assert regs.shared[0].default == "aliev-rakhat"


def test_shared_form_naming_unknown_person(tmp_path):
    bad = PERSONS_OK + "shared:\n  - form: Aliev\n    candidates: [aliev-rakhat, aliev-ilham]\n"
    [msg] = problems(write(tmp_path, persons=bad))
    assert "persons.yml:8:" in msg and "unknown person 'aliev-ilham'" in msg


@pytest.mark.parametrize("date", ["1991-13-01", "August 1991", "1991-08-21/1991-08-19", "91"])
def test_unparseable_event_date(tmp_path, date):
    [msg] = problems(write(tmp_path, events=EVENTS_OK.replace("1991-08-19/1991-08-21", date)))
    assert "events.yml:2:" in msg and "does not parse" in msg and "ISO date" in msg


def test_participant_that_does_not_exist(tmp_path):
    bad = EVENTS_OK.replace("[nazarbaev-nursultan]", "[nazarbaev-nursultan, yeltsin-boris]")
    [msg] = problems(write(tmp_path, events=bad))
    assert "events.yml:2:" in msg and "participant 'yeltsin-boris' of event august-putsch-1991" in msg


def test_bad_id_and_role_and_birth_date(tmp_path):
    bad = PERSONS_OK.replace("id: aliev-rakhat\n    name: Rakhat Aliev\n",
                             "id: Aliev Rakhat\n    name: Rakhat Aliev\n    roles: [villain]\n"
                             "    born: sometime\n")
    found = problems(write(tmp_path, persons=bad))
    assert any("not a lower-case slug" in m for m in found)
    assert any("unknown role(s) villain" in m for m in found)
    assert any("born 'sometime'" in m for m in found)
    assert all("persons.yml:5:" in m for m in found)


def test_malformed_yaml_names_the_line(tmp_path):
    [msg] = problems(write(tmp_path, persons=PERSONS_OK + "  - id: [unclosed\n"))
    assert "persons.yml:" in msg and "malformed YAML" in msg


def test_valid_dates():
    assert all(valid_date(d) for d in ["1991", "1991-08", "1991-08-19", "1937/1938", "1948-06/1949-05"])
    assert not any(valid_date(d) for d in ["", "1991-8", "1991/1990", "1991/1992/1993"])


def test_variant_spelled_differently_is_still_the_same_form(tmp_path):
    bad = PERSONS_OK + "  - id: other\n    name: Someone Else\n    variants: [N.A.  Nazarbaev]\n"
    bad = bad.replace("variants: [Nazarbaev]", "variants: [N. A. Nazarbaev]")
    [msg] = problems(write(tmp_path, persons=bad))
    assert "'N.A.  Nazarbaev' is claimed by nazarbaev-nursultan" in msg


def test_build_stops_on_a_bad_register_and_writes_nothing(project):
    import os
    import subprocess
    import sys
    persons = project / "sources" / "persons.yml"
    text = persons.read_text(encoding="utf-8")
    persons.write_text(text.replace("  - id: kolbin-gennadii\n", "  - id: kunaev-dinmukhammed\n"),
                       encoding="utf-8")
    line = text[: text.index("  - id: kolbin-gennadii\n")].count("\n") + 1
    before = (project / "content" / "documents" / "furman-2005.md").read_bytes()
    env = dict(os.environ, PYTHONPATH=str(project / "scripts"))
    result = subprocess.run([sys.executable, "-m", "edition.cli", "--root", str(project), "build",
                             "--no-site", "--only", "furman-2005"],
                            capture_output=True, text=True, env=env, cwd=project)
    assert result.returncode == 2
    assert f"sources/persons.yml:{line}: duplicate person id 'kunaev-dinmukhammed'" in result.stderr
    assert (project / "content" / "documents" / "furman-2005.md").read_bytes() == before
