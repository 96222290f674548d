"""A reader's clicks, in a real browser: Debian's Chromium driven by Playwright against
the built site served on 127.0.0.1.

No Playwright browser download: the suite launches /usr/bin/chromium (override with
EDITION_CHROMIUM). Every request the pages make is recorded; anything that is not the
local server fails the test (and is blocked, so a test never waits on the network).
A failing test leaves a screenshot in tests/artifacts/ (or $EDITION_ARTIFACTS).
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import qa_support

playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (see pyproject [test])")

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("EDITION_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("EDITION_ARTIFACTS", Path(__file__).parent / "artifacts"))
DOCUMENTS = qa_support.buildable_ids()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


class Reader:
    """A browser tab plus what it did: every request, every JavaScript error."""

    def __init__(self, page, base: str):
        self.page = page
        self.base = base
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")

    def rect(self, element_id: str) -> dict:
        return self.page.evaluate(
            """id => { const e = document.getElementById(id); if (!e) return null;
                       const r = e.getBoundingClientRect();
                       const h = document.querySelector('.md-header');
                       return {top: r.top, bottom: r.bottom, height: innerHeight,
                               header: h ? h.getBoundingClientRect().bottom : 0}; }""", element_id)

    def assert_in_view(self, element_id: str) -> None:
        """The element's top is on screen, below the sticky header (not hidden by it)."""
        self.page.wait_for_function(
            """id => { const e = document.getElementById(id); if (!e) return false;
                       const t = e.getBoundingClientRect().top;
                       const h = document.querySelector('.md-header');
                       const hb = h ? h.getBoundingClientRect().bottom : 0;
                       return t >= hb - 2 && t < innerHeight - 20; }""",
            arg=element_id, timeout=5000)

    def fragment(self) -> str:
        return urlsplit(self.page.url).fragment


@pytest.fixture
def reader(browser, site_url, request):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    result = Reader(context.new_page(), site_url)
    local = urlsplit(site_url).netloc

    def route(route):
        url = route.request.url
        result.requests.append(url)
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != local:
            result.blocked.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", route)
    result.page.on("pageerror", lambda exc: result.errors.append(str(exc)))
    yield result
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        result.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    context.close()
    assert not result.blocked, f"requests outside localhost: {result.blocked}"
    assert not result.errors, f"JavaScript errors: {result.errors}"


def doc_path(doc_id: str) -> str:
    return f"/documents/{doc_id}/"


def note_calls(reader: Reader) -> list[str]:
    """The footnote ids called from the page's text, in reading order."""
    return reader.page.evaluate(
        "() => [...document.querySelectorAll('sup[id^=\"fnref\"] > a.footnote-ref')]"
        ".map(a => decodeURIComponent(new URL(a.href).hash.slice(1)))")


# ------------------------------------------------------------------ notes
@pytest.mark.parametrize("doc_id", DOCUMENTS)
def test_clicking_a_note_call_lands_on_the_note(reader, doc_id):
    reader.open(doc_path(doc_id))
    calls = note_calls(reader)
    if not calls:
        pytest.skip(f"{doc_id} has no note calls")
    for target in sorted({calls[0], calls[len(calls) // 2], calls[-1]}, key=calls.index):
        reader.open(doc_path(doc_id))
        reader.page.locator(f'a.footnote-ref[href$="#{target}"]').first.click()
        reader.page.wait_for_function(f"() => location.hash === '#{target}'", timeout=5000)
        reader.assert_in_view(target)
        note = reader.page.locator(f'li[id="{target}"]')
        playwright_api.expect(note).to_be_visible()
        assert note.inner_text().strip(), f"note {target} is empty"
        # …and the note's ↩ leads back to the call in the text.
        back = note.locator("a.footnote-backref").first
        ref = urlsplit(back.get_attribute("href") or "").fragment
        back.click()
        reader.page.wait_for_function(f"() => location.hash === '#{ref}'", timeout=5000)
        reader.assert_in_view(ref)


@pytest.mark.parametrize("doc_id", DOCUMENTS)
def test_note_tooltip_shows_the_note(reader, doc_id):
    reader.open(doc_path(doc_id))
    calls = note_calls(reader)
    if not calls:
        pytest.skip(f"{doc_id} has no note calls")
    target = calls[0]
    reader.page.locator(f'a.footnote-ref[href$="#{target}"]').first.hover()
    tooltip = reader.page.locator(".md-tooltip2--active .md-tooltip2__inner")
    playwright_api.expect(tooltip).to_be_visible(timeout=5000)
    note_text = reader.page.locator(f'li[id="{target}"]').inner_text()
    shown = " ".join(tooltip.inner_text().split())
    assert shown and shown[:60] in " ".join(note_text.split())


@pytest.mark.parametrize("doc_id", DOCUMENTS)
def test_a_cited_note_url_opens_at_the_note(reader, doc_id):
    """A scholar's link …/documents/ID/#n194 (our anchor, not Python-Markdown's fn:…)."""
    reader.open(doc_path(doc_id))
    ids = reader.page.evaluate(
        "() => [...document.querySelectorAll('.footnote li span[id]')].map(s => s.id)"
        ".filter(id => /^n[\\w-]+$/.test(id))")
    if not ids:
        pytest.skip(f"{doc_id} has no notes")
    reader.open(doc_path(doc_id) + f"#{ids[-1]}")
    reader.assert_in_view(ids[-1])


# -------------------------------------------------------------- paragraphs
@pytest.mark.parametrize("doc_id", DOCUMENTS)
def test_pilcrow_link_lands_on_its_paragraph(reader, doc_id):
    reader.open(doc_path(doc_id))
    anchors = reader.page.evaluate(
        "() => [...document.querySelectorAll('a.pilcrow')].map(a => new URL(a.href).hash.slice(1))")
    assert anchors, f"{doc_id} has no paragraph links"
    target = anchors[len(anchors) // 2]
    reader.page.locator(f'a.pilcrow[href$="#{target}"]').click()
    reader.page.wait_for_function(f"() => location.hash === '#{target}'", timeout=5000)
    reader.assert_in_view(target)
    # …and the same URL opened fresh (pasted from a citation) lands there too.
    reader.open(doc_path(doc_id) + f"#{target}")
    reader.assert_in_view(target)


# ------------------------------------------------------------------ search
def test_search_finds_kazhegeldin(reader):
    if "furman-2005" not in DOCUMENTS:
        pytest.skip("Furman's chapter is not built")
    reader.open("/")
    box = reader.page.locator("input.md-search__input")
    box.click()
    # The search worker indexes the whole site first; then type as a reader does.
    playwright_api.expect(reader.page.locator(".md-search-result__meta")).to_have_text(
        "Type to start searching", timeout=60000)
    box.press_sequentially("Kazhegel'din", delay=20)
    first = reader.page.locator(".md-search-result__item a").first
    playwright_api.expect(first).to_be_visible(timeout=30000)
    marks = reader.page.locator(".md-search-result mark").all_inner_texts()
    assert any("Kazhegel'din" in m for m in marks), marks
    # Furman's chapter is among the results; a section result carries the query (?h=…)
    # and opens at its heading.
    in_furman = reader.page.locator('.md-search-result__item a[href*="/documents/furman-2005/"]')
    playwright_api.expect(in_furman.first).to_be_attached(timeout=10000)
    section = reader.page.locator('.md-search-result__item a[href*="/documents/furman-2005/"][href*="#"]')
    target = section.first if section.count() else in_furman.first
    target.scroll_into_view_if_needed()
    target.click()
    reader.page.wait_for_url(re.compile(r".*/documents/furman-2005/.*"), timeout=10000)
    if reader.fragment():
        reader.assert_in_view(reader.fragment())


def test_search_highlights_a_plain_word_on_the_page(reader):
    """search.highlight marks the query on the page a result opens."""
    if "furman-2005" not in DOCUMENTS:
        pytest.skip("Furman's chapter is not built")
    reader.open("/documents/furman-2005/?h=kazhegel#the-kazhegeldin-menace")
    playwright_api.expect(reader.page.locator("article mark").first).to_be_visible(timeout=5000)


@pytest.mark.xfail(strict=True, reason="Material 9.8 does not highlight a term with an apostrophe "
                   "(?h=kazhegel%27din marks nothing); a search separator with ' makes search worse "
                   "(Nazarbaev's no longer found). Remove this marker when the theme fixes it.")
def test_search_highlights_kazhegeldin_on_the_page(reader):
    if "furman-2005" not in DOCUMENTS:
        pytest.skip("Furman's chapter is not built")
    reader.open("/documents/furman-2005/?h=kazhegel%27din#the-kazhegeldin-menace")
    playwright_api.expect(reader.page.locator("article mark").first).to_be_visible(timeout=3000)


# --------------------------------------------------------------- dark mode
def test_dark_mode_toggle(reader):
    reader.open(doc_path(DOCUMENTS[0]))
    body = reader.page.locator("body")
    playwright_api.expect(body).to_have_attribute("data-md-color-scheme", "default")
    light = reader.page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    reader.page.locator('label[for="__palette_1"]').click()
    playwright_api.expect(body).to_have_attribute("data-md-color-scheme", "slate")
    dark = reader.page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert dark != light
    reader.page.reload()  # the choice is remembered
    playwright_api.expect(body).to_have_attribute("data-md-color-scheme", "slate")
    reader.page.locator('label[for="__palette_0"]').click()
    playwright_api.expect(body).to_have_attribute("data-md-color-scheme", "default")


# ----------------------------------------------------------------- offline
def site_pages(built_project: Path, per_section: int = 4) -> list[str]:
    """Every document page, and a few pages of every other section (persons, events,
    reports …: their pages share one template each)."""
    site = built_project / "site"
    pages = sorted("/" + str(p.relative_to(site)).removesuffix("index.html")
                   for p in site.rglob("*.html") if p.name != "404.html")
    chosen, seen = [], {}
    for path in pages:
        section = path.strip("/").split("/")[0]
        seen[section] = seen.get(section, 0) + 1
        if section == "documents" or seen[section] <= per_section:
            chosen.append(path)
    return chosen


def test_no_page_requests_anything_outside_localhost(reader, built_project):
    """Pages of every kind, loaded with their scripts, fonts and images: all local.
    (The fixture fails the test on any outside request or JavaScript error.)"""
    pages = site_pages(built_project)
    assert len(pages) >= 3
    for path in pages:
        reader.open(path)
        reader.page.wait_for_load_state("networkidle")
    assert reader.requests and all(urlsplit(u).netloc == urlsplit(reader.base).netloc
                                   for u in reader.requests if u.startswith("http"))


# ----------------------------------------------------------------- persons
def test_person_link_and_backlink_land_on_the_paragraph(reader, built_project):
    """Text → person page → back to the exact paragraph that mentions the person."""
    if not (built_project / "site" / "persons").is_dir():
        pytest.skip("the site has no persons/ pages yet (the person register is on another branch)")
    for doc_id in DOCUMENTS:
        reader.open(doc_path(doc_id))
        mentions = reader.page.locator("article a.mention")
        if mentions.count():
            break
    else:
        pytest.fail("persons/ exists but no document links a person (a.mention)")
    mentions.first.click()
    reader.page.wait_for_url(re.compile(r".*/persons/.*"), timeout=10000)
    back = reader.page.locator('article a[href*="/documents/"][href*="#"]').first
    playwright_api.expect(back).to_be_visible()
    target = urlsplit(back.get_attribute("href") or "").fragment
    back.click()
    reader.page.wait_for_url(re.compile(rf".*/documents/.*#{re.escape(target)}$"), timeout=10000)
    reader.assert_in_view(target)
    paragraph = reader.page.locator(f'[id="{target}"]')
    assert paragraph.locator("a.mention").count() or paragraph.evaluate(
        "e => !!e.closest('p, div, li')"), "the backlink does not land on a paragraph"
