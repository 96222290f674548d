"""The web-article adapter: each rule with the real cases of the three articles, then the
whole articles, then an invented blog post of the same kind."""
import pytest

from conftest import ROOT
from edition import build
from edition.adapters import web_article as web
from edition.config import Config
from edition.inlines import block_text, plain_text
from edition.model import BlockQuote, CatalogEntry, Heading, ListBlock, Paragraph

LONG = ("Word " * 45).strip() + "."


def entry(title="A Post") -> CatalogEntry:
    return CatalogEntry(id="post", file="post.txt", sha256="0" * 64, kind="web-article",
                        title=title, authors=(), date="unknown")


# -------------------------------------------------------------- furniture (data)
@pytest.mark.parametrize("block,in_form,reason", [
    ("Type to search", False, "site search box"),
    ("Leave a Comment", False, "comment form (heading)"),
    ("Leave a Reply", False, "comment form (heading)"),
    ("Add comment", False, "comment form (heading)"),
    ("Your email address will not be published. Required fields are marked *", False, "comment form (notice)"),
    ("Your e-mail will not be published. Required fields are marked with *", False, "comment form (notice)"),
    ("Connecting to %s", False, "WordPress comment widget (unfilled template)"),
    ("Fill in your details below or click an icon to log in:", True, "WordPress comment form (log-in prompt)"),
    ("You are commenting using your WordPress.com account. Log Out / Change )", True,
     'WordPress comment form (account line, "Log Out / Change")'),
    ("WordPress.com Logo", True, "comment form (log-in service icon, alternative text)"),
    ("Google photo", True, "comment form (log-in service icon, alternative text)"),
    ("Twitter picture", True, "comment form (log-in service icon, alternative text)"),
])
def test_furniture_patterns(block, in_form, reason):
    found = web.match_furniture(web.normalise(block), in_form)
    assert found is not None and found[0].reason == reason


@pytest.mark.parametrize("block", [
    "Google photo",  # an icon's alt text is furniture only inside a comment form
    "The Spanish Revolution: Fate handed Russia one more chance to break out of isolation.",
    "Leave a Comment about this article below, and tell us what you think of it.",
])
def test_text_is_not_furniture_outside_the_form(block):
    assert web.match_furniture(block, False) is None


def test_post_footer_becomes_metadata():
    item, match = web.match_furniture(
        "This entry was posted in Russian History and tagged . Bookmark the permalink.", False)
    assert item.metadata == ("category", "tags")
    assert match.group("category") == "Russian History" and not match.group("tags")
    _, match = web.match_furniture(
        "This entry was posted in Politics and tagged Beria, Stalin. Bookmark the permalink.", False)
    assert (match.group("category"), match.group("tags")) == ("Politics", "Beria, Stalin")


# -------------------------------------------------------------- headings and captions
@pytest.mark.parametrize("text,expected", [
    ("The Military-Industrial Complex. The Soviet Model", True),
    ("The State Defense Committee — The State Committee of the State Emergency (GKChP)", True),
    ("Malenkov’s «Nomenklatura»", True),
    ("The Kazakhstan Story", True),
    ("The USSR and the buffer states vs Western Allies", False),      # sentence case: caption
    ("The Spanish Revolution: Fate handed Russia one more chance to break out of isolation.", False),
    ("Michel Pablo: “Can’t we all just get along?”", False),
    ("Dear Readers:", False),
    ("[to be continued]", False),
])
def test_heading_rule(text, expected):
    assert web.looks_like_heading(text) is expected


@pytest.mark.parametrize("text,expected", [
    ("1945-1952. From left to right: Anastas Mikoyan, Nikita Khrushchev, Josef Stalin", True),
    ("Essentially, it was a coup d’etat that concentrated the extraordinary powers in the hands "
     "of Lavrentiy Beria (on the right) and Georgy Malenkov (on the left).", True),
    ("came from that same old Baumanka (Galymzhan Zhakiyanov — in the center) and", True),
    ("Supposedly, the first blow to Zhdanov’s (on the photo below) reputation was struck", False),
    ("It was this address that introduced the term «military-industrial complex».", False),
])
def test_picture_cues(text, expected):
    assert web.has_picture_cue(text) is expected


@pytest.mark.parametrize("text,before,after,expected", [
    ("Even as an Old Bolshevik, Stalin didn’t believe in socialist revolution for Russia.", LONG, LONG, True),
    ("The Cuban Revolution: Powerful forces afoot in the world…", LONG, LONG, True),
    ("Michel Pablo: “Can’t we all just get along?”", LONG, LONG, True),    # "we" is quoted
    ("We are continuing the series of these publications in the present article.", LONG, LONG, False),
    ("Dear Readers:", LONG, LONG, False),
    ("[to be continued]", LONG, LONG, False),
    ("Even as an Old Bolshevik, Stalin didn’t believe in socialist revolution for Russia.", LONG, None, False),
    ("Even as an Old Bolshevik, Stalin didn’t believe in socialist revolution for Russia.", LONG, "Short.", False),
])
def test_interstitial_caption_rule(text, before, after, expected):
    assert web.is_interstitial_caption(text, before, after) is expected


def test_display_quotation_is_split_from_its_lead_in():
    text = ("in his farewell Address to the Nation of January 17, 1961, he warned — «In the councils of "
            "government, we must guard against the acquisition of unwarranted influence, whether sought "
            "or unsought, by the militaryindustrial complex. The potential for the disastrous rise of "
            "misplaced power exists and will persist».")
    lead, quote = web.split_display_quote(text)
    assert lead.endswith("he warned —")
    assert quote.startswith("In the councils") and quote.endswith("will persist.")
    assert web.split_display_quote("as Wagner’s Wotan might say: “Something appeared in the world.”") is None


# -------------------------------------------------------------- the three articles
@pytest.fixture(scope="module")
def docs():
    ids = {"kzexpert-technocrats", "globalmedialiteracy-2022", "yalensis-2019"}
    return {d.id: d for d in build.load_corpus(Config(ROOT), ids).documents}


def kinds(doc):
    out = []
    for b in doc.blocks:
        if isinstance(b, Heading):
            out.append(("heading", plain_text(b.inlines)))
        elif isinstance(b, Paragraph) and b.role == "caption":
            out.append(("caption", plain_text(b.inlines)))
    return out


def test_kzexpert_headings_captions_and_quotation(docs):
    doc = docs["kzexpert-technocrats"]
    found = kinds(doc)
    assert [t for k, t in found if k == "heading"] == [
        "The Military-Industrial Complex. The Soviet Model",
        "The State Defense Committee — The State Committee of the State Emergency (GKChP)",
        "Malenkov’s «Nomenklatura»", "The Failure of the Technocrats", "The Kazakhstan Story"]
    captions = [t for k, t in found if k == "caption"]
    assert len(captions) == 2 and captions[0].startswith("1945-1952. From left to right")
    assert "(on the right)" in captions[1]
    quotes = [b for b in doc.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 1 and block_text(quotes[0]).startswith("In the councils of government")
    text = "\n".join(block_text(b) for b in doc.blocks)
    assert "Add comment" not in text and "will not be published" not in text and "\u00a0" not in text


def test_beria_captions_category_and_comment_form(docs):
    doc = docs["yalensis-2019"]
    assert [k for k, _ in kinds(doc)] == ["caption"] * 5
    assert ("category", "Russian History") in doc.metadata
    text = "\n".join(block_text(b) for b in doc.blocks)
    for furniture in ("Leave a Reply", "Log Out", "Connecting to", "WordPress.com Logo", "Google photo",
                      "Bookmark the permalink", "Fill in your details"):
        assert furniture not in text
    assert plain_text(doc.blocks[-1].inlines) == "[to be continued]"
    assert plain_text(doc.blocks[0].inlines) == "Dear Readers:"


def test_globalmedialiteracy_title_after_search_box(docs):
    doc = docs["globalmedialiteracy-2022"]
    assert kinds(doc) == []
    assert not any(e.action == "flagged" for e in doc.report)
    assert [e.text for e in doc.report if e.action == "removed"] == [
        "Type to search", "Leave a Comment",
        "Your email address will not be published. Required fields are marked *"]
    assert len(doc.blocks) == 8


# -------------------------------------------------------------- another blog post
POST = f"""Search

On Grain and Power

{LONG}

Pictured: the elevator at Kostanay in 1962

{LONG}

How the Plan Failed

{LONG}

This entry was posted in Economy and tagged grain, plan. Bookmark the permalink.

Leave a Reply

Facebook photo

Connecting to %s
"""


def test_another_post_goes_through_without_new_code():
    doc = web.read(entry("On Grain and Power"), POST, "post.txt")
    assert kinds(doc) == [("caption", "Pictured: the elevator at Kostanay in 1962"),
                          ("heading", "How the Plan Failed")]
    assert ("category", "Economy") in doc.metadata and ("tags", "grain, plan") in doc.metadata
    # "Search" alone is no known pattern, but it stands before the catalog's title
    assert ("text before the article's title (site furniture)", "Search") in [
        (e.reason, e.text) for e in doc.report if e.action == "removed"]
    assert not any(e.action == "flagged" for e in doc.report)


def test_title_that_differs_from_the_catalog_is_flagged():
    doc = web.read(entry("Something Else"), f"On Grain and Power\n\n{LONG}\n", "post.txt")
    assert any(e.action == "flagged" and "title" in e.reason for e in doc.report)


# -------------------------------------------------------------- bylines, datelines, lists
@pytest.mark.parametrize("text,kind", [
    ("By Anna Smith", "byline"), ("By ANNA SMITH and Boris Ivanov", "byline"),
    ("January 7, 2022", "dateline"), ("7 January 2022", "dateline"), ("2022-01-07", "dateline"),
    ("Posted on 15 April 2019 at 9:30 pm", "dateline"),
    ("By that time, Lavrentiy Beria served as the Deputy Chief", None),
    ("January 7, 2022 was a bloody day.", None),
])
def test_byline_and_dateline_rules(text, kind):
    found = "byline" if web.BYLINE_RE.match(text) else "dateline" if web.DATELINE_RE.match(text) else None
    assert found == kind


NEWS = f"""The Steppe at Night

By Anna Smith

January 7, 2022

{LONG}

- first point of the argument;

- second point of the argument.

{LONG}

1. one
2. two
"""


def test_news_article_with_byline_dateline_and_lists():
    doc = web.read(entry("The Steppe at Night"), NEWS, "news.txt")
    roles = [b.role for b in doc.blocks if isinstance(b, Paragraph)]
    assert roles[:2] == ["byline", "dateline"]
    assert ("byline", "Anna Smith") in doc.metadata and ("dateline", "January 7, 2022") in doc.metadata
    assert any(e.action == "flagged" and "names an author" in e.reason for e in doc.report)
    lists = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert [(len(l.items), l.ordered) for l in lists] == [(2, False), (2, True)]
    assert plain_text(lists[0].items[1].blocks[0].inlines) == "second point of the argument."


@pytest.mark.parametrize("block,meta", [
    ("Share this:", None), ("Like this:", None), ("Like Loading...", None), ("Related", None),
    ("Advertisements", None), ("Report this ad", None), ("12 Comments", None), ("3 responses", None),
    ("Filed Under: Central Asia", ("category", "Central Asia")),
    ("Posted in Russian History | Leave a comment", ("category", "Russian History")),
    ("Tags: Beria, Stalin, Krutikov", ("tags", "Beria, Stalin, Krutikov")),
])
def test_more_platform_furniture(block, meta):
    item, match = web.match_furniture(block, False)
    if meta:
        assert match.group(meta[0]) == meta[1]


def test_title_case_question_is_a_heading():
    assert web.looks_like_heading("What Did Putin Want?")
    assert not web.looks_like_heading("Can’t we all just get along?")


def test_a_bad_pattern_file_names_file_and_line(tmp_path):
    from edition.errors import EditionError
    path = tmp_path / "furniture.yml"
    path.write_text("patterns:\n  - pattern: 'ok'\n    reason: fine\n  - pattern: '(unclosed'\n    reason: bad\n"
                    "  - pattern: 'posted in (?P<cat>.+)'\n    reason: x\n    metadata: [category]\n",
                    encoding="utf-8")
    with pytest.raises(EditionError) as info:
        web.load_boilerplate(path)
    message = str(info.value)
    assert f"{path}:4: bad furniture pattern" in message and f"{path}:6:" in message
