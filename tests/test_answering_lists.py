"""Answers that carry the fact: announced lists bring their items, parts never repeat."""

from __future__ import annotations

from types import SimpleNamespace

from briefing_bot.answering.analysis import analyse
from briefing_bot.answering.answerer import GroundedAnswerer
from briefing_bot.answering.compose import Citations, Picked
from briefing_bot.answering.evidence import sentence_facts
from briefing_bot.answering.lexicon import Lexicon
from briefing_bot.answering.lists import DocumentOrder, whole_list, with_announced_items
from briefing_bot.answering.settings import AnswerSettings
from briefing_bot.answering.wording import answer_type
from briefing_bot.chunking import Chunk
from tests.fakes import sentence_chunk

_chunk = sentence_chunk


CHUNKS = [
    _chunk(0, "The agency lacks money.", "We recommend three steps:"),
    _chunk(1, "1. Raise the levy.", "It would pay for the inspectors."),
    _chunk(2, "2. Share the data."),
    _chunk(3, "3. Review the treaty."),
    _chunk(4, "A lone sentence ends like this:", "The reason is the cost."),
]
LEXICON = Lexicon(CHUNKS)


def _facts(chunk: Chunk, i: int):  # type: ignore[no-untyped-def]
    return sentence_facts(chunk.sentence_texts()[i], LEXICON, chunk.kind)


def _announced(chunk: Chunk, i: int) -> list[str]:
    picked = [Picked(chunk, i, chunk.sentence_texts()[i])]
    out = with_announced_items(
        picked, order=DocumentOrder(CHUNKS), facts=_facts, limit=10, within=3, most=10
    )
    return [p.text for p in out]


def test_a_sentence_announcing_a_numbered_list_brings_its_items() -> None:
    assert _announced(CHUNKS[0], 1) == [
        "We recommend three steps:",
        "1. Raise the levy.",
        "2. Share the data.",
        "3. Review the treaty.",
    ]


def test_a_colon_without_items_brings_the_sentence_it_introduces() -> None:
    assert _announced(CHUNKS[4], 0) == [
        "A lone sentence ends like this:",
        "The reason is the cost.",
    ]
    assert _announced(CHUNKS[0], 0) == ["The agency lacks money."]  # announces nothing


def test_a_list_question_takes_numbered_items() -> None:
    ranked = [Picked(CHUNKS[0], 1, "We recommend three steps:")]
    listed = whole_list(
        ranked,
        None,
        frozenset({"step"}),
        order=DocumentOrder(CHUNKS),
        facts=_facts,
        limit=10,
    )
    assert listed is not None and [p.text[:2] for p in listed[1:]] == ["1.", "2.", "3."]


def test_who_gave_the_speech_asks_about_the_document() -> None:
    assert answer_type("Who gave this speech?") == "authorship"
    assert answer_type("Who delivered the address in Lyon?") == "authorship"
    assert answer_type("Who asked whether the plan is too small?") != "authorship"


def test_a_later_part_never_repeats_what_an_earlier_part_said() -> None:
    host = SimpleNamespace(
        settings=AnswerSettings(),
        lexicon=LEXICON,
        chunks=CHUNKS,
        _has_sources=False,
    )
    citations = Citations({})
    q = analyse("what does the agency lack?", [], LEXICON)
    levy = Picked(CHUNKS[1], 0, "1. Raise the levy.")
    data = Picked(CHUNKS[2], 0, "2. Share the data.")
    first, _, _ = GroundedAnswerer._compose(host, q, [levy], citations)  # type: ignore[arg-type]
    again, abstained, _ = GroundedAnswerer._compose(host, q, [levy, data], citations)  # type: ignore[arg-type]
    assert first == "1. Raise the levy. [1]"
    assert again == "2. Share the data. [2]" and not abstained
    nothing, abstained, _ = GroundedAnswerer._compose(host, q, [levy], citations)  # type: ignore[arg-type]
    assert nothing == "" and not abstained


def test_a_sentence_going_on_about_the_lead_belongs_to_it() -> None:
    from briefing_bot.answering.compose import continues
    from briefing_bot.answering.lexicon import stems

    lead = frozenset(stems("In 2024 the council published a study on appeals."))
    assert continues(lead, "It found that two thirds were never told.")
    assert continues(lead, "The study found that appeals doubled.")
    assert not continues(lead, "The minister found that appeals doubled.")
    assert not continues(lead, "Appeals doubled.")


def test_the_answer_takes_the_next_sentence_that_says_what_the_lead_announces() -> None:
    from briefing_bot.answering.evidence import Candidate

    report = _chunk(
        9,
        "In 2024 the council published a study on appeals.",
        "It found that two thirds were never told.",
    )
    chunks = [*CHUNKS, report]
    lexicon = Lexicon(chunks)
    lead = Candidate(
        report,
        0,
        report.sentence_texts()[0],
        rank=1,
        kind="body",
        facts=sentence_facts(report.sentence_texts()[0], lexicon, "body"),
        features={"type_head": 0.0, "type_attached": 0.0},
        prob=0.9,
    )
    host = SimpleNamespace(
        settings=AnswerSettings(),
        lexicon=lexicon,
        documents={},
        calibration=SimpleNamespace(sentence=SimpleNamespace(threshold=0.5), ranker=None),
        order=DocumentOrder(chunks),
        facts=lambda c, i: sentence_facts(c.sentence_texts()[i], lexicon, c.kind),
    )
    q = analyse("what did the council's study find?", [], lexicon)
    out = GroundedAnswerer._select(host, SimpleNamespace(q=q, ranked=[lead]))  # type: ignore[arg-type]
    assert [p.text for p in out] == report.sentence_texts()


def test_why_is_answered_by_the_reasons_the_text_lists() -> None:
    from briefing_bot.answering.evidence import Candidate

    chunks = [
        _chunk(20, "The plan failed in May.", "There are two reasons the plan failed."),
        _chunk(21, "The first is that it cost too much."),
        _chunk(22, "The second is that nobody asked the towns."),
    ]
    lexicon = Lexicon(chunks)

    def candidate(chunk: Chunk, i: int, prob: float) -> Candidate:
        text = chunk.sentence_texts()[i]
        facts = sentence_facts(text, lexicon, "body")
        features = {"type_head": 0.0, "type_attached": 0.0}
        return Candidate(chunk, i, text, 1, "body", facts, features, prob)

    host = SimpleNamespace(
        settings=AnswerSettings(),
        lexicon=lexicon,
        documents={},
        calibration=SimpleNamespace(sentence=SimpleNamespace(threshold=0.5), ranker=None),
        order=DocumentOrder(chunks),
        facts=lambda c, i: sentence_facts(c.sentence_texts()[i], lexicon, c.kind),
    )
    q = analyse("why did the plan fail?", [], lexicon)
    assert q.kind == "reason"
    ranked = [candidate(chunks[0], 0, 0.9), candidate(chunks[0], 1, 0.6)]
    out = GroundedAnswerer._select(host, SimpleNamespace(q=q, ranked=ranked))  # type: ignore[arg-type]
    assert [p.text for p in out] == [
        "There are two reasons the plan failed.",
        "The first is that it cost too much.",
        "The second is that nobody asked the towns.",
    ]


def test_a_sentence_announcing_the_following_takes_the_numbered_items_after_it() -> None:
    chunks = [
        _chunk(0, "The following measures were agreed by the board.", "They are costed."),
        _chunk(1, "1. Raise the levy."),
        _chunk(2, "2. Share the data."),
        _chunk(3, "The board meets again in May."),
    ]
    lexicon = Lexicon(chunks)

    def facts(chunk: Chunk, i: int):  # type: ignore[no-untyped-def]
        return sentence_facts(chunk.sentence_texts()[i], lexicon, chunk.kind)

    def listed(text: str) -> list[str] | None:
        out = whole_list(
            [Picked(chunks[0], 0, text)],
            None,
            frozenset({"measure"}),
            order=DocumentOrder(chunks),
            facts=facts,
            limit=10,
        )
        return None if out is None else [p.text for p in out]

    assert listed(chunks[0].sentence_texts()[0]) == [
        "The following measures were agreed by the board.",
        "1. Raise the levy.",
        "2. Share the data.",
    ]


def test_what_are_the_things_asks_for_them_and_what_are_things_asks_what_they_are() -> None:
    assert answer_type("what are the recommendations?") != "definition"
    assert answer_type("What are semiconductors?") == "definition"
    assert answer_type("what is the levy?") == "definition"
