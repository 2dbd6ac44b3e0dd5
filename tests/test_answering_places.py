"""A place typed otherwise than the corpus names it — a capital, a longer name — is read as
the corpus's name for the country in every feature of the question (analysis.read_places), on
invented texts; and end to end on the paper's index, where the answer's notice says so."""

from __future__ import annotations

import dataclasses

import pytest

from briefing_bot.answering.analysis import analyse, read_places
from briefing_bot.answering.lexicon import Lexicon
from tests.fakes import sentence_chunk

LEXICON = Lexicon(
    [
        sentence_chunk(0, "Australia pledged EUR 40 million to the harbour fund in 2024."),
        sentence_chunk(1, "Argentina and Norway signed the pact in Oslo."),
        sentence_chunk(2, "A Russian firm bid for the contract."),
    ]
)


@pytest.mark.parametrize(
    ("typed", "read", "said"),
    [
        (
            "how much did Canberra pledge?",
            "how much did Australia pledge?",
            [("Canberra", "Australia")],
        ),
        # a possessive keeps its ending; a place of two words is read whole
        (
            "what is Buenos Aires's view?",
            "what is Argentina's view?",
            [("Buenos Aires", "Argentina")],
        ),
        # after the question's own first word, capitalised as every first word is
        ("Is Canberra's pledge paid?", "Is Australia's pledge paid?", [("Canberra", "Australia")]),
    ],
)
def test_a_capital_the_corpus_never_writes_is_read_as_its_country(
    typed: str, read: str, said: list[tuple[str, str]]
) -> None:
    text, corrections = read_places(typed, LEXICON)
    assert text == read
    assert [(c.typed, c.read) for c in corrections] == said


@pytest.mark.parametrize(
    "question",
    [
        "what was signed in Oslo?",  # the corpus writes it: it means what the corpus means
        "how much did canberra pledge?",  # lower case: not read as a place here
        "what did Moscow offer?",  # the corpus names the country only by its demonym
        "what did Lima pledge?",  # a country the corpus never names
        "what did the Canberra Times report?",  # a place opening a longer name is that name's
        "did the Buenos Aires Consensus hold?",
    ],
)
def test_what_the_corpus_writes_or_cannot_stand_for_is_left_as_typed(question: str) -> None:
    assert read_places(question, LEXICON) == (question, [])


def test_every_feature_reads_the_country_unless_told_not_to() -> None:
    q = analyse("how much did Canberra pledge?", [], LEXICON)
    assert "Australia" in q.text and "Canberra" not in q.text
    kept = analyse("how much did Canberra pledge?", [], LEXICON, places=False)
    assert "Canberra" in kept.text


def test_the_answer_says_which_place_it_read_and_answers_as_for_the_country(paper_bot) -> None:
    """The paper says "Japan", never "Tokyo": the same passages as for the country's name."""
    asked = paper_bot.ask("What does Tokyo have to do with the alliance's technology cooperation?")
    plain = paper_bot.ask("What does Japan have to do with the alliance's technology cooperation?")
    assert asked.notice is not None and "“Tokyo” as “Japan”" in asked.notice
    assert [c.chunk_id for c in asked.citations] == [c.chunk_id for c in plain.citations]
    answerer = paper_bot.answerer
    own = answerer.settings
    answerer.settings = dataclasses.replace(own, read_places=False)
    try:
        assert paper_bot.ask("What does Tokyo have to do with it all?").notice is None
    finally:
        answerer.settings = own


def test_the_benchmark_writes_each_country_as_its_capital() -> None:
    from benchmarks.typos import capitals, perturb

    assert capitals("What does the United States bring?") == "What does Washington bring?"
    assert capitals("How much did Japan's firms invest?") == "How much did Tokyo's firms invest?"
    assert perturb("metonym", "what is the levy?", "q1") is None  # no country named
    # and as a search box's keywords, the question words left out
    typed = perturb("keywords", "how many ferries sailed from the harbour in 2025?", "q1")
    assert typed == "ferries sailed harbour 2025"
