"""Citation parsing and resolution, on Furman's real notes (and the rules' edge cases)."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bib_fixtures import corrections, furman, linked, note
from edition.enrich.bibliography import citations_in, cited_in, link_citations
from edition.enrich.citations import find_citations, flatten, iso_date, split_authors, unflatten
from edition.inlines import block_text, plain_text
from dataclasses import replace

from edition.model import Citation, Corpus, Emph, Mention, Paragraph, Strong, Text


def raws(label: str, block: int = 0):
    text, _ = flatten(note(furman(), label).blocks[block].inlines)
    return [(c, text[c.start:c.end]) for c in find_citations(text)]


def keys(label: str) -> list[tuple[str, str]]:
    """(key, locator) of every citation of a linked note, in reading order."""
    return [(c.key, c.locator) for c in citations_in(note(linked().documents[0], label))]


# ------------------------------------------------------------------ parsing
def test_full_book_reference():
    [(c, _)] = raws("1")
    assert (c.form, c.authors, c.title, c.place, c.year) == (
        "book", ("Ermukhamet Ertysbaev",), "Kazakhstan i Nazarbaev", "Astana", "2001")


def test_newspaper_pieces_with_dates_and_pages():
    found = [(c.authors, c.title, c.container, c.dates, c.locator) for c, _ in raws("2")]
    assert found == [
        (("R. Shbintaev",), "Nash Dimash", "Leninskaia smena-Ekspres", ("2002-01-12",), "p. 3"),
        (("N. Morozov",), "D. Kunaev—90 let", "Kazakhstanskaia pravda", ("2002-01-15",), "pp. 1–4"),
        (("S. Tereshchenko",), "Ne mogu molchat'", "Leninskaia smena-Ekspres K", ("2002-10-24",), ""),
    ]


def test_journal_article_with_issue_and_colon_pages():
    [(c, _)] = raws("29")
    assert (c.form, c.container, c.year, c.number, c.locator) == (
        "journal", "Tsentral'naia Aziia i Kavkaz", "1999", "5(6)", "pp. 14–15")


def test_numbered_newspaper_issue_with_date_in_parentheses():
    [(c, _)] = raws("30")
    assert (c.authors, c.number, c.dates, c.locator) == (("N. Popov", "A. Rubtsov"), "5", ("1998-05-27",), "p. 3")


def test_several_issues_of_one_paper_are_several_citations():
    found = raws("10")
    issue = found[0][0]
    assert issue.dates == ("1991-10-04", "1991-11-15", "1991-11-16")
    assert len(issue.spans) == 3
    assert [c.form for c, _ in found] == ["issue", "newspaper", "newspaper", "newspaper"]


def test_quotations_are_not_titles():
    # n. 18 and n. 37 quote speakers, then cite the paper: the quotation is no article title.
    assert [c.form for c, _ in raws("18")] == ["issue", "book"]
    assert [c.form for c, _ in raws("37")] == ["issue"]
    assert [c.form for c, _ in raws("39")] == ["issue"]


def test_periodical_named_without_date_stays_prose():
    # n. 14: "in an interview in *Pravda*" names a paper, cites nothing by itself.
    assert [text for _, text in raws("14")] == ["Ertysbaev, \x01Kazakhstan i Nazarbaev\x02, pp. 159-60"]


def test_commentary_note_has_no_citation():
    assert raws("16") == [] and raws("129") == []


def test_web_page():
    [(c, _)] = raws("45")
    assert (c.form, c.authors, c.url) == ("web", ("A. Chebotarev",), "www.eurasia.org.ru/20011/free/08_30_Konstitution.htm")


def test_two_articles_in_one_issue_share_the_journal():
    found = [c for c, _ in raws("80")]
    assert [c.authors[0] for c in found] == ["N. Masanov", "N. Amrekulov"]
    assert {c.container for c in found} == {"Tsentrat naia Aziia i Kavkaz"} and {c.year for c in found} == {"2000"}


def test_ibid_idem_and_short_forms_are_recognised():
    assert [c.form for c, _ in raws("19")] == ["short-emph", "ibid"]
    assert [(c.form, c.locator) for c, _ in raws("118")] == [("idem", "p. 251")]
    assert [(c.form, c.locator) for c, _ in raws("51")][:2] == [("short-emph", "pp. 220-21"), ("author-only", "p. 222")]
    [(c, _)] = raws("110")
    assert c.idem and c.form == "newspaper"


def test_rules_hold_for_unseen_text():
    text = ('See I. Petrova, "Novyi zakon," \x01Karavan\x02, 3 March 2005, pp. 2-3; and '
            'Petrova, \x01Kniga\x02 (Almaty, 2004), p. 7. \x01Ibid.\x02, p. 9.')
    found = find_citations(text)
    assert [c.form for c in found] == ["newspaper", "book", "ibid"]
    assert found[0].dates == ("2005-03-03",) and found[0].locator == "pp. 2-3"


def test_chicago_forms_of_other_books():
    text = ('Boris Rumer, ed., x. Dmitrii Furman, "The Regime in Kazakhstan," in \x01Central Asia at the End '
            'of the Transition\x02, ed. Boris Rumer (Armonk, NY: M.E. Sharpe, 2005), p. 212. Martha Brill '
            'Olcott, \x01Kazakhstan: Unfulfilled Promise\x02 (Washington, DC: Carnegie Endowment, 2002), 23. '
            'Sally Cummings, "Eurasian Bridge or Murky Waters," \x01Journal of Communist Studies\x02 19, '
            'no. 3 (2003): 139–55.')
    chapter, book, article = find_citations(text)
    assert (chapter.form, chapter.place, chapter.publisher, chapter.year, chapter.editors) == (
        "chapter", "Armonk, NY", "M.E. Sharpe", "2005", ("Boris Rumer",))
    assert (book.form, book.place, book.publisher, book.year) == ("book", "Washington, DC", "Carnegie Endowment", "2002")
    assert book.authors == ("Martha Brill Olcott",) and article.authors == ("Sally Cummings",)
    assert book.locator == "23" and chapter.locator == "p. 212"
    assert (article.form, article.volume, article.number, article.year, article.locator) == (
        "journal-volume", "19", "3", "2003", "pp. 139–55")


def test_small_rules():
    assert iso_date("12 January 2002") == "2002-01-12" and iso_date("December 1994") == "1994-12"
    assert split_authors("M. Olcott [M. Olcott]") == ("M. Olcott",)
    assert split_authors("S. Markelov and O. Petrovskii, eds.") == ("S. Markelov", "O. Petrovskii")
    assert split_authors("N. Suleimenov et al.") == ("N. Suleimenov",)


# --------------------------------------------------------------- resolution
def test_short_forms_resolve_to_the_full_reference():
    assert keys("115") == [("kazhegeldin2002oppozitsiia", "p. 103")]
    assert keys("19") == [("ertysbaev2001kazakhstan", "p. 335"), ("ertysbaev2001kazakhstan", "p. 336")]
    assert keys("25") == [("kurtov1995partii", "p. 179")]       # "osobennosti" vs "osobenosti"
    assert keys("57") == [("chebotarevndrukovodstvu", "")]       # short title of a web page
    assert keys("99") == [("ezhenova2001svideteli", "p. 224")]  # author spelt Esenova here
    assert keys("175") == [("ertysbaev2002priamoi", "pp. 12-13")]


def test_ibid_and_idem_follow_the_previous_citation():
    assert keys("36") == [("ertysbaev2001kazakhstan", "pp. 353-54")]
    assert keys("56") == [("kiianitsa1995diktat", "")]
    assert keys("118") == [("kazhegeldin2002oppozitsiia", "p. 251")]
    assert keys("59") == [("konstitutsii1999stran", "p. 216")]
    # "Ibid., 17 October 2002": the same paper, another issue.
    assert keys("70") == [("kazakhstanskaiapravda20021017", "p. 1")]
    # "idem": the previous author, a new work.
    assert keys("110") == [("ardaev1997nursultan", "")]
    assert keys("182") == [("kozlov1999premer", "p. 5"), ("kozlov1999pravitelstvo", "p. 5")]


def test_author_cited_by_page_only():
    assert keys("51")[1] == ("ertysbaev2001kazakhstan", "p. 222")


def test_untitled_issue_resolves_to_the_article_of_that_issue():
    # n. 89 cites the paper of 23 July 1991; n. 4 names the article on those pages.
    assert keys("89") == [("nazarbaev1991doklad", "pp. 1-2")]
    assert keys("12") == [("kozlov1993nursultan", "p. 1")]


def test_same_work_with_ocr_variants_is_one_entry():
    assert keys("101")[0][0] == keys("107")[0][0] == "masanov1998politicheskaia"
    assert keys("2")[2][0] == keys("111")[0][0] == "tereshchenko2002mogu"
    assert {k for k, _ in keys("144") + keys("152") + keys("189")} == {"ertysbaev2002pora"}


def test_several_works_in_one_note():
    assert [k for k, _ in keys("10")] == [
        "kazakhstanskaiapravda19911004", "kazakhstanskaiapravda19911115",
        "kazakhstanskaiapravda19911116", "kozlov1999russkaia", "nezavisimaiagazeta1999terroristam",
        "petrov1999pugachev"]


def test_chapter_takes_the_collections_facts_from_its_fuller_citation():
    works = {w.key: w for w in linked().works}
    chapter = works["esentugelov2002dualizm"]
    assert (chapter.date, chapter.place, chapter.editors) == ("2002", "Almaty", ("Boris Rumer",))


def test_every_citation_resolves_and_nothing_is_flagged():
    corpus = linked()
    works = {w.key for w in corpus.works}
    cited = [c for n in corpus.documents[0].notes for c in citations_in(n)]
    assert len(cited) >= 220 and all(c.key in works for c in cited)
    flagged = [r for r in corpus.documents[0].report if r.action == "flagged" and "citation" in r.reason]
    assert flagged == []
    notes_citing = {n.label for n in corpus.documents[0].notes if citations_in(n)}
    assert len(notes_citing) == 183  # the other 11 are commentary only


def test_every_page_reference_in_a_note_is_inside_a_citation():
    """A 'p. 12' outside every citation would be a reference the parser missed."""
    for n in linked().documents[0].notes:
        for block in n.blocks:
            outside = "".join(node.text for node in block.inlines if isinstance(node, Text))
            assert not re.search(r"\bpp?\.\s*\d", outside), (n.label, outside)


def test_no_words_are_lost_or_changed_by_linking():
    before = {n.label: block_text(n) for n in furman().notes}
    after = {n.label: block_text(n) for n in linked().documents[0].notes}
    assert before == after


def test_unresolvable_short_form_is_flagged_with_note_and_line():
    doc = furman()
    bad = Paragraph((Text("Zuev, "), Emph((Text("Neizvestnaia kniga"),)), Text(", p. 5.")))
    from dataclasses import replace
    i = next(i for i, n in enumerate(doc.notes) if n.label == "16")  # a note of commentary only
    first = doc.notes[i]
    doc = replace(doc, notes=doc.notes[:i] + (replace(first, blocks=(bad,)),) + doc.notes[i + 1:])
    corpus = link_citations(Corpus((doc,)), corrections())
    [flag] = [r for r in corpus.documents[0].report if r.action == "flagged" and "citation" in r.reason]
    assert "note 16" in flag.reason and flag.line == first.provenance.first_line
    assert flag.detail == f"sources/furman-2005-regime-in-kazakhstan.txt:{flag.line}"


def test_linking_is_deterministic():
    assert link_citations(Corpus((furman(),))) == link_citations(Corpus((furman(),)))


def test_backlinks_list_each_note_once_in_order():
    cited = cited_in(linked())
    labels = [p.label for p in cited["ertysbaev2001kazakhstan"]]
    assert labels[:4] == ["n. 1", "n. 3", "n. 5", "n. 11"] and len(labels) == len(set(labels))


# -------------------------------------------------------------- properties
_inline = st.one_of(
    st.builds(Text, st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1)),
    st.builds(lambda t: Emph((Text(t),)), st.text(min_size=1)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_inline, max_size=6))
def test_flatten_then_unflatten_keeps_the_words(nodes):
    text, held = flatten(tuple(nodes))
    assert plain_text(unflatten(text, held)) == plain_text(tuple(nodes)).replace("\x01", "").replace("\x02", "")


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="abc *\"',.;:()pIbid0123456789 JanuryMch", max_size=80))
def test_citations_never_overlap(text):
    found = find_citations(text)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


def test_citation_inline_renders_as_a_link_to_the_bibliography():
    from edition.writers.markdown import MarkdownWriter
    writer = MarkdownWriter(furman())
    text = writer.inline(Citation("kurtov1995partii", "p. 179", (Text("Kurtov, "), Emph((Text("Partii"),)))))
    assert text.startswith("[Kurtov, <em>Partii</em>](../bibliography/index.md#kurtov1995partii ")
    assert "p. 179" in text and text.endswith("{: .citation }")


def test_any_document_kind_plain_text_memo_citations():
    """The memo (typed, no italics) cites papers in running text; its adapter lives on another
    branch, so its raw paragraphs stand in for its Document here."""
    from bib_fixtures import SOURCES, corrections, entries
    from edition.model import Document

    entry = next(e for e in entries() if e.id == "cia-1957")
    text = (SOURCES / entry.file).read_text(encoding="utf-8")
    paragraphs = [p.strip().replace("\n", " ") for p in re.split(r"\n\s*\n", text) if p.strip()]
    blocks = tuple(Paragraph((Text(p),), anchor=f"p{i + 1}") for i, p in enumerate(paragraphs))
    memo = Document(id=entry.id, title=entry.title, authors=entry.authors, entry=entry, blocks=blocks)
    corpus = link_citations(Corpus((furman(), memo)), corrections())
    works = {w.key: w for w in corpus.works}
    from_memo = {k: [p.label for p in places] for k, places in cited_in(corpus).items()
                 if any(p.document.id == "cia-1957" for p in places)}
    assert set(from_memo) == {"zorza19570711", "leningradpravda19570424", "pravda19570721",
                              "newyork19570722", "lewis1956khrushchev"}
    lewis = works["lewis1956khrushchev"]
    assert (lewis.authors, lewis.title, lewis.container, lewis.date, lewis.pages) == (
        ("Flora Lewis",), "Khrushchev Reshapes Policy on Satellites", "New York Times", "1956-07-21", "4")
    assert works["zorza19570711"].container == "Manchester Guardian Weekly"  # year from the memo's date
    assert all(label.startswith("¶ ") for labels in from_memo.values() for label in labels)
    assert [r for r in corpus.documents[1].report if r.action == "flagged"] == []


_rich = st.recursive(
    st.builds(Text, st.text(alphabet="abc ,.\"'", min_size=1)),
    lambda inner: st.one_of(
        st.builds(lambda xs: Mention("person/x", tuple(xs)), st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda xs: Strong(tuple(xs)), st.lists(inner, min_size=1, max_size=3))),
    max_leaves=6)


@settings(max_examples=60, deadline=None)
@given(st.lists(_rich, max_size=4))
def test_wrappers_survive_flattening(nodes):
    """Mentions (registers) and Strong are transparent to the patterns and come back intact."""
    from edition.text_rules import merge_text

    def norm(xs):
        return tuple(replace(x, children=norm(x.children)) if hasattr(x, "children") else x
                     for x in merge_text(tuple(xs)))

    text, held = flatten(tuple(nodes))
    assert norm(unflatten(text, held)) == norm(tuple(nodes))


def test_a_mention_inside_a_reference_does_not_hide_it():
    from edition.enrich.bibliography import link_citations as link
    inlines = (Mention("person/kozlov", (Text("S. Kozlov"),)),
               Text(', "Nazarbaev sozdaet svoiu partiiu," '), Emph((Text("Nezavisimaia gazeta"),)),
               Text(", 26 September 1992, p. 1."))
    doc = furman()
    i = next(i for i, n in enumerate(doc.notes) if n.label == "31")
    doc = replace(doc, notes=doc.notes[:i] + (replace(doc.notes[i], blocks=(Paragraph(inlines),)),)
                  + doc.notes[i + 1:])
    [cite] = citations_in(link(Corpus((doc,)), corrections()).documents[0].notes[i])
    assert cite.key == "kozlov1992nazarbaev" and isinstance(cite.children[0], Mention)


def test_language_of_a_title():
    from edition.enrich.works import langid
    assert langid("Kazakhstan i Nazarbaev") == langid("On vernetsia?") == "russian"
    assert langid("Oppozitsiia srednekov'iu") == "russian"
    assert langid("We Are the Constructive Opposition") == langid("Khrushchev Reshapes Policy on Satellites") == "english"
    assert langid("Svideteli") == ""  # not known: left out of the entry


def test_names_and_titles_match_despite_ocr_slips():
    from edition.enrich.works import fold, same_person, title_starts
    assert fold("vseгда") == "vsegda" and fold("tvoí") == "tvoi"
    assert same_person("K. Ezhenova", "Esenova") and not same_person("S. Kozlov", "A. Petrov")
    assert title_starts("Rukovodstvo", "Rukovodstvu Kazakhstana osnovnoi zakon ne pisan")
    assert title_starts("Partii Kazakhstana i osobennosti", "Partii Kazakhstana i osobenosti politicheskogo")
    assert not title_starts("Demokratiia vyborov", "Partii Kazakhstana")


def test_no_emphasised_title_with_publication_facts_is_left_unlinked():
    """Every note that names a work links to an entry: an emphasised title followed by a
    date, a place and year, or a page, outside any citation, would be a missed reference."""
    facts = re.compile(r"^\s*(?:\([^)]*\d{4}\)|\[[^\]]*\d{4}\]|,\s*(?:\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|\d{4},\s*no\.|pp?\.\s*\d))")
    for n in linked().documents[0].notes:
        for block in n.blocks:
            nodes = block.inlines
            for i, node in enumerate(nodes):
                if isinstance(node, Emph) and i + 1 < len(nodes) and isinstance(nodes[i + 1], Text):
                    assert not facts.match(nodes[i + 1].text), (n.label, plain_text((node, nodes[i + 1])))


def test_report_says_what_each_note_was_linked_to():
    entries = [r for r in linked().documents[0].report if r.reason == "citations in note 19 linked"]
    assert [(e.text, e.detail) for e in entries] == [
        ("ertysbaev2001kazakhstan, p. 335; ertysbaev2001kazakhstan, p. 336", "read as: short form, Ibid.")]



def test_an_editorial_correction_is_read_as_corrected_and_kept():
    from edition.model import Correction
    inlines = (Text('"Verkhovnyi sud," '), Emph((Correction("Izvestiia", "hvestiia", "OCR"),)),
               Text(", 26 November 1998, p. 3."))
    text, held = flatten(inlines)
    [c] = find_citations(text)
    assert c.container == "Izvestiia"
    from edition.text_rules import merge_text
    rebuilt = unflatten(text[:c.start], held, 0) + unflatten(text[c.start:c.end], held, c.start) + \
        unflatten(text[c.end:], held, c.end)
    assert merge_text(rebuilt) == inlines
