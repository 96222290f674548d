"""Pages for the registers: a page per person and per event, an A–Z index of persons,
an index of events and a timeline. Pure: (Corpus, Registers) -> {path: text}.

Every mention listed on a page links to the exact paragraph or note that holds it
(`../documents/furman-2005.md#n76`), so MkDocs' strict anchor validation proves that
each backlink lands. Document pages link the other way through `link_for`.
"""
from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..inlines import anchored_runs
from ..model import (Block, BlockQuote, Citation, Corpus, Correction, Document, Emph, Heading,
                     Inline, ListBlock, Mention, Note, NumberedSection, Paragraph, Strong, Text, Verse)
from ..registers import ROLES, Event, Person, Registers
from .markdown import escape

SNIPPET = 80  # characters of context on each side of a mention


@dataclass(frozen=True)
class MentionRecord:
    target: str
    document: str
    anchor: str
    label: str  # "¶ p12", "note 76", "para. 9"
    snippet: str  # Markdown, the mention in bold


# ---------------------------------------------------------------- collecting
def _flatten(nodes: tuple[Inline, ...], out: list[str], spans: list[tuple[int, int, str]]) -> None:
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Correction):
            out.append(node.corrected)
        elif isinstance(node, Mention):
            start = sum(len(p) for p in out)
            _flatten(node.children, out, spans)
            spans.append((start, sum(len(p) for p in out), node.target))
        elif isinstance(node, (Emph, Strong, Citation)):
            _flatten(node.children, out, spans)


def _units(block: Block | Note, anchor: str = ""):
    """(anchor, inline runs) for each anchored unit: a block, a list item, a whole note."""
    return anchored_runs(block, anchor)


def _label(anchor: str, doc: Document) -> str:
    if m := re.fullmatch(r"n(\d+)", anchor):
        return f"note {m.group(1)}"
    if anchor.startswith("n-star-"):
        return "footnote " + "*" * int(anchor.rsplit("-", 1)[1])
    if m := re.fullmatch(r"para-(\d+)(?:-([a-z]))?", anchor):
        return f"para. {m.group(1)}" + (f" {m.group(2)}" if m.group(2) else "")
    if re.fullmatch(r"p\d+", anchor):
        return f"¶ {anchor[1:]}"
    return f"§ {anchor}" if anchor else "text"  # a heading, by its slug


def _snippet(text: str, start: int, end: int) -> str:
    left = max(0, start - SNIPPET)
    right = min(len(text), end + SNIPPET)
    if left > 0:
        left = text.find(" ", left) + 1 or left
    if right < len(text):
        cut = text.rfind(" ", end, right)
        right = cut if cut > end else right
    before, words, after = text[left:start], text[start:end], text[end:right]
    clean = lambda s: escape(re.sub(r"\s+", " ", s))  # noqa: E731
    return (("…" if left > 0 else "") + clean(before) + f"**{clean(words)}**" + clean(after)
            + ("…" if right < len(text) else ""))


def collect(corpus: Corpus) -> list[MentionRecord]:
    """Every mention in the corpus, in reading order, with the anchor it is tied to."""
    records: list[MentionRecord] = []
    for doc in corpus.documents:
        for unit in (*doc.blocks, *doc.notes):
            for anchor, runs in _units(unit):
                for run in runs:
                    parts: list[str] = []
                    spans: list[tuple[int, int, str]] = []
                    _flatten(run, parts, spans)
                    text = "".join(parts)
                    for start, end, target in spans:
                        records.append(MentionRecord(target, doc.id, anchor, _label(anchor, doc),
                                                     _snippet(text, start, end)))
    return records


# ------------------------------------------------------------------- helpers
def _front(title: str) -> list[str]:
    return ["---", f'title: "{title.replace(chr(34), chr(39))}"', "---", ""]


def _dates(born: str, died: str) -> str:
    if born and died:
        return f"{born}–{died}"
    if born:
        return f"born {born}"
    return f"died {died}" if died else ""


def human_date(date: str) -> str:
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]

    def one(d: str) -> str:
        parts = d.split("-")
        if len(parts) == 3:
            return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{months[int(parts[1]) - 1]} {parts[0]}"
        return parts[0]
    return " – ".join(one(d) for d in date.split("/"))


def _doc_titles(corpus: Corpus) -> dict[str, str]:
    return {doc.id: doc.title for doc in corpus.documents}


def _mention_list(records: list[MentionRecord], corpus: Corpus, prefix: str) -> list[str]:
    """Mentions grouped by document, then by anchor (a paragraph naming someone twice is one line)."""
    lines: list[str] = []
    titles = _doc_titles(corpus)
    by_doc: dict[str, list[MentionRecord]] = defaultdict(list)
    for r in records:
        by_doc[r.document].append(r)
    for doc in corpus.documents:
        found = by_doc.get(doc.id)
        if not found:
            continue
        lines += [f"### {escape(titles[doc.id])} ({len(found)}) {{#{prefix}{doc.id}}}", ""]
        by_anchor: dict[str, list[MentionRecord]] = {}
        for r in found:
            by_anchor.setdefault(r.anchor, []).append(r)
        for anchor, group in by_anchor.items():
            times = f" ({len(group)}×)" if len(group) > 1 else ""
            link = f"../documents/{doc.id}.md#{anchor}" if anchor else f"../documents/{doc.id}.md"
            lines.append(f"- [{group[0].label}]({link}){times}: {group[0].snippet}")
        lines.append("")
    return lines


# --------------------------------------------------------------------- pages
def person_page(person: Person, mine: list[MentionRecord],
                by_place: dict[tuple[str, str], list[MentionRecord]],
                corpus: Corpus, registers: Registers) -> str:
    """`mine`: this person's mentions in reading order; `by_place`: every mention by
    (document, anchor), for the persons and events named in the same places."""
    lines = _front(person.name) + [f"# {escape(person.name)} {{#title}}", ""]
    facts = [d for d in [_dates(person.born, person.died)] if d]
    facts.append(", ".join(ROLES[r] for r in person.roles))
    lines += [" · ".join(facts), "{: .register-facts }", ""]
    if person.description:
        lines += [escape(person.description), ""]
    others = [v for v in person.variants if v != person.name]
    if others:
        lines += ["**Forms of the name in the texts:** " + ", ".join(f"“{escape(v)}”" for v in others), ""]
    lines += [f"## Mentions ({len(mine)}) {{#mentions}}", ""]
    if mine:
        lines += _mention_list(mine, corpus, "in-")
    else:
        lines += ["Not mentioned in the documents built so far.", ""]

    # Persons named in the same paragraph or note.
    alongside: Counter[str] = Counter()
    events_here: Counter[str] = Counter()
    for place in dict.fromkeys((r.document, r.anchor) for r in mine):
        for target in dict.fromkeys(r.target for r in by_place[place]):
            if target != person.target:
                (alongside if target.startswith("person/") else events_here)[target] += 1
    targets = registers.by_target()
    lines += ["## Mentioned alongside {#alongside}", ""]
    if alongside:
        lines.append("Persons named in the same paragraph or note (number of shared places):")
        lines.append("")
        for target, n in sorted(alongside.items(), key=lambda kv: (-kv[1], targets[kv[0]].sort_name)):
            other = targets[target]
            lines.append(f"- [{escape(other.name)}]({other.id}.md) ({n})")
    else:
        lines.append("Nobody else is named in the same places.")
    lines.append("")
    related = {e.target for e in registers.events if person.id in e.participants} | set(events_here)
    lines += ["## Related events {#events}", ""]
    if related:
        for event in sorted((targets[t] for t in related), key=lambda e: (e.start, e.id)):
            lines.append(f"- [{escape(event.name)}](../events/{event.id}.md) ({human_date(event.date)})")
    else:
        lines.append("None registered.")
    lines.append("")
    return "\n".join(lines)


def event_page(event: Event, mine: list[MentionRecord], corpus: Corpus, registers: Registers) -> str:
    """`mine`: this event's mentions in reading order."""
    lines = _front(event.name) + [f"# {escape(event.name)} {{#title}}", "",
                                  f"**Date:** {human_date(event.date)} (`{event.date}`)", ""]
    if event.description:
        lines += [escape(event.description), ""]
    if event.phrases:
        lines += ["**Named in the texts as:** " + ", ".join(f"“{escape(p)}”" for p in event.phrases), ""]
    lines += ["## Participants {#participants}", ""]
    if event.participants:
        for pid in sorted(event.participants, key=lambda p: registers.person(p).sort_name):
            person = registers.person(pid)
            lines.append(f"- [{escape(person.name)}](../persons/{pid}.md)")
    else:
        lines.append("None registered.")
    lines += ["", f"## Mentions ({len(mine)}) {{#mentions}}", ""]
    lines += _mention_list(mine, corpus, "in-") if mine else ["Not mentioned in the documents built so far.", ""]
    return "\n".join(lines)


def _initial(person: Person) -> str:
    first = person.sort_name[:1].upper()
    return first if first.isalpha() else "#"


def persons_index(registers: Registers, counts: Counter[str]) -> str:
    lines = _front("Persons") + [
        "# Persons {#title}", "",
        f"Everyone named in the documents: {len(registers.persons)} persons, historical actors "
        "and the authors cited in the notes. The number is how often each is mentioned; every "
        "page lists the paragraphs and notes, with a link to each. Names the scripts could not "
        "place are listed in the [register coverage report](../reports/register-coverage.md).", ""]
    persons = sorted(registers.persons, key=lambda p: (p.sort_name.lower(), p.id))
    letters = sorted({_initial(p) for p in persons})
    lines += [" · ".join(f"[{x}](#letter-{x.lower()})" for x in letters), ""]
    for letter in letters:
        lines += [f"## {letter} {{#letter-{letter.lower()}}}", ""]
        for p in persons:
            if _initial(p) == letter:
                roles = ", ".join(ROLES[r] for r in p.roles)
                lines.append(f"- [{escape(p.sort_name)}]({p.id}.md) — {counts[p.target]} "
                             f"mention{'s' if counts[p.target] != 1 else ''} · {roles}")
        lines.append("")
    return "\n".join(lines)


def events_index(registers: Registers, counts: Counter[str]) -> str:
    lines = _front("Events") + [
        "# Events {#title}", "",
        "Events the documents name, in alphabetical order; see also the "
        "[timeline](timeline.md).", ""]
    for e in sorted(registers.events, key=lambda e: e.name.lower()):
        lines.append(f"- [{escape(e.name)}]({e.id}.md) — {human_date(e.date)} · "
                     f"{counts[e.target]} mention{'s' if counts[e.target] != 1 else ''}")
    lines.append("")
    return "\n".join(lines)


def timeline(registers: Registers, records: list[MentionRecord], corpus: Corpus) -> str:
    titles = _doc_titles(corpus)
    lines = _front("Timeline") + [
        "# Timeline {#title}", "",
        "The registered events in order of date, each with the documents that discuss it "
        "(linked to the first place each document names it).", ""]
    decade = ""
    for e in sorted(registers.events, key=lambda e: (e.start, e.id)):
        d = e.start[:3] + "0s"
        if d != decade:
            if decade:
                lines.append("")
            decade = d
            lines += [f"## {decade} {{#decade-{decade[:-1]}}}", ""]
        first: dict[str, MentionRecord] = {}
        for r in records:
            if r.target == e.target:
                first.setdefault(r.document, r)
        where = "; ".join(f"[{escape(titles[doc])}](../documents/{doc}.md#{r.anchor})"
                          for doc, r in first.items())
        lines.append(f"- **{human_date(e.date)}** — [{escape(e.name)}]({e.id}.md)"
                     + (f" — in {where}" if where else ""))
    lines.append("")
    return "\n".join(lines)


def render_register_pages(corpus: Corpus, registers: Registers) -> dict[str, str]:
    """{path: text} for content/persons/ and content/events/."""
    records = collect(corpus)
    counts = Counter(r.target for r in records)
    by_target: dict[str, list[MentionRecord]] = defaultdict(list)
    by_place: dict[tuple[str, str], list[MentionRecord]] = defaultdict(list)
    for r in records:  # grouped once: a page per person must not rescan every mention
        by_target[r.target].append(r)
        by_place[(r.document, r.anchor)].append(r)
    files = {f"content/persons/{p.id}.md": person_page(p, by_target[p.target], by_place, corpus, registers)
             for p in registers.persons}
    files.update({f"content/events/{e.id}.md": event_page(e, by_target[e.target], corpus, registers)
                  for e in registers.events})
    files["content/persons/index.md"] = persons_index(registers, counts)
    files["content/events/index.md"] = events_index(registers, counts)
    files["content/events/timeline.md"] = timeline(registers, records, corpus)
    return files


def link_for(target: str) -> str | None:
    """URL of a register page as seen from a document page (documents/<id>/ on the site)."""
    kind, _, ident = target.partition("/")
    if kind == "person":
        return f"../../persons/{html.escape(ident)}/"
    if kind == "event":
        return f"../../events/{html.escape(ident)}/"
    return None
