"""Ordinals past the end of a list, table values in their label's unit, short years, and
abbreviations defined in square brackets (invented texts)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from briefing_bot.answering import beyond
from briefing_bot.answering.compose import Citations, Picked
from briefing_bot.answering.evidence import sentence_facts
from briefing_bot.answering.lexicon import Lexicon, mine_aliases, stems
from briefing_bot.answering.lists import DocumentOrder
from briefing_bot.answering.numbers import canonical_numbers, carry_units, has_year
from briefing_bot.answering.tables import chunk_roles
from briefing_bot.assistant import Assistant
from briefing_bot.chunking import Chunk
from briefing_bot.config import Settings
from tests.fakes import sentence_chunk

CHUNKS = [
    sentence_chunk(0, "The ministry faces a deficit.", "The panel recommends three steps:"),
    sentence_chunk(1, "1. Raise the levy.", "It would pay for inspectors."),
    sentence_chunk(2, "2. Share the port data."),
    sentence_chunk(3, "3. Review the treaty.", "Ministers meet in May."),
]
LEXICON = Lexicon(CHUNKS)
ORDER = DocumentOrder(CHUNKS)


def _facts(chunk: Chunk, i: int):  # type: ignore[no-untyped-def]
    return sentence_facts(chunk.sentence_texts()[i], LEXICON, chunk.kind)


def _ranked(*keys: tuple[int, int]) -> list[Picked]:
    return [Picked(CHUNKS[c], i, CHUNKS[c].sentence_texts()[i], 0.5) for c, i in keys]


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("what's the panel's fifth recommendation?", (5, {"recommend"})),
        ("the 4th policy option?", (4, {"polici", "option"})),
        ("what is the first step?", None),  # every list has a first item
        ("who is the third largest exporter?", None),  # a rank, not an item
        ("what did it cost in the fourth quarter?", None),  # a period
        ("what does the panel recommend?", None),
    ],
)
def test_the_position_a_question_asks_for(
    question: str, asked: tuple[int, set[str]] | None
) -> None:
    assert beyond.asked_position(question) == asked


def test_a_list_the_position_runs_past_is_found_and_quoted() -> None:
    ranked = _ranked((0, 1), (1, 0), (0, 0))
    found = beyond.corpus_list(
        ranked, 5, frozenset({"recommend"}), order=ORDER, facts=_facts, limit=5
    )
    assert found is not None
    assert [p.text for p in found] == [
        "The panel recommends three steps:",
        "1. Raise the levy.",
        "2. Share the port data.",
        "3. Review the treaty.",
    ]
    short = beyond.ShortList(3, "steps", 5, found, [])
    text = beyond.refusal("the corpus", short, Citations({}))
    assert text.startswith("The corpus lists only three steps, no fifth:")
    assert "3. Review the treaty. [" in text


def test_a_position_within_the_list_or_of_another_noun_is_not_refused() -> None:
    ranked = _ranked((0, 1), (1, 0))
    nouns = frozenset({"recommend"})
    assert beyond.corpus_list(ranked, 3, nouns, order=ORDER, facts=_facts, limit=5) is None
    # the best sentence is no list: nothing says the text stops short of a fifth
    plain = _ranked((3, 1), (0, 0))
    assert beyond.corpus_list(plain, 5, nouns, order=ORDER, facts=_facts, limit=5) is None
    # an announced count the text's own items outrun is no count of the list
    longer = [
        sentence_chunk(0, "Two steps matter most:"),
        sentence_chunk(1, "1. Raise the levy."),
        sentence_chunk(2, "2. Share the data."),
        sentence_chunk(3, "3. Review the treaty."),
    ]
    lex = Lexicon(longer)

    def facts(chunk: Chunk, i: int):  # type: ignore[no-untyped-def]
        return sentence_facts(chunk.sentence_texts()[i], lex, chunk.kind)

    top = [Picked(longer[0], 0, "Two steps matter most:", 0.5)]
    found = beyond.corpus_list(
        top, 3, frozenset({"step"}), order=DocumentOrder(longer), facts=facts, limit=5
    )
    assert found is None


def test_an_interviewers_question_stands_for_the_reply_that_lists() -> None:
    turn = dataclasses.replace(
        sentence_chunk(0, "What would you tell the ministers to do?"), kind="question"
    )
    chunks = [
        turn,
        sentence_chunk(1, "Three things, and none is new:", "Buy together.", "Build a buffer."),
    ]
    lex = Lexicon(chunks)

    def facts(chunk: Chunk, i: int):  # type: ignore[no-untyped-def]
        return sentence_facts(chunk.sentence_texts()[i], lex, chunk.kind)

    top = [Picked(turn, 0, turn.sentence_texts()[0], 0.5)]
    found = beyond.corpus_list(
        top, 4, frozenset({"recommend"}), order=DocumentOrder(chunks), facts=facts, limit=5
    )
    assert found is not None and found[0].text == "Three things, and none is new:"


@pytest.mark.parametrize(
    ("answer", "k", "short"),
    [
        ("Three reasons: cost, delay, and risk.", 4, (3, "reasons")),
        (
            "She points to three things: gas prices, freight, and the way they buy.",
            5,
            (3, "things"),
        ),
        ("Four measures: 1) A, 2) B, 3) C, and 4) D.", 5, (4, "measures")),
        ("Three reasons: cost, delay, and risk.", 3, None),  # the third exists
        ("Three reasons: cost and delay.", 4, None),  # two items given: not that list
        ("The levy rose. Then it fell. Then it rose.", 4, None),  # no count announced
    ],
)
def test_a_follow_up_past_the_end_of_the_answers_list(
    answer: str, k: int, short: tuple[int, str] | None
) -> None:
    got = beyond.short_answer_list(answer, k)
    assert (got[:2] if got else None) == short


@pytest.mark.parametrize(
    ("answer", "question", "short"),
    [
        ("1. Dredging. 2. Sea walls. 3. Pumps.", "what are the three defences?", (3, "defences")),
        ("1. Dredging. 2. Sea walls. 3. Pumps.", "what does the panel propose?", (3, "items")),
        ("2. Sea walls. 3. Pumps.", "what else?", None),  # not the list from its start
        ("1. Dredging. 2. Sea walls. 3. Pumps.", "", (3, "items")),
    ],
)
def test_a_follow_up_past_the_end_of_a_numbered_answer(
    answer: str, question: str, short: tuple[int, str] | None
) -> None:
    """A list the chat numbered without announcing its count ends at its last number."""
    got = beyond.short_answer_list(answer, 4, question)
    assert (got[:2] if got else None) == short
    assert beyond.short_answer_list(answer, 3, question) is None


def test_an_ordinal_past_the_end_of_the_list_is_refused_with_the_list(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "port.md").write_text(
        "# Port Reform\n\n"
        "The harbour authority runs a deficit of 40 million a year. "
        "The panel recommends three steps:\n\n"
        "1. Raise the berth levy for large ships.\n"
        "2. Share the port data with the customs office.\n"
        "3. Review the pilotage treaty with the neighbours.\n\n"
        "Dredging the channel would cost 12 million over five years.\n",
        encoding="utf-8",
    )
    bot = Assistant.load(settings=Settings(corpus_dir=corpus, index_dir=tmp_path / "index"))
    answer = bot.ask("what's the panel's fifth recommendation?")
    assert answer.abstained and "lists only three steps, no fifth" in answer.text
    assert answer.citations
    history = [
        {"role": "user", "content": "what does the panel recommend?"},
        {"role": "assistant", "content": "Three steps: raise the levy, share data, and review."},
    ]
    follow = bot.ask("and the fourth one?", history=history)
    assert follow.abstained and "no fourth" in follow.text
    third = bot.ask("and the third one?", history=history)
    assert not third.abstained and "treaty" in third.text


def test_a_table_value_carries_its_labels_unit() -> None:
    row = (
        "Country: Freedonia; Goods exported, 2025 (EUR million): 6,240; "
        "Emissions (t per tonne): 2.1; Charge as share of export value (%): 15.3; "
        "Share of imports: 41"
    )
    assert carry_units(row) == (
        "Country: Freedonia; Goods exported, 2025 (EUR million): EUR6,240mn; "
        "Emissions (t per tonne): 2.1; Charge as share of export value (%): 15.3%; "
        "Share of imports: 41%"
    )
    numbers = canonical_numbers(row)
    assert {"pct:15.3", "pct:41", "num:6.24e+09", "num:6240", "year:2025"} <= numbers
    facts = sentence_facts(carry_units(row), Lexicon([sentence_chunk(0, row)]), "body")
    words = row.split()
    # the value itself is the percentage, not only its label's "(%)"
    assert "15.3;" in [words[i] for i in facts.type_positions["percent"]]
    assert carry_units("He said: 40 of them came.") == "He said: 40 of them came."


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("at end-2025", "2025"),
        ("by mid-2026", "2026"),
        ("in FY2025", "2025"),
        ("FY24 budget", "2024"),
        ("since '24", "2024"),
        ("the 2024-25 season", "2025"),
    ],
)
def test_short_years_are_years(text: str, year: str) -> None:
    assert f"year:{year}" in canonical_numbers(text)
    assert has_year(text)
    assert year in stems(text)


def test_a_year_range_is_not_a_count() -> None:
    assert "num:25" not in canonical_numbers("the 2024-25 season")
    assert "year:2024" not in canonical_numbers("the '90s")


def test_an_abbreviation_defined_in_square_brackets() -> None:
    text = (
        "Inflows reached $9 billion (Inter-American Remittance Observatory [IARO], 2025). "
        "Its economist said so (Reinoso, 2025), see also [12]."
    )
    (alias,) = mine_aliases([text])
    assert (alias.short, alias.long) == ("IARO", "Inter-American Remittance Observatory")
    chunk = sentence_chunk(0, text)
    assert chunk_roles([chunk], {}).defined_in["iaro"] == chunk.id


def test_the_noun_of_the_position_asked() -> None:
    assert beyond.asked_noun("what's the 7th recommendation?") == "recommendations"
    assert beyond.asked_noun("and the fourth policy?") == "policies"
    assert beyond.asked_noun("and the fourth steps?") == "steps"
    assert beyond.asked_noun("and the fourth?") is None


def test_a_follow_up_past_the_end_of_a_list_the_question_counted() -> None:
    """An answer giving the items without their count ("what three levers …?" answered by
    the three) ends where the question's count does."""
    answer = "Raising the fare, a congestion charge (for lorries), and selling the depot."
    question = "what three levers does the council weigh?"
    got = beyond.short_answer_list(answer, 4, question)
    assert got is not None and got[:2] == (3, "levers")
    assert beyond.short_answer_list(answer, 3, question) is None
    # a count the answer does not match is not that list; a question counting nothing, none
    assert beyond.short_answer_list(answer, 5, "what five levers does it weigh?") is None
    assert beyond.short_answer_list(answer, 4, "what does the council weigh?") is None
