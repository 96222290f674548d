"""'Cite this' for a document page: Highwire `citation_*` meta tags (for Zotero and
Google Scholar; emitted by overrides/main.html from the page's front matter) and a
ready citation in Chicago (citeproc's output), BibTeX and RIS.

Pure: (Document, its source Work, citeproc's HTML, page URL) → front-matter lines and a
Markdown block. The per-paragraph and per-note citations are made in the browser by
content/javascripts/cite.js from the data attributes written here.
"""
from __future__ import annotations

import html

from ..model import Document, Work
from .bibtex import render_entry

RIS_TYPE = {"book": "BOOK", "chapter": "CHAP", "article-journal": "JOUR", "article-newspaper": "NEWS",
            "webpage": "ELEC", "report": "RPRT"}


def page_url(site_url: str, doc: Document) -> str:
    return f"{site_url.rstrip('/')}/documents/{doc.id}/"


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def highwire(work: Work, url: str) -> list[tuple[str, str]]:
    """The citation_* tags Zotero reads, from what is known (nothing invented)."""
    tags = [("citation_title", work.title)]
    tags += [("citation_author", a) for a in work.authors]
    if work.date:
        tags.append(("citation_publication_date", work.date.replace("-", "/")))
    if work.kind == "chapter":
        tags += [("citation_inbook_title", work.container), ("citation_book_title", work.container)]
        tags += [("citation_editor", e) for e in work.editors]
    # (a web page gets no citation_journal_title: Zotero would take it for a journal article)
    elif work.kind == "report":
        tags.append(("citation_technical_report_institution", work.authors[0] if work.authors else ""))
        if work.archive_id:
            tags.append(("citation_technical_report_number", work.archive_id.split(" ")[0]))
    if work.publisher:
        tags.append(("citation_publisher", work.publisher))
    if work.isbn:
        tags.append(("citation_isbn", work.isbn))
    if work.langid:
        tags.append(("citation_language", {"english": "en", "russian": "ru"}.get(work.langid, work.langid)))
    tags.append(("citation_public_url", url))
    tags.append(("citation_abstract_html_url", url))
    return [(k, v) for k, v in tags if v]


def front_matter(work: Work, url: str) -> list[str]:
    """Lines for the page's YAML front matter (read by overrides/main.html)."""
    lines = ["citation_meta:"]
    for name, content in highwire(work, url):
        lines += [f"  - name: {name}", f"    content: {_yaml(content)}"]
    return lines


def ris(work: Work, url: str, site_name: str) -> str:
    lines = [f"TY  - {RIS_TYPE.get(work.kind, 'GEN')}"]
    lines += [f"AU  - {_ris_name(a)}" for a in work.authors]
    lines += [f"ED  - {_ris_name(e)}" for e in work.editors]
    lines.append(f"TI  - {work.title}")
    if work.container:
        lines.append(f"T2  - {work.container}")
    if work.series:
        lines.append(f"T3  - {work.series}")
    if work.date:
        lines.append(f"PY  - {work.date[:4]}")
        lines.append(f"DA  - {work.date.replace('-', '/')}")
    for tag, value in (("CY", work.place), ("PB", work.publisher), ("SN", work.isbn),
                       ("LA", work.langid), ("UR", work.url)):
        if value:
            lines.append(f"{tag}  - {value}")
    if work.archive:
        lines.append(f"AN  - {work.archive_id}")
        lines.append(f"DP  - {work.archive}")
    lines.append(f"N1  - Digital edition: {site_name}, {url}")
    lines.append("ER  - ")
    return "\n".join(lines)


def _ris_name(name: str) -> str:
    parts = name.split()
    return name if len(parts) == 1 else f"{parts[-1]}, {' '.join(parts[:-1])}"


def chicago_with_edition(chicago_html: str, url: str, site_name: str) -> str:
    """The source's Chicago entry, then where it is read: this edition and its stable URL."""
    return (f"{chicago_html.rstrip()} Digital edition: <em>{html.escape(site_name)}</em>, "
            f'<a href="{html.escape(url)}">{html.escape(url)}</a>.')


def block(doc: Document, work: Work, chicago_html: str, url: str, site_name: str) -> str:
    """A collapsed 'Cite this document' box (Material styles <details>) with copy buttons."""
    chicago = chicago_with_edition(chicago_html, url, site_name)
    short = f"{', '.join(work.authors) + ', ' if work.authors else ''}“{work.title}”"
    bibtex = render_entry(work)
    ris_text = ris(work, url, site_name)

    def pre(kind: str, text: str) -> str:
        return (f'<pre class="cite-text" data-format="{kind}"><code>{html.escape(text)}</code></pre>')

    return "\n".join([
        f'<details class="quote cite-this" id="cite-this" data-cite-short="{html.escape(short, quote=True)}"'
        f' data-cite-url="{html.escape(url, quote=True)}">',
        "<summary>Cite this document</summary>",
        '<p class="cite-hint">Cite a paragraph or a note with the <span class="cite-sample">cite</span> '
        "button beside it: the citation names its place (¶ 12, n. 194) and its stable link.</p>",
        "<p><strong>Chicago</strong></p>",
        f'<p class="cite-text" data-format="chicago">{chicago}</p>',
        "<p><strong>BibTeX</strong></p>",
        pre("bibtex", bibtex),
        "<p><strong>RIS</strong></p>",
        pre("ris", ris_text),
        "</details>",
    ])
