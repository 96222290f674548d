"""The memo as a reader's browser gets it: rendered with the same Markdown extensions as
the site (mkdocs.yml), its reading text shows no classification banner or control code
and every redaction is a styled element, never the bare `[REDACTED]`."""
import re
from html.parser import HTMLParser

import markdown
import pytest
import yaml

from conftest import ROOT
from edition.adapters.memo_rules import BANNER_RE, CONTROL_INLINE_RE


def site_extensions():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        if isinstance(item, dict):
            (name, options), = item.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(item)
    return names, configs


class ReadingText(HTMLParser):
    """Collects the text outside the provenance box, and the redaction elements."""

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []  # inside the provenance box?
        self.text: list[str] = []
        self.redactions: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        inside = (self.stack[-1] if self.stack else False) or "provenance" in (attrs.get("class") or "")
        if tag not in ("br", "hr", "img", "input", "meta", "link"):
            self.stack.append(inside)
        if "redaction" in (attrs.get("class") or "").split():
            self.redactions.append(attrs)

    def handle_endtag(self, tag):
        if tag not in ("br", "hr", "img", "input", "meta", "link") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.text.append(data)


@pytest.fixture(scope="module")
def page():
    source = (ROOT / "content" / "documents" / "cia-1957.md").read_text(encoding="utf-8")
    body = source.split("\n---\n", 1)[1]  # without the front matter
    names, configs = site_extensions()
    html = markdown.markdown(body, extensions=names, extension_configs=configs)
    parser = ReadingText()
    parser.feed(html)
    return html, parser


def test_no_banner_or_control_code_in_the_reading_text(page):
    _, parser = page
    text = "".join(parser.text)
    assert "Khrushchev" in text and "Danish press" in text
    for line in text.splitlines():
        assert not BANNER_RE.match(line), line
    assert not re.search(r"SECRET|S-E-C-R-E-T|S E C R E T|~~", text)
    assert not CONTROL_INLINE_RE.search(text)


def test_every_redaction_is_a_styled_element(page):
    html, parser = page
    raw = (ROOT / "sources" / "cia-1957-khrushchev-purge.txt").read_text(encoding="utf-8")
    assert len(parser.redactions) == raw.count("[REDACTED]") == 2
    for attrs in parser.redactions:
        assert attrs["role"] == "img" and attrs["aria-label"] == "redacted passage"
    assert "[REDACTED]" not in "".join(parser.text)
    css = (ROOT / "content" / "stylesheets" / "edition.css").read_text(encoding="utf-8")
    assert ".redaction" in css


def test_page_markers_and_paragraph_anchors_render(page):
    html, _ = page
    assert len(re.findall(r'class="page-marker" id="page-\d+"', html)) == 14
    for n in range(1, 12):
        assert f'id="para-{n}"' in html
    assert 'id="para-11-l-6"' in html and 'id="para-9-c"' in html
    assert 'id="fn:n-star-1"' in html and 'id="n-star-2"' in html
