"""Typing slips read as the corpus words they miss (answering/spelling.py), on invented texts;
and end to end on the paper's index, where a slip had made the answer a refusal."""

from __future__ import annotations

import dataclasses

import pytest

from briefing_bot.answering.lexicon import Lexicon
from briefing_bot.answering.spelling import Correction, Speller, read_as, variants
from tests.fakes import sentence_chunk

CHUNKS = [
    sentence_chunk(
        0,
        "Foreign investment in the harbour reached EUR 40 million in 2024.",
        "The presidency of the council rotates every six months.",
    ),
    sentence_chunk(1, "Joint cybersecurity cooperation began with an exercise.", "Johnson agreed."),
    sentence_chunk(2, "Zambia and Lancashire signed the pact."),
]
SPELLER = Speller(Lexicon(CHUNKS))


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("how much foreign investmnet went to the harbour?", "investment"),  # two swapped
        ("what about cybersecurty cooperation?", "cybersecurity"),  # a letter left out
        ("how much was invsted in the harbour?", "invested"),  # an English form of its stem
        ("what did johnsen agree?", "johnson"),  # a name typed in lower case
        ("what did lancashrie sign?", "lancashire"),
    ],
)
def test_a_slip_is_read_as_the_word_the_corpus_uses(typed: str, read: str) -> None:
    text, slips = SPELLER.correct(typed)
    assert [s.read for s in slips] == [read]
    assert read in text and slips[0].typed not in text


@pytest.mark.parametrize(
    "question",
    [
        "what's the weather in the harbour?",  # an English word the corpus never uses
        "what did Johnston say?",  # a name: "Johnston" is not the text's "Johnson"
        "Johnston said what?",  # nor at a sentence's start
        "did gambia agree?",  # a country of its own, not a slip for the text's Zambia
        "what hppened in the harbour?",  # no word the corpus uses is that close
        "is the levy about thirty euros?",  # a number word (lemminflect lacks it)
        "how much does e-residency cost?",  # a compound, not "presidency"
        "any recs on the harbour?",  # short: an analyst's clipped word
        "who holds the presidency?",  # a corpus word as it is
    ],
)
def test_what_cannot_be_a_slip_is_left_as_typed(question: str) -> None:
    assert SPELLER.correct(question) == (question, [])


def test_a_sentence_capital_is_read_as_a_word() -> None:
    assert SPELLER.correct("Investmnet in the harbour?")[0] == "Investment in the harbour?"


def test_the_notice_says_what_was_read_as_what() -> None:
    assert read_as([Correction("invsted", "invested")]) == "read “invsted” as “invested”"


@pytest.mark.slow
def test_a_slip_no_longer_refuses_what_the_paper_answers(paper_bot) -> None:
    question = "How much has Korea invsted in the United States?"
    answer = paper_bot.ask(question)
    assert not answer.abstained and "140 billion" in answer.text
    assert answer.notice and "“invsted” as “invested”" in answer.notice
    answerer = paper_bot.answerer
    own = answerer.settings
    answerer.settings = dataclasses.replace(own, correct_slips=False)
    try:
        assert paper_bot.ask(question).abstained  # what the slip did before
    finally:
        answerer.settings = own


def test_the_slip_benchmark_mistypes_one_word_by_one_edit_the_same_way_each_time() -> None:
    from benchmarks.typos import mistype
    from rapidfuzz.distance import OSA

    question = "how much foreign investment reached the harbour?"
    typed = mistype(question, "q1")
    assert typed is not None and typed == mistype(question, "q1")
    changed = [(a, b) for a, b in zip(question.split(), typed.split(), strict=True) if a != b]
    assert len(changed) == 1 and OSA.distance(*changed[0]) == 1
    assert mistype("who is he?", "q2") is None  # no word of six letters


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("organize", "organise"),
        ("organisations", "organizations"),
        ("analyzed", "analysed"),
        ("labor", "labour"),
        ("centres", "centers"),
        ("defense", "defence"),
        ("licenses", "licences"),
        ("modeling", "modelling"),
        ("programme", "program"),
    ],
)
def test_british_and_american_spellings_are_each_others_variants(word: str, other: str) -> None:
    assert other in variants(word) and word in variants(other)


def test_a_variant_is_read_only_where_the_corpus_uses_it_and_never_the_word() -> None:
    speller = Speller(Lexicon([sentence_chunk(0, "The defence ministry runs a training centre.")]))
    assert speller.correct("what does the defense ministry run?")[0] == (
        "what does the defence ministry run?"
    )
    assert speller.correct("what does the center train?")[0] == "what does the centre train?"
    assert speller.correct("how is labor organized?") == ("how is labor organized?", [])
    assert speller.correct("four of them") == ("four of them", [])  # not "for"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("whats the gist", "what's the gist"),
        ("Whos the author and why dont they agree?", "Who's the author and why don't they agree?"),
        ("it's what isn't said", "it's what isn't said"),  # already there
    ],
)
def test_contractions_typed_without_their_apostrophe_get_it(typed: str, read: str) -> None:
    from briefing_bot.text import restore_apostrophes

    assert restore_apostrophes(typed) == read
    assert SPELLER.correct(typed)[0] == read


def test_a_possessive_typed_without_its_apostrophe_gets_it_and_a_plural_keeps_none() -> None:
    assert SPELLER.correct("what did zambias cabinet sign?")[0] == "what did zambia's cabinet sign?"
    assert SPELLER.correct("Lancashires pact?")[0] == "Lancashire's pact?"
    assert SPELLER.correct("did Pakistans cabinet sign?")[0] == "did Pakistan's cabinet sign?"
    assert SPELLER.correct("how did Zambians react?")[0] == "how did Zambians react?"  # people
    assert SPELLER.correct("what do the exercises show?")[0] == "what do the exercises show?"
    assert SPELLER.correct("does it run on sundays?")[0] == "does it run on sundays?"


def test_a_summary_request_typed_without_its_apostrophe_is_routed() -> None:
    from briefing_bot.briefing.requests import parse_request

    assert parse_request("whats the main argument?") is not None


def test_the_benchmark_drops_apostrophes_and_capitals_and_skips_what_it_leaves_alone() -> None:
    from benchmarks.typos import perturb

    assert perturb("noapos", "What's Korea's share in '25?", "k") == "Whats Koreas share in 25?"
    assert perturb("lower", "What did Yoon say?", "k") == "what did yoon say?"
    assert perturb("lower", "what did yoon say?", "k") is None


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("is the us planning a tariff?", "is the US planning a tariff?"),
        ("how do us firms and us-korea ties fare?", "how do US firms and US-korea ties fare?"),
        ("give us figures", "give us figures"),  # the pronoun, a verb's object
        ("they told us that", "they told us that"),
        ("what does it mean for us?", "what does it mean for us?"),
    ],
)
def test_us_typed_in_lower_case_is_the_country_where_it_qualifies_a_noun(
    typed: str, read: str
) -> None:
    speller = Speller(Lexicon([sentence_chunk(0, "The US and Zambia signed the pact.")]))
    assert speller.correct(typed)[0] == read


def test_the_benchmark_wraps_questions_as_a_chat_does() -> None:
    from benchmarks.typos import perturb

    assert perturb("opener", "What is X?", "k") == "quick question: What is X?"
    assert perturb("courtesy", "What is X?", "k") == "What is X? thanks!"
    assert perturb("frame", "What is X?", "k") == "can you tell me what is X?"
