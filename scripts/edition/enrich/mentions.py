"""Finds mentions of registered persons and events and wraps them in `Mention` inlines.

Pure: Document -> Document (plus a report entry for every mention it could not resolve).
Works on any Document, whatever adapter produced it: it walks every block and note and
only ever splits `Text` nodes, so the words a reader reads never change (the anchor lock's
fingerprints stay valid).

How a person is found (the rules an editor controls in sources/persons.yml):
- every variant of a person is a form: full names, surnames, transliteration variants
  (Nazarbaev/Nazarbayev), OCR slips (Abiazov), initials + surname ("N. A. Nazarbaev",
  "N.A. Nazarbaev" — spacing after initials does not matter), first names where the
  register lists them ("Dariga"), Russian case forms in cited titles ("Nazarbaeva");
- the longest form wins ("Gaidar Aliev" before "Gaidar", "Dariga Nazarbaeva" before
  "Nazarbaev"); a form must stand as a whole word — "Leninist", "Stalinist" or
  "Nazarbaeva" never match "Lenin", "Stalin" or "Nazarbaev" — but possessives
  ('s, ’s, s') and hyphenated compounds ("Malenkov-Molotov-Kaganovich",
  "post-Nazarbaev") do; straight and curly apostrophes are the same;
- a form shared by several persons ("Aliev", "Akaev", "Zhukov") is resolved by its rule:
  a candidate named in full in the same paragraph or note, else a cue word in it, else the
  default; if none applies the words are left unlinked and the report flags them.

Events are found the same way by their phrases ("Leningrad affair", "August putsch"),
ignoring case.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import partial

from ..inlines import block_text
from ..model import (Block, BlockQuote, Citation, Correction, Document, Emph, Heading, Inline,
                     ListBlock, Mention, Note, NumberedSection, Paragraph, ReportEntry, Strong, Text, Verse)
from ..registers import Registers, SharedForm, form_key

_APOSTROPHES = "'’ʹ"


normal_form = form_key  # the key a form is looked up by (registers.form_key)


def form_tokens(form: str) -> list[str]:
    """Regex pieces for one form, one per character: any apostrophe, any white space,
    optional space after initials."""
    form = re.sub(r"\.\s+", ".", form.strip())
    out = []
    for ch in form:
        if ch in _APOSTROPHES:
            out.append(f"[{_APOSTROPHES}]")
        elif ch.isspace():
            out.append(r"\s+")
        elif ch == ".":
            out.append(r"\.\s*")
        else:
            out.append(re.escape(ch))
    return out


def form_pattern(form: str) -> str:
    """Regex for one form."""
    return "".join(form_tokens(form))


def alternation(forms: list[str], ignore_case: bool = False) -> str:
    """One regex for all the forms, as a trie: common beginnings written once ("Nazarbaev",
    "Nazarbaeva", "Nazarbayev" share "Nazarba"), which compiles and matches several times
    faster than a flat list of alternatives. At each branch the longer continuation is
    tried first, so the longest form that matches wins, as with a longest-first list:
    sibling branches start with different characters and cannot both match (with
    `ignore_case` the forms are lower-cased first, so that "Party" and "party" are one
    branch)."""
    trie: dict = {}
    for form in sorted(set(forms)):
        node = trie
        for token in form_tokens(form.lower() if ignore_case else form):
            node = node.setdefault(token, {})
        node[""] = {}  # a form ends here
    if not trie:
        return "(?!)"
    # A look-ahead for the forms' first letters lets the regex engine skip, at almost
    # every position, every form at once.
    firsts = "".join(sorted({c for token in trie for c in _first_chars(token)}))
    return f"(?=[{re.escape(firsts)}])" + _emit(trie)


def _first_chars(token: str) -> str:
    if token.startswith("["):
        return _APOSTROPHES
    if token == r"\s+":
        return " \t\n"
    return token.replace("\\", "")[:1]


def _emit(node: dict) -> str:
    branches = [token + _emit(child) for token, child in sorted(node.items()) if token]
    if "" in node:
        branches.append("")  # last: a longer form through this point is tried first
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def _spellings(form: str) -> list[str]:
    """A form as written, and in capitals (headings and title pages: "THE KHRUSHCHEV PURGE")."""
    upper = form.upper()
    return [form, upper] if upper != form and len(form) > 3 else [form]


# A name may follow a hyphen ("post-Nazarbaev") but not a letter or an apostrophe,
# and may be followed by a possessive or a hyphen, never by another letter.
_BEFORE = rf"(?<![\w{_APOSTROPHES}])"
_AFTER = r"(?!\w)"


@dataclass
class Matcher:
    persons: re.Pattern | None
    events: re.Pattern | None
    owners: dict[str, str]  # normal form -> target, for forms of one person or event
    event_owners: dict[str, str]  # lower-cased normal form -> event target
    shared: dict[str, SharedForm]  # normal form -> rule
    full_forms: frozenset[str]  # normal forms of two words or more (they resolve shared ones)

    @classmethod
    def from_registers(cls, registers: Registers) -> "Matcher":
        owners: dict[str, str] = {}
        full: set[str] = set()
        shared: dict[str, SharedForm] = {}
        for rule in registers.shared:
            for form in _spellings(rule.form):
                shared[normal_form(form)] = rule
        forms: list[str] = []
        for person in registers.persons:
            for variant in person.variants:
                for form in _spellings(variant):
                    key = normal_form(form)
                    forms.append(form)
                    if key not in shared:
                        owners[key] = person.target
                        if len(form.split()) > 1 or "." in form:
                            full.add(key)
        forms.extend(f for s in registers.shared for f in _spellings(s.form))
        event_owners: dict[str, str] = {}
        phrases: list[str] = []
        for event in registers.events:
            for phrase in event.phrases:
                event_owners[normal_form(phrase).lower()] = event.target
                phrases.append(phrase)
        persons = re.compile(f"{_BEFORE}(?:{alternation(forms)}){_AFTER}") if forms else None
        events = (re.compile(f"{_BEFORE}(?:{alternation(phrases, ignore_case=True)}){_AFTER}", re.IGNORECASE)
                  if phrases else None)
        return cls(persons, events, owners, event_owners, shared, frozenset(full))

    # ----------------------------------------------------------- resolution
    def named_in_full(self, context: str) -> set[str]:
        """Persons named by an unshared full form somewhere in the context."""
        if not self.persons:
            return set()
        found = set()
        for m in self.persons.finditer(context):
            key = normal_form(m.group(0))
            if key in self.full_forms:
                found.add(self.owners[key])
        return found

    def resolve(self, key: str, context: str, in_full: set[str], before: str = "") -> str | None:
        if key in self.owners:
            return self.owners[key]
        rule = self.shared[key]
        titled = [f"person/{pid}" for pid, titles in rule.titles
                  if any(re.search(rf"(?<!\w){re.escape(t)}\s+$", before) for t in titles)]
        if len(set(titled)) == 1:
            return titled[0]
        targets = [f"person/{pid}" for pid in rule.candidates]
        named = [t for t in targets if t in in_full]
        if len(named) == 1:
            return named[0]
        cued = [f"person/{pid}" for pid, cues in rule.cues
                if any(re.search(rf"(?<!\w){re.escape(c)}(?!\w)", context) for c in cues)]
        if len(set(cued)) == 1:
            return cued[0]
        return f"person/{rule.default}" if rule.default else None


@dataclass
class _Pass:
    """One pass over a document: the matcher plus what it could not resolve."""
    matcher: Matcher
    flagged: list[ReportEntry]
    in_full: dict[str, set[str]] = field(default_factory=dict)

    def text(self, text: str, context: str, in_full: set[str], line: int) -> list[Inline]:
        pieces = self._split(text, self.matcher.events, context, in_full, line, events=True)
        out: list[Inline] = []
        for piece in pieces:
            if isinstance(piece, Text):
                out.extend(self._split(piece.text, self.matcher.persons, context, in_full, line))
            else:
                out.append(piece)
        return out

    def _split(self, text: str, pattern: re.Pattern | None, context: str, in_full: set[str],
               line: int, events: bool = False) -> list[Inline]:
        if pattern is None:
            return [Text(text)]
        out: list[Inline] = []
        pos = 0
        for m in pattern.finditer(text):
            key = normal_form(m.group(0))
            if events:
                target = self.matcher.event_owners.get(key.lower())
            else:
                target = self.matcher.resolve(key, context, in_full, text[max(0, m.start() - 40):m.start()])
                if target is None:
                    rule = self.matcher.shared[key]
                    self.flagged.append(ReportEntry(
                        "flagged", "name shared by several persons; not linked", line, m.group(0),
                        f"candidates: {', '.join(rule.candidates)} — add a cue or a default in "
                        "sources/persons.yml"))
            if target is None:
                continue
            if m.start() > pos:
                out.append(Text(text[pos:m.start()]))
            out.append(Mention(target, (Text(m.group(0)),)))
            pos = m.end()
        if pos < len(text):
            out.append(Text(text[pos:]))
        return out if out else [Text(text)]

    def inlines(self, nodes: tuple[Inline, ...], context: str, in_full: set[str], line: int
                ) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Text):
                out.extend(self.text(node.text, context, in_full, line))
            elif isinstance(node, (Emph, Strong, Citation)):
                out.append(replace(node, children=self.inlines(node.children, context, in_full, line)))
            elif isinstance(node, Correction) and (target := self.whole_name(node.corrected, context, in_full)):
                # An editorial correction of a name ("Krushchev" -> "Khrushchev") is a mention too.
                out.append(Mention(target, (node,)))
            else:  # Mention, NoteCall, PageMarker, Redaction and other corrections: as they are
                out.append(node)
        return tuple(out)

    def whole_name(self, text: str, context: str, in_full: set[str]) -> str | None:
        pattern = self.matcher.persons
        m = pattern.fullmatch(text.strip()) if pattern else None
        return self.matcher.resolve(normal_form(m.group(0)), context, in_full) if m else None

    def block(self, block: Block, context: str | None = None) -> Block:
        own = block_text(block) if context is None else context
        in_full = self.in_full.get(own)
        if in_full is None:  # a note's context serves each of its blocks: searched once
            in_full = self.in_full[own] = self.matcher.named_in_full(own)
        line = block.provenance.first_line if getattr(block, "provenance", None) else 0
        if isinstance(block, (Heading, Paragraph)):
            return replace(block, inlines=self.inlines(block.inlines, own, in_full, line))
        if isinstance(block, Verse):
            return replace(block, lines=tuple(self.inlines(l, own, in_full, line) for l in block.lines))
        if isinstance(block, ListBlock):
            return replace(block, items=tuple(
                replace(item, blocks=tuple(self.block(b, context) for b in item.blocks))
                for item in block.items))
        if isinstance(block, (BlockQuote, NumberedSection)):
            return replace(block, blocks=tuple(self.block(b, context) for b in block.blocks))
        raise TypeError(f"unknown block {type(block).__name__}")

    def note(self, note: Note) -> Note:
        # A note is one context: its later paragraphs may rely on a name given earlier.
        context = block_text(note)
        return replace(note, blocks=tuple(self.block(b, context) for b in note.blocks))


def link_mentions(doc: Document, matcher: Matcher) -> Document:
    run = _Pass(matcher, [])
    blocks = tuple(run.block(b) for b in doc.blocks)
    notes = tuple(run.note(n) for n in doc.notes)
    return replace(doc, blocks=blocks, notes=notes, report=doc.report + tuple(run.flagged))


def mention_enricher(registers: Registers):
    """The enricher for build.ENRICHERS: Document -> Document with mentions linked."""
    return partial(link_mentions, matcher=Matcher.from_registers(registers))
