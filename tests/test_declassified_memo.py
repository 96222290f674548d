"""The declassified-memo adapter: each rule with the real cases of the CIA brief, then the
whole brief, then a second, invented memo that only shares the kind."""
import re

import pytest

from conftest import ROOT, unwrap_mentions
from edition import build
from edition.adapters import declassified_memo as memo
from edition.adapters import memo_rules as rules
from edition.config import Config
from edition.enrich.anchors import assign_anchors
from edition.errors import EditionError
from edition.inlines import block_text, block_text_all, plain_text
from edition.model import (BlockQuote, CatalogEntry, Heading, ListBlock, NoteCall,
                           NumberedSection, PageMarker, Paragraph, Redaction, Strong, Text)


def entry(**facts) -> CatalogEntry:
    return CatalogEntry(id="memo", file="memo.txt", sha256="0" * 64, kind="declassified-memo",
                        title="A Memo", authors=("An Agency",), date="unknown",
                        facts=tuple(facts.items()))


# ------------------------------------------------------------------ line rules
@pytest.mark.parametrize("line", [
    "~~SECRET~~", "S-E-C-R-E-T", "~~S-E-C-R-E-T~~", "~~S E C R E T~~", "•  S-E-C-R-E-T",
    "TOP SECRET", "**CONFIDENTIAL**", "SECRET//NOFORN", "  ~~SECRET~~  ",
])
def test_banners_in_every_spelling(line):
    assert rules.is_banner(line)


@pytest.mark.parametrize("line", [
    "the \"secret\" speech of February 1956",
    "SECRET SPEECH",
    "SUBJECT : The Krushchev Purge",
    "~~SECRET~~ text after the banner",
])
def test_text_that_only_mentions_secrecy_is_not_a_banner(line):
    assert not rules.is_banner(line)


@pytest.mark.parametrize("line,is_code", [
    ("25X1A2d2", True), ("25X1X7", True), ("25X1", True), ("50X1-HUM", True),
    ("25 July 1957", False), ("X7", False), ("1957", False),
])
def test_control_codes(line, is_code):
    assert bool(rules.CONTROL_LINE_RE.match(line)) is is_code


def test_footnote_and_call_are_escaped_asterisks():
    assert rules.FOOTNOTE_RE.match(r"\*\* E.g., Politburo member and State planner Voznesensky").group("stars") == r"\*\*"
    nodes = rules.inlines_of(r"sessions of 17, 18 and 19 June\* may have been")
    assert NoteCall("*") in nodes and "\\" not in plain_text(nodes) and "*" not in plain_text(nodes)
    nodes = rules.inlines_of(r"high-ranking Soviet leaders\*\* and associates")
    assert NoteCall("**") in nodes


def test_redaction_is_an_inline_node():
    nodes = rules.inlines_of("[REDACTED] 1. This is the fifth in the series of briefs")
    assert nodes[0] == Redaction("[REDACTED]")
    assert "REDACTED" not in "".join(n.text for n in nodes if isinstance(n, Text))


def test_bold_title_page_lines_leave_no_asterisks():
    nodes = rules.inlines_of("**BRIEFS ON INTERNATIONAL COMMUNISM**")
    assert nodes == (Strong((Text("BRIEFS ON INTERNATIONAL COMMUNISM"),)),)


@pytest.mark.parametrize("text,expected", [
    ('"The opposition, and Malenkov in particular, had got wind of it."', True),
    ('"The meetings devoted to the plenum are over," Pravda said, "but that does not mean that."', True),
    ('"Leningrad affair", i.e., the liquidation of high-ranking Soviet leaders and others.', False),
    ('To this evaluation may be added good evidence of a later date.', False),
    ('"They will not dare," he said, and then went on at length about the rest of the matter.', False),
])
def test_full_quotation(text, expected):
    assert rules.is_full_quotation(text) is expected


def test_dates_and_titles():
    assert rules.iso_date("23 July 1957") == "1957-07-23"
    assert rules.iso_date("(23 July 1957)") == "1957-07-23"
    assert rules.iso_date("1957") is None
    assert rules.smart_title("BRIEFS ON INTERNATIONAL COMMUNISM") == "Briefs on International Communism"


@pytest.mark.parametrize("line,starts", [
    ("2. Khrushchev's struggle with his competitors", True),
    ("a. The trip to Czechoslovakia", True),
    ("- a. Purge indicates internal discord.", True),
    ("(1). Skepticism that anything good will come of the upheaval.", True),
    ("in 1955 Malenkov stepped down as Premier", False),
])
def test_paragraph_starts(line, starts):
    assert rules.starts_paragraph(line) is starts


# ------------------------------------------------------------------ the brief
@pytest.fixture(scope="module")
def brief():
    return build.load_corpus(Config(ROOT), {"cia-1957"}).documents[0]


def sections(doc):
    return [b for b in doc.blocks if isinstance(b, NumberedSection)]


def test_eleven_numbered_paragraphs_keep_their_numbers(brief):
    assert [s.number for s in sections(brief)] == [str(n) for n in range(1, 12)]
    assert [s.anchor for s in sections(brief)] == [f"para-{n}" for n in range(1, 12)]


def item_anchors(blocks):
    found = []
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                found.append(item.anchor)
                found.extend(item_anchors(item.blocks))
        elif isinstance(block, NumberedSection):
            found.extend(item_anchors(block.blocks))
    return found


def test_lettered_sub_items_and_the_nested_list(brief):
    anchors = item_anchors(brief.blocks)
    assert anchors[:2] == ["para-4-a", "para-4-b"]
    assert [a for a in anchors if a.startswith("para-9-")] == ["para-9-a", "para-9-b", "para-9-c", "para-9-d"]
    assert [a for a in anchors if re.fullmatch(r"para-11-[a-z]", a)] == [f"para-11-{c}" for c in "abcdefghijkl"]
    assert [a for a in anchors if a.startswith("para-11-l-")] == [f"para-11-l-{n}" for n in range(1, 7)]


def test_two_asterisk_footnotes_linked_to_their_calls(brief):
    assert [n.label for n in brief.notes] == ["*", "**"]
    assert [n.anchor for n in brief.notes] == ["n-star-1", "n-star-2"]
    assert all(not n.flags for n in brief.notes)
    assert block_text(brief.notes[0]).startswith("Communist sources claim these three dates.")


def test_cover_note_title_page_and_metadata(brief):
    roles = [b.role for b in brief.blocks if isinstance(b, Paragraph)]
    assert roles.count("cover-note") == 3 and roles.count("title-page") == 5
    meta = dict(brief.metadata)
    assert meta["series"] == "Briefs on International Communism 1957 – V"
    assert meta["date"] == "1957-07-23"
    assert meta["title"] == "The Khrushchev Purge"
    assert meta["subject"] == "The Krushchev Purge"
    assert [v for k, v in brief.metadata if k == "control code"] == ["25X1A2d2", "25X1X7"]
    assert meta["redactions"] == "2"
    heading = next(b for b in brief.blocks if isinstance(b, Heading))
    assert plain_text(heading.inlines) == "THE KHRUSHCHEV PURGE (23 July 1957)"


def all_inlines(doc):
    from edition.inlines import block_inlines
    return [node for block in doc.blocks for run in block_inlines(block) for node in run]


def test_page_markers_follow_the_banners(brief):
    pages = [n.page for n in all_inlines(brief) if isinstance(n, PageMarker)]
    assert pages == [str(n) for n in range(1, 15)]
    # p. 4 begins inside paragraph 2 ("Early | in 1955 Malenkov stepped down")
    para2 = sections(brief)[1].blocks[0]
    # (mention links split the text at names; look at the words as the adapter made them)
    texts = [n.text if isinstance(n, Text) else n for n in unwrap_mentions(para2.inlines)]
    at = texts.index(PageMarker("4"))
    assert texts[at - 1].endswith("Early ") and texts[at + 1].startswith("in 1955 Malenkov")


def test_no_banner_code_or_markdown_residue_in_the_text(brief):
    text = block_text_all(brief.blocks) + "\n".join(block_text(n) for n in brief.notes)
    assert not re.search(r"SECRET|S-E-C-R-E-T|S E C R E T|25X1|~~|\\\*|\*\*|^---$|•", text, re.M)


def test_removals_are_reported(brief):
    removed = [(e.reason, e.text) for e in brief.report if e.action == "removed"]
    assert ("control code", "25X1A2d2") in removed
    assert sum(1 for r, _ in removed if r == "classification banner") == 28
    assert ("stray bullet (scan residue)", "•") in removed  # a bullet alone on the line above a banner
    assert any(r.startswith("footnote separator") for r, _ in removed)
    assert sum(1 for e in brief.report if e.reason.startswith("redaction")) == 2


def test_quotations_are_block_quotes(brief):
    quotes = [b for s in sections(brief) for b in s.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 3
    assert block_text(quotes[0]).startswith('"There is another theory')


# ------------------------------------------------------------------ another memo
OTHER = """\
**CONFIDENTIAL**

MEMORANDUM FOR: The Director
SUBJECT: Grain Deliveries

50X1-HUM

**CONFIDENTIAL**

**CONFIDENTIAL**

**OFFICE OF CURRENT INTELLIGENCE**

**No. 7**

**GRAIN DELIVERIES**

**2 March 1961**

**CONFIDENTIAL**

**CONFIDENTIAL**

GRAIN DELIVERIES

1. Deliveries fell short of the plan in [REDACTED] oblasts\\* and the press was told to

**CONFIDENTIAL**

•

**CONFIDENTIAL**

explain it. The reasons are:

a. weather;

b. transport.

2. Nothing else is known.

---

\\* Three of them in Kazakhstan.

**CONFIDENTIAL**
"""


def test_another_memo_goes_through_without_new_code():
    doc = assign_anchors(memo.read(entry(), OTHER, "memo.txt"))
    meta = dict(doc.metadata)
    assert meta["date"] == "1961-03-02" and meta["subject"] == "Grain Deliveries"
    assert meta["series"] == "Office of Current Intelligence – 7"
    assert [v for k, v in doc.metadata if k == "control code"] == ["50X1-HUM"]
    secs = [b for b in doc.blocks if isinstance(b, NumberedSection)]
    assert [s.anchor for s in secs] == ["para-1", "para-2"]
    assert item_anchors(doc.blocks) == ["para-1-a", "para-1-b"]
    first = secs[0].blocks[0]
    assert "press was told to explain it" in plain_text(first.inlines)
    assert PageMarker("4") in first.inlines and NoteCall("*") in first.inlines
    assert [n.label for n in doc.notes] == ["*"]
    # the catalog says "A Memo", the title page "Grain Deliveries": flagged for an editor
    assert any(e.action == "flagged" and "title page" in e.reason for e in doc.report)


def test_memo_without_text_is_a_clear_error():
    with pytest.raises(EditionError) as info:
        memo.read(entry(), "~~SECRET~~\n\n25X1\n", "memo.txt")
    assert "memo.txt:1" in str(info.value)


def test_call_without_footnote_is_a_clear_error():
    with pytest.raises(EditionError) as info:
        memo.read(entry(), "1. A claim\\* without its note.\n", "memo.txt")
    assert "note call * has no footnote" in str(info.value)


PLAIN_OCR = """\
SECRET

1. The session of 19 June* was decisive; the Presidium
i. e. its majority, voted against him.

2. The report** gives no names.

* Communist sources claim this date.

** Western sources.

SECRET
"""


def test_plain_asterisks_and_wrapped_lines():
    doc = memo.read(entry(), PLAIN_OCR, "memo.txt")
    secs = [b for b in doc.blocks if isinstance(b, NumberedSection)]
    assert [s.number for s in secs] == ["1", "2"]
    first = plain_text(secs[0].blocks[0].inlines)
    assert first == "The session of 19 June was decisive; the Presidium i. e. its majority, voted against him."
    assert NoteCall("*") in secs[0].blocks[0].inlines and NoteCall("**") in secs[1].blocks[0].inlines
    assert [n.label for n in doc.notes] == ["*", "**"]


def test_an_asterisk_that_is_not_a_call_stays_text():
    doc = memo.read(entry(), "1. The *Pravda* article of 5 July.\n", "memo.txt")
    assert not doc.notes
    assert "*" not in plain_text(doc.blocks[0].blocks[0].inlines)  # emphasis, not a call


CREST_OCR = """\
Approved For Release 2001/08/30 : CIA-RDP78-00915R000700050018-0

S-E-C-R-E-T

MEMORANDUM FOR: Chief, Political Section
SUBJECT: Soviet Reaction to the
         Hungarian Events

1. The Soviet press has been
silent on the matter since 4 No-
vember. This may indicate

S-E-C-R-E-T

Approved For Release 2001/08/30 : CIA-RDP78-00915R000700050018-0

S-E-C-R-E-T

that the leadership is divided.
Two views are reported:

a. that the intervention was
necessary;

b. that it was a mistake.

2. We expect further [REDACTED]
reports shortly.

25X1

S-E-C-R-E-T
"""


def test_a_crest_ocr_memo_with_release_stamps_and_header_fields():
    doc = assign_anchors(memo.read(entry(), CREST_OCR, "memo.txt"))
    meta = dict(doc.metadata)
    assert meta["subject"] == "Soviet Reaction to the Hungarian Events"
    assert meta["memorandum for"] == "Chief, Political Section"
    assert meta["release stamp"].endswith("(×2)") and meta["pages (by the banners)"] == "2"
    roles = [b.role for b in doc.blocks if isinstance(b, Paragraph)]
    assert roles == ["memo-header", "memo-header"]
    secs = [b for b in doc.blocks if isinstance(b, NumberedSection)]
    text = plain_text(secs[0].blocks[0].inlines)
    assert text == ("The Soviet press has been silent on the matter since 4 November. This may indicate "
                    "that the leadership is divided. Two views are reported:")
    assert item_anchors(doc.blocks) == ["para-1-a", "para-1-b"]
    assert "Approved" not in block_text_all(doc.blocks)
