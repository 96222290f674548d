"""Reads and validates sources/catalog.yml; verifies each raw source's checksum."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from .errors import EditionError, Problem
from .model import CatalogEntry

REQUIRED = ("id", "file", "sha256", "kind", "title")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping (for messages)."""


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> object:
    """Loads YAML with line numbers (`__line__` in each mapping); clear message on error."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EditionError(Problem(str(path), 0, "file not found")) from None
    except UnicodeDecodeError as exc:
        raise EditionError(Problem(str(path), 0, f"not valid UTF-8 ({exc.reason})",
                                   "save the file as UTF-8")) from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        problem = getattr(exc, "problem", None) or str(exc)
        raise EditionError(Problem(str(path), line, f"malformed YAML: {problem}",
                                   "fix the syntax (indentation, quotes, colons)")) from None


def strip_lines(value: object) -> object:
    """Removes the loader's `__line__` keys, recursively."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_catalog(sources_dir: Path, kinds: set[str], only: set[str] | None = None) -> list[CatalogEntry]:
    """Validates the catalog and returns its entries; raises with every problem.

    `only` restricts the build to some documents (an editor's quick rebuild); the other
    entries are still checked for syntax, but not read.
    """
    path = sources_dir / "catalog.yml"
    data = load_yaml(path)
    shown = str(path)
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise EditionError(Problem(shown, 1, "the catalog must have a list `documents:`"))
    problems: list[Problem] = []
    entries: list[CatalogEntry] = []
    seen: dict[str, int] = {}
    root = sources_dir.resolve()
    for raw in data["documents"]:
        if not isinstance(raw, dict):
            problems.append(Problem(shown, 0, f"a catalog entry is not a mapping: {raw!r}"))
            continue
        line = raw.get("__line__", 0)
        missing = [k for k in REQUIRED if not raw.get(k)]
        if missing:
            problems.append(Problem(shown, line, f"entry lacks {', '.join(missing)}",
                                    "every entry needs id, file, sha256, kind and title"))
            continue
        doc_id = str(raw["id"])
        if not ID_RE.match(doc_id):
            problems.append(Problem(shown, line, f"id {doc_id!r} is not a lower-case slug",
                                    "use letters, digits and hyphens, e.g. furman-2005"))
        if doc_id in seen:
            problems.append(Problem(shown, line, f"duplicate id {doc_id!r} (first at line {seen[doc_id]})"))
        seen[doc_id] = line
        if only is not None and doc_id not in only:
            continue
        if raw["kind"] not in kinds:
            problems.append(Problem(shown, line, f"unknown kind {raw['kind']!r}",
                                    f"known kinds: {', '.join(sorted(kinds))}; to build only some "
                                    "documents meanwhile: edition build --only ID[,ID…]"))
        file_path = (sources_dir / str(raw["file"])).resolve()
        if root not in file_path.parents:
            problems.append(Problem(shown, line, f"file {raw['file']!r} lies outside sources/",
                                    "raw sources must be copied into sources/"))
            continue
        if not file_path.is_file():
            problems.append(Problem(shown, line, f"file {raw['file']!r} does not exist",
                                    "copy the raw text into sources/ or correct `file:`"))
            continue
        actual = sha256_of(file_path)
        if actual != raw["sha256"]:
            problems.append(Problem(shown, line,
                                    f"{raw['file']} has changed: sha256 is {actual}, catalog says {raw['sha256']}",
                                    "raw sources are never edited; restore the file, or record a "
                                    "correction in sources/corrections.yml"))
        authors = raw.get("authors", "unknown")
        authors = tuple(authors) if isinstance(authors, list) else ()
        facts = tuple(sorted((k, strip_lines(v)) for k, v in raw.items() if k != "__line__"))
        entries.append(CatalogEntry(
            id=doc_id, file=str(raw["file"]), sha256=str(raw["sha256"]), kind=str(raw["kind"]),
            title=str(raw["title"]), authors=authors, date=str(raw.get("date", "unknown")),
            facts=facts, catalog_line=line))
    if only is not None:
        unknown = sorted(only - set(seen))
        if unknown:
            problems.append(Problem(shown, 0, f"--only names documents not in the catalog: {', '.join(unknown)}"))
    if problems:
        raise EditionError(problems)
    return entries


def read_source_text(path: Path) -> str:
    """Decodes a raw source strictly as UTF-8; names the line of the first bad byte."""
    data = path.read_bytes()
    if not data.strip():
        raise EditionError(Problem(str(path), 1, "the source is empty",
                                   "copy the complete raw text into the file"))
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise EditionError(Problem(str(path), line, "the source contains NUL bytes (binary file?)",
                                   "sources must be plain UTF-8 text"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EditionError(Problem(str(path), line,
                                   f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                                   "convert the file to UTF-8 (e.g. iconv -f cp1251 -t utf-8)")) from None
    return text.replace("\r\n", "\n").lstrip("\ufeff")
