"""Names typed in lower case are names (analysis.names_in_lower_case), and a later "who" after
another question word is a relative pronoun (wording.answer_type), on invented text."""

from __future__ import annotations

import pytest

from briefing_bot.answering.analysis import analyse, names_in_lower_case
from briefing_bot.answering.lexicon import Lexicon
from briefing_bot.answering.wording import answer_type
from tests.fakes import sentence_chunk

LEXICON = Lexicon(
    [
        sentence_chunk(0, "Ofcom licenses the ground stations of North Jutland."),
        sentence_chunk(1, "The Committee heard Amal Al-Rashid, who chairs the harbour board."),
        sentence_chunk(2, "The west of the island has one harbour and a committee of elders."),
        sentence_chunk(3, "The Annual Report lists every licence."),
    ]
)


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("what does ofcom license?", ["Ofcom"]),
        # words the corpus writes only capitalised, in a run: one name, as the corpus writes it
        ("how many stations are in north jutland?", ["North Jutland"]),
        ("who is amal al-rashid?", ["Amal Al-Rashid"]),
        # a run the corpus never writes as one name: each word of it that is no English word
        ("what did the ofcom report say?", ["Ofcom"]),
        # one English word the corpus capitalises may be any committee: no name on its own
        ("what did the committee hear?", []),
        # a word the corpus writes in lower case too, or never writes, is no name here
        ("what is in the west of the island?", []),
        ("how many satellites does starlink run?", []),
    ],
)
def test_names_typed_in_lower_case_are_read_as_the_corpus_writes_them(
    question: str, names: list[str]
) -> None:
    assert names_in_lower_case(question, LEXICON) == names


def test_a_question_in_lower_case_names_what_it_names_with_capitals() -> None:
    lower = analyse("what stations does ofcom license?", [], LEXICON)
    upper = analyse("what stations does Ofcom license?", [], LEXICON)
    assert lower.entities == upper.entities == ["Ofcom"]
    off = analyse("what stations does ofcom license?", [], LEXICON, lower_names=False)
    assert off.entities == []
    # "who is <name>?" asks who the person is, in either case
    assert analyse("who is amal al-rashid?", [], LEXICON).kind == "general"
    assert analyse("who is Amal Al-Rashid?", [], LEXICON).kind == "general"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("how would the plan help households who can't pay?", "general"),
        ("why are critics who doubt the fund wrong?", "reason"),
        # a conjunction joins a second question: "who" asks for a person
        ("what is the fund and who runs it?", "person"),
        ("how big is the fund, and who pays?", "person"),
        ("who runs the fund?", "person"),
        ("tell me who runs the fund", "person"),
    ],
)
def test_a_later_who_after_another_question_word_is_a_relative_pronoun(
    question: str, kind: str
) -> None:
    assert answer_type(question) == kind
