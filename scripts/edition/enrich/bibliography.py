"""Corpus enricher: every citation in every note resolved to one shared Work.

Pure (Corpus, Corrections) -> Corpus. Two passes, as a reader of the notes would go:
1. full references (book, chapter, article, newspaper piece, web page) become Works;
   the same work cited twice, even with OCR slips, is one Work (works.py);
2. everything is then resolved in reading order: short forms by author and title,
   "Ibid." and "Idem" by the previous citation, an untitled newspaper issue by the
   article of that issue cited elsewhere (if exactly one), and each citation's words
   are wrapped in a Citation inline carrying the Work's key and the pinpoint.
A citation that cannot be resolved is flagged in the document's report with its note.

Keys (documented in docs/bibliography.md): `{who}{year}{what}`, all lower-case ASCII —
who = first author's surname, else the periodical's name, else the title's first word;
year = four digits or `nd`; what = the title's first significant word, or for an
untitled newspaper issue its month and day (`kazakhstanskaiapravda19910821`). A clash
adds the title's next word, then a letter. The edition's own sources keep their catalog id.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace

from ..model import (BlockQuote, Citation, Corpus, Document, ListBlock, Note, NumberedSection,
                     Paragraph, ReportEntry, Work)
from . import works as W
from .citations import RawCitation, find_citations, flatten, unflatten

FULL_FORMS = ("book", "chapter", "journal", "journal-volume", "newspaper", "newspaper-no", "web", "plain-article",
              "plain-byline")
ISSUE_FORMS = ("issue", "plain-issue", "plain-dated")
# Forms whose container is known to be a periodical (for dated mentions in plain text).
_PERIODICAL_FORMS = frozenset({"issue", "newspaper", "newspaper-no"})
KIND_OF_FORM = {"book": "book", "chapter": "chapter", "journal": "article-journal",
                "journal-volume": "article-journal",
                "newspaper": "article-newspaper", "newspaper-no": "article-newspaper",
                "web": "webpage", "issue": "article-newspaper", "plain-article": "article-newspaper",
                "plain-byline": "article-newspaper"}
WORK_FIELDS = tuple(f.name for f in fields(Work))
FORM_NAMES = {"book": "book", "chapter": "chapter in a book", "journal": "journal article",
              "journal-volume": "journal article", "newspaper": "newspaper article",
              "newspaper-no": "newspaper article", "web": "web page", "issue": "newspaper issue",
              "short-emph": "short form", "short-quote": "short form", "ibid": "Ibid.", "idem": "Idem",
              "author-only": "author and page", "plain-article": "newspaper article",
              "plain-byline": "article by its author and date", "plain-issue": "newspaper issue",
              "plain-dated": "dated mention of a periodical"}


@dataclass(frozen=True)
class Corrections:
    """Curated data (sources/bibliography-corrections.yml), already validated."""
    periodicals: tuple[tuple[str, str], ...] = ()        # as misspelt → as the edition spells it
    names: tuple[tuple[str, str], ...] = ()              # surnames as misspelt → as spelt
    entries: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()  # key → fields to set
    path: str = "sources/bibliography-corrections.yml"

    def periodical(self, name: str) -> str:
        for wrong, right in self.periodicals:
            if W.fold(wrong) == W.fold(name):
                return right
        return name

    def name(self, name: str) -> str:
        for wrong, right in self.names:
            if name == wrong or name.endswith(" " + wrong):
                return name[: len(name) - len(wrong)] + right
        return name

    def for_key(self, key: str) -> dict[str, str]:
        return next((dict(values) for k, values in self.entries if k == key), {})


@dataclass
class _Draft:
    """A Work while it is being assembled (fields filled as more citations are seen)."""
    kind: str
    values: dict[str, str] = field(default_factory=dict)
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    order: int = 0          # first appearance in the corpus
    key: str = ""
    short_only: bool = False

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def fill(self, name: str, value: str) -> None:
        if value and not self.values.get(name):
            self.values[name] = value


@dataclass
class _Site:
    """Where a citation stands and the raw reading. `path` locates the inline run:
    ("note", note index, block index) or ("body", block index, …) through nested blocks."""
    doc: int
    path: tuple
    raw: RawCitation
    anchor: str = ""     # the nearest anchor: the note's (n19) or the block's (p12, para-9-c)
    label: str = ""      # how a reader names the place: "n. 19", "¶ 12", "para. 9.c"
    line: int = 0
    keys: list[str] = field(default_factory=list)  # one per span


def place_label(anchor: str, note_label: str = "") -> str:
    """The locator a reader cites: n. 19, ¶ 12, para. 9, para. 9.c (ids.py grammar)."""
    if note_label:
        return f"n. {note_label}"
    if m := re.fullmatch(r"p(\d+)", anchor):
        return f"¶ {m.group(1)}"
    if m := re.fullmatch(r"para-(\d+)(?:-(\w+))?", anchor):
        return f"para. {m.group(1)}" + (f".{m.group(2)}" if m.group(2) else "")
    return f"§ {anchor}"


def runs(doc: Document):
    """(path, inlines, anchor, label, line) of every paragraph run, notes and running text."""
    def walk(blocks, prefix, anchor, line):
        for i, block in enumerate(blocks):
            path = prefix + (i,)
            here = block.anchor or anchor
            first = block.provenance.first_line if getattr(block, "provenance", None) else line
            if isinstance(block, Paragraph):
                yield path, block.inlines, here, place_label(here), first
            elif isinstance(block, (NumberedSection, BlockQuote)):
                yield from walk(block.blocks, path, here, first)
            elif isinstance(block, ListBlock):
                for j, item in enumerate(block.items):
                    yield from walk(item.blocks, path + (j,), item.anchor or here, first)

    yield from walk(doc.blocks, ("body",), "", 0)
    for ni, note in enumerate(doc.notes):
        line = note.provenance.first_line if note.provenance else 0
        for bi, block in enumerate(note.blocks):
            if isinstance(block, Paragraph):
                yield ("note", ni, bi), block.inlines, note.anchor, place_label("", note.label), line


def replace_runs(doc: Document, new: dict[tuple, tuple]) -> Document:
    """The document with the inline runs at the given paths replaced."""
    def walk(blocks, prefix):
        out = []
        for i, block in enumerate(blocks):
            path = prefix + (i,)
            if isinstance(block, Paragraph) and path in new:
                block = replace(block, inlines=new[path])
            elif isinstance(block, (NumberedSection, BlockQuote)):
                block = replace(block, blocks=walk(block.blocks, path))
            elif isinstance(block, ListBlock):
                block = replace(block, items=tuple(replace(item, blocks=walk(item.blocks, path + (j,)))
                                                   for j, item in enumerate(block.items)))
            out.append(block)
        return tuple(out)

    notes = []
    for ni, note in enumerate(doc.notes):
        blocks = tuple(replace(b, inlines=new[("note", ni, bi)]) if ("note", ni, bi) in new else b
                       for bi, b in enumerate(note.blocks))
        notes.append(replace(note, blocks=blocks))
    return replace(doc, blocks=walk(doc.blocks, ("body",)), notes=tuple(notes))


class _Resolver:
    def __init__(self, corpus: Corpus, corrections: Corrections):
        self.corpus = corpus
        self.corr = corrections
        self.drafts: list[_Draft] = []
        self.flags: dict[int, list[ReportEntry]] = {}

    # ------------------------------------------------------------- drafting
    def draft_from(self, raw: RawCitation, authors: tuple[str, ...], date: str = "") -> _Draft:
        kind = KIND_OF_FORM.get(raw.form, "book")
        authors = tuple(self.corr.name(a) for a in authors)
        d = _Draft(kind=kind, authors=authors, editors=raw.editors)
        if raw.edited:
            d.authors, d.editors = (), authors
        container = self.corr.periodical(raw.container) if kind.startswith("article") else raw.container
        d.fill("title", re.sub(r",(['’])$", r"\1", raw.title))  # Chicago's comma is not the title's
        d.fill("container", container)
        d.fill("date", date or (raw.dates[0] if raw.dates else raw.year))
        d.fill("number", raw.number)
        d.fill("volume", raw.volume)
        d.fill("place", raw.place)
        d.fill("publisher", raw.publisher)
        d.fill("url", ("http://" + raw.url) if raw.url.startswith("www.") else raw.url)
        if kind == "article-newspaper":
            d.fill("pages", _pages(raw.locator))
        if raw.container_place:
            d.fill("note", raw.container_place)
        if re.search(r"interv|beseda", raw.title, re.I) or re.search(r"interview", raw.context, re.I):
            d.fill("genre", "interview")
        d.fill("langid", W.langid(raw.title) or _periodical_language(d))
        if kind == "chapter" and not d.get("date"):
            self.complete_collection(d)
        return d

    def complete_collection(self, d: _Draft) -> None:
        """"in *Book*, ed. Rumer, p. 168": the book's facts from its fuller citation."""
        for other in self.drafts:
            if other.kind == "chapter" and W.same_title(other.get("container"), d.get("container")):
                for name in ("date", "place", "publisher"):
                    d.fill(name, other.get(name))
                if other.editors and (not d.editors or W.same_person(d.editors[0], other.editors[0])):
                    d.editors = other.editors
                return

    def matches(self, d: _Draft, new: _Draft) -> bool:
        if d.kind != new.kind or d.short_only:
            return False
        if d.get("container") or new.get("container"):
            if not W.same_container(d.get("container"), new.get("container")):
                return False
        if d.get("date") and new.get("date") and d.get("date")[:len(new.get("date"))] != new.get("date") \
                and new.get("date")[:len(d.get("date"))] != d.get("date"):
            return False
        if not W.same_authors(d.authors, new.authors):
            return False
        if not d.get("title") or not new.get("title"):
            return not d.get("title") and not new.get("title")  # untitled issues: container + date
        same_issue = bool(d.get("date")) and d.get("date") == new.get("date")
        return W.same_title(d.get("title"), new.get("title"), 0.55 if same_issue else 0.8)

    def add(self, new: _Draft) -> _Draft:
        for d in self.drafts:
            if self.matches(d, new):
                for name, value in new.values.items():
                    d.fill(name, value)
                if not d.authors and new.authors:
                    d.authors = new.authors
                return d
        new.order = len(self.drafts)
        self.drafts.append(new)
        return new

    # ------------------------------------------------------------ resolving
    def issue(self, container: str, date: str, locator: str, context: str) -> _Draft:
        """An untitled newspaper issue: the one article of that issue we know, else the issue."""
        container = self.corr.periodical(container)
        articles = [d for d in self.drafts if d.kind == "article-newspaper" and d.get("title")
                    and W.same_container(d.get("container"), container) and d.get("date") == date
                    and W.pages_overlap(d.get("pages"), locator)]
        if len(articles) == 1:
            return articles[0]
        d = _Draft(kind="article-newspaper")
        d.fill("container", container)
        d.fill("date", date)
        d.fill("pages", _pages(locator))
        d.fill("langid", _periodical_language(d))
        if re.search(r"interview", context, re.I):
            d.fill("genre", "interview")
        return self.add(d)

    def short(self, raw: RawCitation, history: list[_Draft]) -> _Draft | None:
        """A short form: the most recently cited work with that author and title start."""
        def fits(d: _Draft) -> bool:
            if raw.authors and not (d.authors and W.same_person(raw.authors[0], d.authors[0])):
                return False
            return bool(d.get("title")) and W.title_starts(raw.title, d.get("title"))

        recent = [d for d in reversed(history) if fits(d)]
        if recent:
            return recent[0]
        anywhere = [d for d in self.drafts if fits(d)]
        return anywhere[0] if anywhere else None

    def flag(self, site: _Site, what: str, detail: str) -> None:
        doc = self.corpus.documents[site.doc]
        where = site.label.replace("n. ", "note ") if site.label.startswith("n. ") else site.label
        self.flags.setdefault(site.doc, []).append(
            ReportEntry("flagged", f"citation in {where}: {what}", site.line, detail[:120],
                        f"sources/{doc.entry.file}:{site.line}"))

    def run(self) -> list[_Site]:
        sites: list[_Site] = []
        texts: dict[tuple, tuple[str, tuple]] = {}
        # Every run flattened once, for both passes (periodicals, then citations).
        flat = [[(path, anchor, label, line, flatten(inlines)) for path, inlines, anchor, label, line in runs(doc)]
                for doc in self.corpus.documents]
        periodicals = self.known_periodicals(flat)
        for di, doc in enumerate(self.corpus.documents):
            year = doc.entry.date[:4] if re.match(r"\d{4}", doc.entry.date) else ""
            for path, anchor, label, line, (text, held) in flat[di]:
                texts[(di, path)] = (text, held)
                found = find_citations(text, body=path[0] == "body", document_year=year,
                                       periodicals=periodicals)
                sites.extend(_Site(di, path, raw, anchor, label, line) for raw in found)
        # pass 1: full references, with "idem" standing for the previous author
        previous_authors: tuple[str, ...] = ()
        full: dict[int, _Draft] = {}
        for i, site in enumerate(sites):
            raw = site.raw
            authors = previous_authors if raw.idem else raw.authors
            if raw.form in FULL_FORMS:
                full[i] = self.add(self.draft_from(raw, authors))
            if authors:
                previous_authors = authors
        # pass 2: everything, in reading order
        history: list[_Draft] = []
        current_doc = -1
        for i, site in enumerate(sites):
            raw = site.raw
            if site.doc != current_doc:
                current_doc, history = site.doc, []
            last = history[-1] if history else None
            found: list[_Draft] = []
            if i in full:
                found = [full[i]]
            elif raw.form in ISSUE_FORMS:
                found = [self.issue(raw.container, d, raw.locator if n == len(raw.dates) - 1 else "",
                                    raw.context) for n, d in enumerate(raw.dates)]
            elif raw.form in ("ibid", "idem"):
                if last is None:
                    self.flag(site, f"'{_snippet(texts, site)}' has no preceding citation", _snippet(texts, site))
                elif raw.dates and last.kind == "article-newspaper":
                    found = [self.issue(last.get("container"), raw.dates[0], raw.locator, raw.context)]
                else:
                    found = [last]
            elif raw.form == "author-only":
                mine = [d for d in reversed(history) if d.authors and W.same_person(raw.authors[0], d.authors[0])]
                if mine:
                    found = [mine[0]]
                else:
                    self.flag(site, "author cited by page without a work", _snippet(texts, site))
            elif raw.form in ("short-emph", "short-quote"):
                match = self.short(raw, history)
                if match is not None:
                    found = [match]
                elif raw.form == "short-emph" and not raw.locator and not _is_person(raw.authors):
                    pass  # "Kazakhstan, *Kazakhstanskaia pravda*": a list, not a reference
                elif raw.form == "short-emph":
                    # Author and title only: a work named without publication details.
                    d = self.draft_from(raw, raw.authors)
                    d.short_only = True
                    found = [self.add_short(d)]
                    if raw.locator and not self.corr.for_key(self.key_hint(d)):
                        self.flag(site, "cited only in short form; no full reference in the source "
                                  "(complete it in the bibliography corrections)", _snippet(texts, site))
                else:
                    self.flag(site, "short title matches no work", _snippet(texts, site))
            site.keys = [f"#{id(d)}" for d in found]
            history.extend(found)
        self.assign_keys()
        by_id = {f"#{id(d)}": d.key for d in self.drafts}
        for site in sites:
            site.keys = [by_id[k] for k in site.keys]
        self.texts = texts
        return sites

    def known_periodicals(self, flat: list[list[tuple]]) -> tuple[str, ...]:
        """Names the corpus marks as periodicals (emphasised, with a date) anywhere, and the
        curated spellings: so a plain-text 'On 21 July Pravda …' can be read as a citation.
        `flat`: per document, its runs as run() flattens them."""
        names = {right for _, right in self.corr.periodicals}
        for mine in flat:
            for *_, (text, _) in mine:
                names.update(c.container for c in find_citations(text, forms=_PERIODICAL_FORMS)
                             if c.container)
        return tuple(sorted(names))

    def add_short(self, d: _Draft) -> _Draft:
        for other in self.drafts:
            if other.short_only and W.same_authors(other.authors, d.authors) \
                    and W.same_title(other.get("title"), d.get("title")):
                return other
        d.order = len(self.drafts)
        self.drafts.append(d)
        return d

    def key_hint(self, d: _Draft) -> str:
        return _base_key(d, 0)

    # ----------------------------------------------------------------- keys
    def assign_keys(self) -> None:
        groups: dict[str, list[_Draft]] = {}
        for d in self.drafts:
            groups.setdefault(_base_key(d, 0), []).append(d)
        for base, members in groups.items():
            if len(members) == 1:
                members[0].key = base
                continue
            members.sort(key=lambda d: (d.get("date"), W.fold(d.get("title")), W.fold(d.get("container"))))
            for skip in range(1, 4):
                keys = [_base_key(d, skip) for d in members]
                if len(set(keys)) == len(keys):
                    break
            for n, (d, k) in enumerate(zip(members, keys)):
                d.key = k if len(set(keys)) == len(keys) else f"{base}{chr(ord('a') + n)}"


def _periodical_language(d: _Draft) -> str:
    """A periodical's name is capitalised, so every word of it counts ('Kazakhstanskaia')."""
    return W.langid(d.get("container").lower()) if d.kind.startswith("article") else ""


def _is_person(authors: tuple[str, ...]) -> bool:
    """A name with initials or a first name ("F. Hayek"), not a lone capitalised word."""
    return bool(authors) and len(authors[0].split()) > 1


def _pages(locator: str) -> str:
    """A locator's pages for the entry; OCR-damaged ones ("3[^]1") are left out."""
    pages = re.sub(r"^pp?\.\s*", "", locator).strip()
    return pages if re.fullmatch(r"[\dIVXLivxl]+(?:\s*[-–,]\s*\d+)*", pages) else ""


def _snippet(texts, site: _Site) -> str:
    text, _ = texts[(site.doc, site.path)]
    return text[site.raw.start:site.raw.end].replace("\x01", "*").replace("\x02", "*")


def _base_key(d: _Draft, extra_words: int) -> str:
    title = d.get("title")
    if d.authors:
        who = W.surname(d.authors[0])
    elif d.get("container"):
        who = "".join(W.words(d.get("container"))[:2])
    else:
        who = W.significant_word(title)
    year = d.get("date")[:4] if re.match(r"\d{4}", d.get("date")) else "nd"
    if title:
        skip = 1 if not d.authors and not d.get("container") else 0
        what = "".join(W.significant_word(title, skip + n) for n in range(extra_words + 1))
    else:
        what = d.get("date")[5:].replace("-", "")
    return re.sub(r"[^a-z0-9]", "", f"{who}{year}{what}")


# ---------------------------------------------------------------- the enricher
def work_of(d: _Draft, corrections: Corrections) -> Work:
    values = dict(d.values)
    values.update(corrections.for_key(d.key))
    authors = tuple(a for a in values.pop("authors", "").split(" and ") if a) or d.authors
    editors = tuple(a for a in values.pop("editors", "").split(" and ") if a) or d.editors
    known = {k: v for k, v in values.items() if k in WORK_FIELDS}
    return Work(key=d.key, kind=values.get("kind", d.kind), authors=authors, editors=editors,
                **{k: v for k, v in known.items() if k not in ("key", "kind", "authors", "editors")})


def link_citations(corpus: Corpus, corrections: Corrections = Corrections(),
                   own: tuple[Work, ...] = ()) -> Corpus:
    """Wraps every citation in its Citation inline; puts every Work on the corpus."""
    resolver = _Resolver(corpus, corrections)
    sites = resolver.run()
    by_run: dict[tuple, list[_Site]] = {}
    for site in sites:
        if site.keys:
            by_run.setdefault((site.doc, site.path), []).append(site)
    documents = []
    for di, doc in enumerate(corpus.documents):
        new = {}
        for (d, path), mine in by_run.items():
            if d == di:
                text, held = resolver.texts[(di, path)]
                new[path] = _wrap(text, held, mine)
        doc = replace_runs(doc, new)
        report = doc.report + _linked_entries([s for s in sites if s.doc == di and s.keys])
        documents.append(replace(doc, report=report + tuple(resolver.flags.get(di, ()))))
    cited = {k for s in sites for k in s.keys}
    works = [work_of(d, corrections) for d in resolver.drafts if d.key in cited]
    works.extend(own)
    return replace(corpus, documents=tuple(documents), works=tuple(sorted(works, key=lambda w: w.key)))


def _linked_entries(sites: list[_Site]) -> tuple[ReportEntry, ...]:
    """One report line per citing note or paragraph: what each citation was resolved to,
    and how (full reference, short form, ibid. …), so an editor can check the links."""
    by_place: dict[str, list[_Site]] = {}
    for site in sites:
        by_place.setdefault(site.label, []).append(site)
    entries = []
    for label, mine in by_place.items():
        links = "; ".join(f"{key}{', ' + s.raw.locator if s.raw.locator else ''}"
                          for s in mine for key in s.keys)
        forms = ", ".join(dict.fromkeys(FORM_NAMES.get(s.raw.form, s.raw.form) for s in mine))
        where = label.replace("n. ", "note ") if label.startswith("n. ") else label
        entries.append(ReportEntry("recognised", f"citations in {where} linked", mine[0].line, links,
                                   f"read as: {forms}"))
    return tuple(entries)


def _wrap(text: str, held: tuple, sites: list[_Site]):
    out = []
    pos = 0
    spans = []
    for site in sites:
        for (start, end), key in zip(site.raw.spans, site.keys):
            locator = site.raw.locator if end == site.raw.spans[-1][1] else ""
            spans.append((start, end, key, locator))
    for start, end, key, locator in sorted(spans):
        if start < pos:
            continue
        out.extend(unflatten(text[pos:start], held, pos))
        out.append(Citation(key, locator, unflatten(text[start:end], held, start)))
        pos = end
    out.extend(unflatten(text[pos:], held, pos))
    return tuple(out)


def citations_in(note: Note) -> list[Citation]:
    """Every Citation inline of a note, in reading order."""
    return [c for block in note.blocks if isinstance(block, Paragraph)
            for c in citations_in_inlines(block.inlines)]


@dataclass(frozen=True)
class Place:
    """A place that cites a work: a note or a paragraph of a document."""
    document: Document
    anchor: str      # n19, p12, para-9-c
    label: str       # n. 19, ¶ 12, para. 9.c


def citations_in_inlines(inlines) -> list[Citation]:
    found: list[Citation] = []
    for node in inlines:
        if isinstance(node, Citation):
            found.append(node)
        elif hasattr(node, "children"):
            found.extend(citations_in_inlines(node.children))
    return found


def cited_in(corpus: Corpus) -> dict[str, list[Place]]:
    """key → every place citing it (running text first, then notes), each place once."""
    result: dict[str, list[Place]] = {}
    for doc in corpus.documents:
        seen: set[tuple[str, str]] = set()
        for _, inlines, anchor, label, _ in runs(doc):
            for c in citations_in_inlines(inlines):
                if (c.key, anchor) not in seen and anchor:
                    seen.add((c.key, anchor))
                    result.setdefault(c.key, []).append(Place(doc, anchor, label))
    return result


__all__ = ["Corrections", "Place", "link_citations", "citations_in", "cited_in", "runs"]
