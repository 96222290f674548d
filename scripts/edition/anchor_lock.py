"""The anchor lock: the promise that a cited anchor keeps landing on the same words.

`sources/anchors.lock` (TSV, committed) lists every anchor with a fingerprint of the
words it lands on. The build fails, naming each anchor, when one disappears or lands on
other words, unless `sources/anchor-aliases.yml` records where it went (old → new);
the site keeps every old anchor working. `edition lock` rewrites the lock after an
intended change.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalog import load_yaml
from .errors import Problem
from .ids import ANCHOR_RE
from .inlines import block_text, fingerprint, plain_text
from .model import (Block, BlockQuote, Corpus, Heading, ListBlock, NumberedSection,
                    Paragraph, Verse)

HEADER = "# document\tanchor\tfingerprint\twords (first 60 characters, for reviewers)"


@dataclass(frozen=True)
class LockedAnchor:
    document: str
    anchor: str
    fingerprint: str
    preview: str


@dataclass(frozen=True)
class Alias:
    document: str
    old: str
    new: str
    reason: str
    line: int


def _walk(blocks: tuple[Block, ...]):
    for block in blocks:
        if isinstance(block, Heading):
            yield block.anchor, plain_text(block.inlines)
        elif isinstance(block, (Paragraph, Verse, BlockQuote)):
            yield block.anchor, block_text(block)
        elif isinstance(block, ListBlock):
            yield block.anchor, block_text(block)
            for item in block.items:
                if item.anchor:
                    yield item.anchor, "\n".join(block_text(b) for b in item.blocks)
                    for inner in item.blocks:  # a list nested in a labelled item
                        if isinstance(inner, ListBlock):
                            yield from ((a, t) for a, t in _walk((inner,)) if a)
        elif isinstance(block, NumberedSection):
            yield block.anchor, block_text(block)
            yield from _walk(block.blocks)


def collect(corpus: Corpus) -> list[LockedAnchor]:
    found: list[LockedAnchor] = []
    for doc in corpus.documents:
        pairs = list(_walk(doc.blocks)) + [(note.anchor, block_text(note)) for note in doc.notes]
        for anchor, text in pairs:
            if anchor:
                preview = " ".join(text.split())[:60].replace("\t", " ")
                found.append(LockedAnchor(doc.id, anchor, fingerprint(text), preview))
    return found


def render(anchors: list[LockedAnchor]) -> str:
    rows = sorted(anchors, key=lambda a: (a.document, _natural(a.anchor)))
    return "\n".join([HEADER] + [f"{a.document}\t{a.anchor}\t{a.fingerprint}\t{a.preview}"
                                  for a in rows]) + "\n"


def _natural(anchor: str) -> tuple:
    import re
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", anchor))


def read(path: Path) -> dict[tuple[str, str], tuple[LockedAnchor, int]]:
    if not path.exists():
        return {}
    locked = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        anchor = LockedAnchor(parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else "")
        locked[(anchor.document, anchor.anchor)] = (anchor, number)
    return locked


def read_aliases(path: Path) -> tuple[list[Alias], list[Problem]]:
    if not path.exists():
        return [], []
    data = load_yaml(path) or {}
    aliases, problems = [], []
    for raw in (data.get("aliases") or []) if isinstance(data, dict) else []:
        line = raw.get("__line__", 0) if isinstance(raw, dict) else 0
        if not isinstance(raw, dict) or not all(raw.get(k) for k in ("document", "old", "new")):
            problems.append(Problem(str(path), line, "an alias needs document, old and new",
                                    "e.g. {document: furman-2005, old: p12, new: p13, reason: …}"))
            continue
        for key in ("old", "new"):
            if not ANCHOR_RE.match(str(raw[key])):
                problems.append(Problem(str(path), line, f"{key} anchor {raw[key]!r} is not a valid anchor"))
        aliases.append(Alias(str(raw["document"]), str(raw["old"]), str(raw["new"]),
                             str(raw.get("reason", "")), line))
    return aliases, problems


def check(current: list[LockedAnchor], locked: dict, aliases: list[Alias],
          lock_path: str, alias_path: str) -> list[Problem]:
    """Every locked anchor must still exist with the same words, or have an alias."""
    now = {(a.document, a.anchor): a for a in current}
    aliased = {(a.document, a.old): a for a in aliases}
    problems: list[Problem] = []
    for key, (old, line) in sorted(locked.items(), key=lambda kv: kv[1][1]):
        alias = aliased.get(key)
        if alias:
            if (alias.document, alias.new) not in now:
                problems.append(Problem(alias_path, alias.line,
                                        f"alias {alias.document}#{alias.old} → #{alias.new}: the new anchor does not exist"))
            continue
        if key not in now:
            problems.append(Problem(lock_path, line,
                                    f"anchor {old.document}#{old.anchor} has disappeared (it landed on: “{old.preview}”)",
                                    "restore it, or record where it went in sources/anchor-aliases.yml "
                                    "and run `edition lock`"))
        elif now[key].fingerprint != old.fingerprint:
            problems.append(Problem(lock_path, line,
                                    f"anchor {old.document}#{old.anchor} now lands on different words: "
                                    f"was “{old.preview}”, now “{now[key].preview}”",
                                    "if intended (e.g. an editorial correction), record an alias to the "
                                    "anchor that now holds the old words, or run `edition lock` to accept"))
    for alias in aliases:
        if (alias.document, alias.old) in now and (alias.document, alias.old) not in locked:
            problems.append(Problem(alias_path, alias.line,
                                    f"alias {alias.document}#{alias.old} shadows an anchor that exists"))
    return problems


def merged(current: list[LockedAnchor], locked: dict) -> list[LockedAnchor]:
    """The lock after a build that broke nothing: old entries kept, new anchors added."""
    result = {key: value for key, (value, _) in locked.items()}
    for anchor in current:
        result.setdefault((anchor.document, anchor.anchor), anchor)
    return list(result.values())
