"""The anchor lock: the promise that a cited anchor keeps landing on the same words.

`sources/anchors.lock` (TSV, committed) lists every anchor with a fingerprint of the
words it lands on. The build fails, naming each anchor, when one disappears or lands on
other words, unless `sources/anchor-aliases.yml` records where it went (old → new);
the site keeps every old anchor working. `edition lock` rewrites the lock after an
intended change.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from .catalog import load_yaml
from .errors import Problem
from .ids import ANCHOR_RE
from .inlines import block_text, fingerprint, plain_text
from .model import (Block, BlockQuote, Corpus, Document, Heading, ListBlock, NumberedSection,
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
          lock_path: str, alias_path: str, documents: set[str] | None = None) -> list[Problem]:
    """Every locked anchor must still exist with the same words, or have an alias.

    `documents`: the documents being built (a partial build checks only their aliases)."""
    now = {(a.document, a.anchor): a for a in current}
    aliased = {(a.document, a.old): a for a in aliases}
    problems: list[Problem] = []
    for key, (old, line) in sorted(locked.items(), key=lambda kv: kv[1][1]):
        if key in aliased:
            continue  # alias_conflicts() checks that the alias can work
        if key not in now:
            problems.append(Problem(lock_path, line,
                                    f"anchor {old.document}#{old.anchor} has disappeared (it landed on: “{old.preview}”)",
                                    "restore it, or record where its words went in "
                                    "sources/anchor-aliases.yml ({document, old, new, reason}); "
                                    "the site and the PDF then keep the old anchor working"))
        elif now[key].fingerprint != old.fingerprint:
            problems.append(Problem(lock_path, line,
                                    f"anchor {old.document}#{old.anchor} now lands on different words: "
                                    f"was “{old.preview}”, now “{now[key].preview}”",
                                    "if intended (e.g. an editorial correction), accept the new words "
                                    "with `edition lock`; an alias cannot help while the anchor exists"))
    problems += alias_conflicts(now, aliases, alias_path, documents)
    return problems


def alias_conflicts(now: dict, aliases: list[Alias], alias_path: str,
                    documents: set[str] | None = None) -> list[Problem]:
    """Aliases that cannot work: an id lands on one place only (docs/anchors.md).

    - the old anchor exists again (for other words): `#p5` cannot lead both to the
      words now at #p5 and, via the alias, to the words now at #p6;
    - the same old anchor is aliased twice; an alias chain (a → b → c) is allowed only
      when every step points at an anchor that exists, which the first rule then forbids,
      so aliases always point straight at a current anchor.
    """
    problems: list[Problem] = []
    seen: dict[tuple[str, str], Alias] = {}
    for alias in aliases:
        if documents is not None and alias.document not in documents:
            continue
        key = (alias.document, alias.old)
        if key in seen:
            problems.append(Problem(alias_path, alias.line,
                                    f"alias {alias.document}#{alias.old} is recorded twice "
                                    f"(also at line {seen[key].line})", "keep one of them"))
        seen[key] = alias
        if (alias.document, alias.new) not in now:
            problems.append(Problem(alias_path, alias.line,
                                    f"alias {alias.document}#{alias.old} → #{alias.new}: "
                                    f"the new anchor #{alias.new} does not exist",
                                    "point the alias at an anchor of the current build "
                                    "(see content/documents/ or sources/anchors.lock)"))
        elif key in now:
            problems.append(Problem(
                alias_path, alias.line,
                f"alias {alias.document}#{alias.old} → #{alias.new} conflicts: #{alias.old} exists again "
                f"and lands on “{now[key].preview}”; one id cannot lead to two places",
                "remove the alias and accept the new words with `edition lock` (the old citation then "
                "lands on them), or change the scripts so that the old words keep their anchor"))
    return problems


# ------------------------------------------------------------------ pinning
PINNABLE_RE = __import__("re").compile(r"^p\d+(?:-\d+)?$")


def pin_corpus(corpus: Corpus, locked: dict) -> Corpus:
    """Reading-order anchors (`p12`) follow their words, as the lock recorded them.

    Paragraph numbers come from reading order, so a script change that moves, splits or
    joins one paragraph would shift every later number. Pinning undoes the shift: a block
    whose words the lock knows under another reading-order anchor gets that anchor back
    (when those words are unique in the document and in the lock), and a block whose
    number was taken that way gets a fresh one (`p8-2`). Source-given anchors (notes,
    memo paragraphs) and heading slugs are never pinned. See docs/anchors.md.
    """
    if not locked:
        return corpus
    docs = []
    for doc in corpus.documents:
        mine = {anchor.anchor: anchor.fingerprint for (d, _), (anchor, _) in locked.items() if d == doc.id}
        docs.append(pin_document(doc, mine))
    return replace(corpus, documents=tuple(docs))


def pin_document(doc: Document, locked: dict[str, str]) -> Document:
    current = [(a, fingerprint(t)) for a, t in _walk(doc.blocks) if a]
    now = dict(current)
    counts = Counter(fp for _, fp in current)
    locked_counts = Counter(locked.values())
    by_fingerprint = {fp: a for a, fp in locked.items() if locked_counts[fp] == 1 and PINNABLE_RE.match(a)}
    mapping: dict[str, str] = {}
    for anchor, fp in current:
        if not PINNABLE_RE.match(anchor) or locked.get(anchor) == fp or counts[fp] != 1:
            continue
        target = by_fingerprint.get(fp)
        if target and target != anchor and now.get(target) != locked[target]:
            mapping[anchor] = target
    if not mapping:
        return doc
    taken = set(now) | set(locked) | set(mapping.values())
    displaced = [a for a, _ in current if a in mapping.values() and a not in mapping]
    for anchor in displaced:  # a block whose number went to returning words gets a fresh one
        n = 2
        while f"{anchor}-{n}" in taken:
            n += 1
        mapping[anchor] = f"{anchor}-{n}"
        taken.add(mapping[anchor])
    _reuse_vanished(current, locked, mapping, displaced)
    return rename_anchors(doc, mapping)


def _number(anchor: str) -> int:
    return int(anchor[1:].split("-")[0])


def _reuse_vanished(current: list[tuple[str, str]], locked: dict[str, str],
                    mapping: dict[str, str], displaced: list[str]) -> None:
    """A displaced block standing where a vanished locked anchor stood takes that anchor.

    (A paragraph inserted before p2 and p2's words edited: the edited words take p2 back,
    so the build reports "#p2 now lands on different words", not a lost #p2 and a new
    #p3-2.) "Where it stood": between the numbers of its pinned neighbours.
    """
    final = [mapping.get(a, a) for a, _ in current]
    present = set(final)
    vanished = sorted((a for a in locked if PINNABLE_RE.match(a) and a not in present), key=_natural)
    if not vanished:
        return
    names = [a for a, _ in current]
    for anchor in displaced:
        i = names.index(anchor)
        steady = [j for j, name in enumerate(names) if name not in displaced and PINNABLE_RE.match(final[j])]
        before = [final[j] for j in steady if j < i]
        after = [final[j] for j in steady if j > i]
        low = _number(before[-1]) if before else 0
        high = _number(after[0]) if after else 10 ** 9
        for old in vanished:
            if low <= _number(old) <= high:
                mapping[anchor] = old
                vanished.remove(old)
                final[i] = old
                break


def rename_anchors(doc: Document, mapping: dict[str, str]) -> Document:
    def block(b: Block) -> Block:
        new = mapping.get(b.anchor, b.anchor)
        if isinstance(b, ListBlock):
            items = tuple(replace(i, anchor=mapping.get(i.anchor, i.anchor),
                                  blocks=tuple(block(x) for x in i.blocks)) for i in b.items)
            return replace(b, anchor=new, items=items)
        if isinstance(b, (BlockQuote, NumberedSection)):
            return replace(b, anchor=new, blocks=tuple(block(x) for x in b.blocks))
        return replace(b, anchor=new)
    return replace(doc, blocks=tuple(block(b) for b in doc.blocks))


def merged(current: list[LockedAnchor], locked: dict) -> list[LockedAnchor]:
    """The lock after a build that broke nothing: old entries kept, new anchors added."""
    result = {key: value for key, (value, _) in locked.items()}
    for anchor in current:
        result.setdefault((anchor.document, anchor.anchor), anchor)
    return list(result.values())
