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
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


# libyaml's parser when PyYAML has it (its wheels do): the registers parse 5× faster.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):
    """A YAML loader that remembers the line of every mapping (for messages)."""


class LineList(list):
    """A YAML sequence that remembers the line of each item (`lines`), so that an item
    which is not a mapping can still be reported by its line."""
    lines: list[int]


def _construct_mapping(loader, node, deep=False):
    # PyYAML silently keeps the last of two equal keys; a catalog must not.
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (str, int, float, bool)) and key in seen:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark,
                f"found duplicate key {key!r}", key_node.start_mark)
        seen.add(key) if isinstance(key, (str, int, float, bool)) else None
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


def _construct_sequence(loader, node):
    items = LineList(loader.construct_sequence(node, deep=True))
    items.lines = [child.start_mark.line + 1 for child in node.value]
    return items


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

# A raw source larger than this is refused before it is read (memory stays bounded);
# the largest real source is about 0.2 MB, a whole book about 2 MB. See docs/bad-input.md.
MAX_SOURCE_BYTES = 16_000_000


def load_yaml(path: Path) -> object:
    """Loads YAML with line numbers (`__line__` in each mapping); clear message on error."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise EditionError(Problem(str(path), 0, "file not found")) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EditionError(Problem(str(path), line, f"not valid UTF-8 ({exc.reason})",
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
    with path.open("rb") as stream:  # streamed: a huge file is hashed in bounded memory
        return hashlib.file_digest(stream, "sha256").hexdigest()


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
    item_lines = getattr(data["documents"], "lines", [])
    for index, raw in enumerate(data["documents"]):
        if not isinstance(raw, dict):
            line = item_lines[index] if index < len(item_lines) else 0
            problems.append(Problem(shown, line, f"a catalog entry is not a mapping: {raw!r}",
                                    "each entry is a block of `key: value` lines under `- id: …`"))
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
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        raise EditionError(Problem(str(path), 1, f"the source is {size / 1e6:.1f} MB, more than the "
                                   f"limit of {MAX_SOURCE_BYTES // 1_000_000} MB",
                                   "split it into several catalog entries (e.g. one per chapter)"))
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
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    # A form feed (a page break from pdftotext) is white space; other control
    # characters are not text and would make invalid HTML.
    text = text.replace("\f", " ")
    bad = CONTROL_RE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise EditionError(Problem(str(path), line,
                                   f"control character U+{ord(bad.group()):04X} in the text",
                                   "remove it (often a mis-decoded or binary fragment)"))
    return text
