"""The person and event registers (sources/persons.yml, sources/events.yml): load + validate.

The registers are curated data. This module only reads them, checks them and turns
them into typed objects; every problem is reported with the file and line of the entry
(`edition: sources/persons.yml:120: …`), all at once, before anything is written.

Rules checked here (each has a test in tests/test_registers.py):
- every id is a lower-case slug and unique within its register;
- a name form (variant) belongs to one person, unless the `shared:` section says how
  to resolve it (candidates, cue words, a default) — otherwise it is an error;
- event dates are ISO dates (`1991-08-19`, `1991-08`, `1991`) or ranges (`1918/1923`);
- every participant of an event and every candidate of a shared form exists.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .catalog import _LineLoader
from .errors import EditionError, Problem

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DATE_RE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
ROLES = {"actor": "historical actor", "author": "author cited in notes",
         "fictional": "fictional or legendary figure", "family": "family named as a group"}

PERSONS_FILE = "persons.yml"
EVENTS_FILE = "events.yml"
NOT_PERSONS_FILE = "not-persons.yml"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    sort_name: str  # "Nazarbaev, Nursultan": the A–Z index sorts and groups by it
    variants: tuple[str, ...]  # every form that names this person and no one else
    roles: tuple[str, ...]
    description: str = ""
    born: str = ""
    died: str = ""
    line: int = 0

    @property
    def target(self) -> str:
        return f"person/{self.id}"


@dataclass(frozen=True)
class SharedForm:
    """A form that names several persons ("Aliev", "Zhukov"), with its resolution rule.

    Resolution, in order: a title right before the form ("President Akaev"); a candidate
    named in full in the same block (paragraph or note); a candidate whose cue word occurs
    in the same block; the default; otherwise the mention is flagged (left unlinked and
    listed in the coverage report).
    """
    form: str
    candidates: tuple[str, ...]
    cues: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (person id, cue words)
    titles: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (person id, words right before)
    default: str = ""
    line: int = 0


@dataclass(frozen=True)
class Event:
    id: str
    name: str
    date: str  # ISO date or range "start/end"
    phrases: tuple[str, ...]
    participants: tuple[str, ...]
    description: str = ""
    line: int = 0

    @property
    def target(self) -> str:
        return f"event/{self.id}"

    @property
    def start(self) -> str:
        return self.date.split("/")[0]


@dataclass(frozen=True)
class Registers:
    persons: tuple[Person, ...] = ()
    shared: tuple[SharedForm, ...] = ()
    events: tuple[Event, ...] = ()
    not_persons: frozenset[str] = field(default_factory=frozenset)

    def person(self, pid: str) -> Person:
        return self._persons[pid]

    def event(self, eid: str) -> Event:
        return self._events[eid]

    @cached_property
    def _persons(self) -> dict[str, Person]:
        return {p.id: p for p in self.persons}

    @cached_property
    def _events(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    def by_target(self) -> dict[str, Person | Event]:
        found: dict[str, Person | Event] = {p.target: p for p in self.persons}
        found.update({e.target: e for e in self.events})
        return found


# ------------------------------------------------------------------ parsing
class _RegisterLoader(_LineLoader):
    """The catalog's line-numbering loader, but dates stay text (`1991-13-01` must be
    reported as a bad date with its line, not crash the YAML parser)."""


_RegisterLoader.add_constructor("tag:yaml.org,2002:timestamp",
                                lambda loader, node: loader.construct_scalar(node))


def load_yaml(path: Path, shown: str) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EditionError(Problem(shown, 0, "file not found",
                                   "create it (see docs/registers.md)")) from None
    except UnicodeDecodeError as exc:
        raise EditionError(Problem(shown, 0, f"not valid UTF-8 ({exc.reason})",
                                   "save the file as UTF-8")) from None
    try:
        return yaml.load(text, Loader=_RegisterLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise EditionError(Problem(shown, mark.line + 1 if mark else 0, f"malformed YAML: {problem}",
                                   "fix the syntax (indentation, quotes, colons)")) from None


def _strs(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, int)):
        return (str(value),)
    return tuple(str(v) for v in value)


def valid_date(text: str) -> bool:
    parts = text.split("/")
    if len(parts) > 2 or not all(ISO_DATE_RE.match(p) for p in parts):
        return False
    return len(parts) == 1 or parts[0] <= parts[1]


def parse_persons(data: object, shown: str) -> tuple[list[Person], list[SharedForm], list[Problem]]:
    problems: list[Problem] = []
    if not isinstance(data, dict) or not isinstance(data.get("persons"), list):
        return [], [], [Problem(shown, 1, "the register must have a list `persons:`")]
    persons: list[Person] = []
    seen: dict[str, int] = {}
    for raw in data["persons"]:
        if not isinstance(raw, dict):
            problems.append(Problem(shown, 0, f"a person entry is not a mapping: {raw!r}"))
            continue
        line = raw.get("__line__", 0)
        pid, name = str(raw.get("id", "")), str(raw.get("name", ""))
        if not pid or not name:
            problems.append(Problem(shown, line, "person entry lacks id or name",
                                    "every person needs `id:` and `name:`"))
            continue
        if not ID_RE.match(pid):
            problems.append(Problem(shown, line, f"id {pid!r} is not a lower-case slug",
                                    "use letters, digits and hyphens, e.g. nazarbaev-nursultan"))
        if pid in seen:
            problems.append(Problem(shown, line, f"duplicate person id {pid!r} (first at line {seen[pid]})",
                                    "give each person one entry; merge the variants"))
        seen[pid] = line
        roles = _strs(raw.get("roles", ["actor"]))
        unknown = [r for r in roles if r not in ROLES]
        if unknown:
            problems.append(Problem(shown, line, f"unknown role(s) {', '.join(unknown)} for {pid}",
                                    f"known roles: {', '.join(sorted(ROLES))}"))
        for key in ("born", "died"):
            if raw.get(key) is not None and not valid_date(str(raw[key])):
                problems.append(Problem(shown, line, f"{key} {raw[key]!r} of {pid} is not an ISO date",
                                        "write 1940, 1940-07 or 1940-07-06"))
        variants = tuple(dict.fromkeys((name, *_strs(raw.get("variants")))))
        persons.append(Person(
            id=pid, name=name, sort_name=str(raw.get("sort", "")) or _sort_name(name),
            variants=variants, roles=roles, description=str(raw.get("description", "") or ""),
            born=str(raw.get("born", "") or ""), died=str(raw.get("died", "") or ""), line=line))

    shared: list[SharedForm] = []
    for raw in data.get("shared") or []:
        line = raw.get("__line__", 0) if isinstance(raw, dict) else 0
        if not isinstance(raw, dict) or not raw.get("form") or not raw.get("candidates"):
            problems.append(Problem(shown, line, "a shared form needs `form:` and `candidates:`"))
            continue
        cues = tuple((str(k), _strs(v)) for k, v in (raw.get("cues") or {}).items() if k != "__line__")
        titles = tuple((str(k), _strs(v)) for k, v in (raw.get("titles") or {}).items() if k != "__line__")
        shared.append(SharedForm(form=str(raw["form"]), candidates=_strs(raw["candidates"]), cues=cues,
                                 titles=titles, default=str(raw.get("default", "") or ""), line=line))
    return persons, shared, problems


def parse_events(data: object, shown: str) -> tuple[list[Event], list[Problem]]:
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        return [], [Problem(shown, 1, "the register must have a list `events:`")]
    problems: list[Problem] = []
    events: list[Event] = []
    seen: dict[str, int] = {}
    for raw in data["events"]:
        if not isinstance(raw, dict):
            problems.append(Problem(shown, 0, f"an event entry is not a mapping: {raw!r}"))
            continue
        line = raw.get("__line__", 0)
        eid, name, date = str(raw.get("id", "")), str(raw.get("name", "")), str(raw.get("date", ""))
        if not eid or not name:
            problems.append(Problem(shown, line, "event entry lacks id or name"))
            continue
        if not ID_RE.match(eid):
            problems.append(Problem(shown, line, f"id {eid!r} is not a lower-case slug"))
        if eid in seen:
            problems.append(Problem(shown, line, f"duplicate event id {eid!r} (first at line {seen[eid]})"))
        seen[eid] = line
        if not valid_date(date):
            problems.append(Problem(shown, line, f"date {date!r} of event {eid} does not parse",
                                    "write an ISO date (1991-08-19, 1991-08, 1991) or a range 1991-08-19/1991-08-21"))
        events.append(Event(id=eid, name=name, date=date, phrases=_strs(raw.get("phrases")),
                            participants=_strs(raw.get("participants")),
                            description=str(raw.get("description", "") or ""), line=line))
    return events, problems


def cross_check(persons: list[Person], shared: list[SharedForm], events: list[Event],
                persons_file: str, events_file: str) -> list[Problem]:
    """Variants claimed twice, unknown participants and candidates."""
    problems: list[Problem] = []
    ids = {p.id for p in persons}
    shared_forms = {form_key(s.form) for s in shared}
    owner: dict[str, Person] = {}
    for person in persons:
        for variant in person.variants:
            key = form_key(variant)
            other = owner.get(key)
            if other and other.id != person.id and key not in shared_forms:
                problems.append(Problem(
                    persons_file, person.line,
                    f"variant {variant!r} is claimed by {other.id} (line {other.line}) and {person.id}",
                    "keep it in one person only, or add it to `shared:` with a rule"))
            owner.setdefault(key, person)
    for rule in shared:
        for pid in (*rule.candidates, *(k for k, _ in rule.cues), *(k for k, _ in rule.titles),
                    *([rule.default] if rule.default else [])):
            if pid not in ids:
                problems.append(Problem(persons_file, rule.line,
                                        f"shared form {rule.form!r} names unknown person {pid!r}"))
        if rule.default and rule.default not in rule.candidates:
            problems.append(Problem(persons_file, rule.line,
                                    f"default {rule.default!r} of {rule.form!r} is not a candidate"))
    phrase_owner: dict[str, str] = {}
    for event in events:
        for pid in event.participants:
            if pid not in ids:
                problems.append(Problem(events_file, event.line,
                                        f"participant {pid!r} of event {event.id} does not exist",
                                        f"add {pid} to {PERSONS_FILE} or correct the id"))
        for phrase in event.phrases:
            if phrase in phrase_owner and phrase_owner[phrase] != event.id:
                problems.append(Problem(events_file, event.line,
                                        f"phrase {phrase!r} belongs to {phrase_owner[phrase]} and {event.id}"))
            phrase_owner[phrase] = event.id
    return problems


def form_key(text: str) -> str:
    """The key a name form is compared by: no white space, one kind of apostrophe."""
    for mark in "’ʹ":
        text = text.replace(mark, "'")
    return re.sub(r"\s+", "", text)


def _sort_name(name: str) -> str:
    parts = name.split()
    return f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 else name


def load_registers(sources_dir: Path, shown_root: Path | None = None) -> Registers:
    """Reads persons.yml, events.yml and not-persons.yml; raises with every problem."""
    def shown(name: str) -> str:
        path = sources_dir / name
        if shown_root and path.resolve().is_relative_to(shown_root.resolve()):
            return str(path.resolve().relative_to(shown_root.resolve()))
        return str(path)

    persons, shared, problems = parse_persons(load_yaml(sources_dir / PERSONS_FILE, shown(PERSONS_FILE)),
                                              shown(PERSONS_FILE))
    events, more = parse_events(load_yaml(sources_dir / EVENTS_FILE, shown(EVENTS_FILE)), shown(EVENTS_FILE))
    problems += more
    problems += cross_check(persons, shared, events, shown(PERSONS_FILE), shown(EVENTS_FILE))
    not_persons: frozenset[str] = frozenset()
    path = sources_dir / NOT_PERSONS_FILE
    if path.is_file():
        data = load_yaml(path, shown(NOT_PERSONS_FILE))
        if not isinstance(data, dict) or not isinstance(data.get("words"), list):
            problems.append(Problem(shown(NOT_PERSONS_FILE), 1, "the file must have a list `words:`"))
        else:
            not_persons = frozenset(str(w) for w in data["words"])
    if problems:
        raise EditionError(problems)
    return Registers(tuple(persons), tuple(shared), tuple(events), not_persons)
