"""Complete answers: the sentence that qualifies or continues the chosen ones comes with them."""

from __future__ import annotations

from typing import Any

from briefing_bot.answering.compose import Picked, add_continuation, continues
from briefing_bot.answering.lexicon import stems
from tests.fakes import sentence_chunk

_chunk = sentence_chunk


def test_a_contrast_or_the_same_subject_again_continues_the_sentence_before() -> None:
    lead = frozenset(stems("Okafor reviews the fishing agreements of the region."))
    assert continues(lead, "However, the smaller states have little say in them.")
    assert continues(lead, "But no agreement has been renewed since 2019.")
    assert continues(lead, "For instance, the 2019 deal capped licence fees.")
    assert continues(lead, "Okafor also describes the licence fees.")
    assert not continues(lead, "Mensah also describes the licence fees.")
    assert not continues(lead, "Fees have doubled.")


def test_a_part_of_what_the_lead_counted_continues_even_a_pointed_answer() -> None:
    lead = frozenset(stems("The plan lists 18 priority projects."))
    assert continues(lead, "By the end of 2025, nine of them were running.", part_only=True)
    assert continues(lead, "Six of these are in the north.", part_only=True)
    assert not continues(lead, "However, the plan is late.", part_only=True)
    assert not continues(lead, "Most projects of the region are late.", part_only=True)


def test_the_continuation_follows_the_run_of_chosen_sentences() -> None:
    chunk = _chunk(
        1,
        "Okafor reviews the fishing agreements.",
        "She finds them lopsided.",
        "However, the smaller states have little say in them.",
        "Prices rose.",
    )
    texts = chunk.sentence_texts()
    out = [Picked(chunk, 0, texts[0]), Picked(chunk, 1, texts[1])]
    add_continuation(out, out[0].key, frozenset(stems(texts[0])))
    assert [p.index for p in out] == [0, 1, 2]
    add_continuation(out, out[0].key, frozenset(stems(texts[0])))
    assert [p.index for p in out] == [0, 1, 2]  # "Prices rose." goes on about nothing chosen


def test_a_sentence_that_only_leads_in_brings_the_one_that_says_it() -> None:
    from briefing_bot.answering.evidence import sentence_facts
    from briefing_bot.answering.lexicon import Lexicon
    from briefing_bot.answering.lists import DocumentOrder, leads_in, with_announced_items

    asked = frozenset(stems("can the board stop a project?"))
    assert leads_in("CHAIR: The board can.", asked)
    assert leads_in("Harbour Point is a case in point.", frozenset(stems("is Harbour Point safe?")))
    assert leads_in("Will the register be published?", asked)
    assert not leads_in("The board can stop it for 90 days.", asked)
    assert not leads_in("Its answer is that it cannot.", asked)  # a denial says something
    assert not leads_in("The board reviews every mainstream dam before construction.", asked)
    # how many words of its own a lead-in may have is a setting
    assert not leads_in("The board can act under its old charter.", asked)
    assert leads_in("The board can act under its old charter.", asked, most_words=3)

    floor = _chunk(1, "QUESTION (A. Reader, Daily Post): A short one.", "Can the board stop it?")
    reply = _chunk(2, "CHAIR: Yes, for up to ninety days.", "Thank you.")
    chunks = [floor, reply]
    lexicon = Lexicon(chunks)
    picked = [Picked(floor, 0, floor.sentence_texts()[0])]
    out = with_announced_items(
        picked,
        order=DocumentOrder(chunks),
        facts=lambda c, i: sentence_facts(c.sentence_texts()[i], lexicon, c.kind),
        limit=4,
        within=3,
        most=5,
        asked=asked,
    )
    assert [p.text for p in out] == [
        "QUESTION (A. Reader, Daily Post): A short one.",
        "Can the board stop it?",
        "CHAIR: Yes, for up to ninety days.",
    ]


def test_a_cut_sentence_keeps_the_figures_listed_with_the_one_it_keeps() -> None:
    from briefing_bot.answering.compose import trim

    text = (
        "Its largest drill to date, North Star 2023, was held off the coast of Skye in "
        "June 2023 and brought together 12 vessels, 7 aircraft and some 900 personnel "
        "from five countries: Ireland, Norway, Scotland, Wales, Iceland and Denmark."
    )
    cut, was_cut = trim(text, "quantity", set(stems("how big was north star 2023?")), 30)
    assert was_cut and "12 vessels" in cut and "900 personnel" in cut


def test_a_cut_never_splits_a_bracket() -> None:
    """A members' list cut at the semicolon inside "(Labour; Eden Valley)" lost the name
    before "(Chair)"."""
    from briefing_bot.answering.compose import trim

    text = (
        "Current membership of the board appointed by the council for the term from May 2024 "
        "Ana Moreno MP (Labour; Harbour Ward) (Chair) Tom Reyes MP (Green; Hill Ward) "
        "Lina Osei MP (Labour; River Ward) Sam Park MP (Liberal; Mill Ward) Joe Kim MP "
        "(Independent; Quay Ward) Eve Long MP (Green; Dock Ward) Ray Hunt MP (Labour; Fen Ward)"
    )
    names = ("Moreno", "Reyes", "Osei", "Park", "Kim", "Long", "Hunt")
    cut, _ = trim(
        text,
        "person",
        set(stems("who chairs the board?")),
        12,
        lambda t: any(n in t for n in names),
    )
    assert "Ana Moreno MP (Labour; Harbour Ward) (Chair)" in cut


def test_what_a_lead_in_brings_takes_the_contrast_that_qualifies_it() -> None:
    from briefing_bot.answering.evidence import sentence_facts
    from briefing_bot.answering.lexicon import Lexicon
    from briefing_bot.answering.lists import DocumentOrder, with_announced_items

    chunk = _chunk(
        1,
        "The volumes are tiny.",
        "Two ferries a week carry less than 3 percent of the freight.",
        "But the route forced four ports to agree on one tariff.",
        "Prices rose.",
    )
    lexicon = Lexicon([chunk])
    out = with_announced_items(
        [Picked(chunk, 0, chunk.sentence_texts()[0])],
        order=DocumentOrder([chunk]),
        facts=lambda c, i: sentence_facts(c.sentence_texts()[i], lexicon, c.kind),
        limit=4,
        within=3,
        most=5,
        asked=frozenset(stems("why does the route matter if the volumes are small?")),
    )
    assert [p.index for p in out] == [0, 1, 2]


def test_a_sentence_pointing_back_comes_with_the_one_before_it() -> None:
    from briefing_bot.answering.evidence import sentence_facts
    from briefing_bot.answering.lexicon import Lexicon
    from briefing_bot.answering.lists import DocumentOrder, refers_back, with_announced_items

    assert refers_back("The ports drafted such a framework in 2024.", "They want a framework.")
    assert refers_back('"We argue about it," she said.', "Dr Ruiz studies the delta.")
    assert not refers_back("These talks began in 2024.", "They want talks.")  # its opening
    assert not refers_back("The ports drafted a framework.", "They want a framework.")
    assert not refers_back("The ports drafted such a treaty.", "They want a framework.")

    chunk = _chunk(
        1,
        "Analysts want a regional framework to settle disputes.",
        "The ports drafted such a framework in 2024.",
    )
    lexicon = Lexicon([chunk])
    out = with_announced_items(
        [Picked(chunk, 1, chunk.sentence_texts()[1])],
        order=DocumentOrder([chunk]),
        facts=lambda c, i: sentence_facts(c.sentence_texts()[i], lexicon, c.kind),
        limit=4,
        within=3,
        most=5,
    )
    assert [p.index for p in out] == [0, 1]


def test_a_question_comparing_the_documents_hears_from_each() -> None:
    from dataclasses import replace
    from types import SimpleNamespace

    from briefing_bot.answering.compose import compares, other_documents

    assert compares("how do the two memos differ on fares?")
    assert compares("do both reports back the levy?")
    assert compares("which towns, and how many homes each?")
    assert not compares("what would the voucher cost each year?")
    assert not compares("what does the memo propose on fares?")

    a = _chunk(1, "Memo A backs a fare cap.", "Fares rose.")
    b = replace(_chunk(2, "Memo B wants vouchers instead.", "Vouchers cost EUR 2."), doc_id="e")
    ranked = [  # candidates, best first
        SimpleNamespace(chunk=c, index=i, text=c.sentence_texts()[i], prob=p)
        for c, i, p in [(a, 0, 0.9), (a, 1, 0.5), (b, 0, 0.2), (b, 1, 0.1)]
    ]
    lead = Picked(a, 0, a.sentence_texts()[0], 0.9)
    extra = other_documents([lead], ranked)
    assert [(p.chunk.doc_id, p.index) for p in extra] == [("e", 0)]


def test_a_figure_read_in_an_endnotes_later_sentence_is_named_with_its_source() -> None:
    """ "Where's the 40% stat from?" answered by a note's second sentence: the note's opening
    (its source) is named too, citing the same passage."""
    import dataclasses

    from briefing_bot.answering.compose import Citations, source_sentences

    note = dataclasses.replace(
        sentence_chunk(
            7,
            "Harbour Riders' Association, Survey of Commuters, 2024.",
            "Of the 300 riders asked, 40 percent said they had missed a ferry.",
        ),
        kind="endnote",
        section_path=("Endnotes", "Note 7"),
    )
    citations = Citations({})
    chosen = [Picked(note, 1, note.sentence_texts()[1], 0.9)]
    citations.cite(chosen[0])
    parts = source_sentences(citations, chosen, [note])
    assert parts == [
        "Note 7 gives its source: Harbour Riders' Association, Survey of Commuters, 2024. [1]"
    ]
    # a note's opening quoted itself is named once, not again
    opening = [Picked(note, 0, note.sentence_texts()[0], 0.9)]
    assert source_sentences(Citations({}), opening, [note]) == []


def _one_list(*texts: str) -> tuple[Any, Any, list[Picked]]:
    """(order, facts, the sentences as candidates in reading order) of one passage."""
    from briefing_bot.answering.evidence import sentence_facts
    from briefing_bot.answering.lexicon import Lexicon
    from briefing_bot.answering.lists import DocumentOrder

    chunk = _chunk(1, *texts)
    lexicon = Lexicon([chunk])

    def facts(c: Any, i: int) -> Any:
        return sentence_facts(c.sentence_texts()[i], lexicon, c.kind)

    ranked = [Picked(chunk, i, t) for i, t in enumerate(chunk.sentence_texts())]
    return DocumentOrder([chunk]), facts, ranked


def test_a_list_named_after_its_colon_takes_no_items_from_a_later_list() -> None:
    """ "five countries: A, B, C, D and E" holds its whole list: the "First, …" sentences after
    it begin another (the brief's findings), which a "which countries…?" answer had appended.
    Three reasons announced without a colon still bring their items."""
    from briefing_bot.answering.lists import lists_itself, whole_list

    assert lists_itself("It covers five countries: Chile, Peru, Cuba, Fiji and Togo.", 5)
    assert not lists_itself("There are three reasons it could not stop, delay or reshape it.", 3)
    assert not lists_itself("The brief makes three findings:", 3)
    order, facts, ranked = _one_list(
        "The brief covers five countries: Chile, Peru, Cuba, Fiji and Togo.",
        "It makes three findings.",
        "First, small firms pay most.",
        "Second, credits favour rich states.",
        "Third, the poorest adjust least.",
    )
    countries = whole_list(
        ranked, None, frozenset(stems("countries")), order=order, facts=facts, limit=4
    )
    assert countries is not None and [p.index for p in countries] == [0]
    findings = whole_list(
        ranked, None, frozenset(stems("findings")), order=order, facts=facts, limit=4
    )
    assert findings is not None and [p.index for p in findings] == [1, 2, 3, 4]


def test_an_announced_list_is_taken_only_whole() -> None:
    """ "Section 6 sets out four options" and then three "First, … Second, … Third, …"
    sentences (the three reasons of the next paragraph): those are not its items, and no
    sentence announcing them joins it either."""
    from briefing_bot.answering.lists import whole_list, with_announced_items

    order, facts, ranked = _one_list(
        "Section 6 sets out four options for Europe.",
        "First, buyers rewarded the lowest price.",
        "Second, labour was cheaper in Asia.",
        "Third, regulators accepted certificates from abroad.",
    )
    options = frozenset(stems("options"))
    assert whole_list(ranked, None, options, order=order, facts=facts, limit=4) is None
    out = with_announced_items(ranked[:1], order=order, facts=facts, limit=4, within=3, most=5)
    assert [p.index for p in out] == [0]
