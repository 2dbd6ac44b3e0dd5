"""A sentence opening with "He/She …" is about the person the text named last (coref.py): a
question naming that person finds it, in lower case too, and one naming another person
does not take it for theirs."""

from __future__ import annotations

from dataclasses import replace

from briefing_bot.answering.analysis import analyse
from briefing_bot.answering.lexicon import Lexicon
from tests.fakes import sentence_chunk

ISSUE = [
    sentence_chunk(
        1,
        "In her paper, Liisa Rannik of the Harbour Institute studies shipyards.",
        "She finds that output doubled to 40 hulls a year.",
    ),
    sentence_chunk(
        2,
        "Her warning is that the increase rests on two yards.",
        "The board agreed in May.",
    ),
    sentence_chunk(
        3,
        "Mikael Sandvik and Aino Lehtovaara write about procurement.",
        "They recommend a common planning calendar.",
        "They also want a shared stockpile.",
    ),
    replace(sentence_chunk(4, "He recommends a port levy."), section_path=("Another section",)),
]


def test_a_pronoun_led_sentence_is_about_the_person_named_last_in_its_section() -> None:
    lexicon = Lexicon(ISSUE)
    assert lexicon.antecedents == {
        ("c1", 1): ("Liisa Rannik",),
        ("c2", 0): ("Liisa Rannik",),  # the paragraph after, same section
        ("c3", 1): ("Mikael Sandvik", "Aino Lehtovaara"),  # "they": the sentence before's
    }
    # a second "they" is not read (often a group: states, firms); a new section starts afresh
    assert ("c3", 2) not in lexicon.antecedents and ("c4", 0) not in lexicon.antecedents


def test_the_passages_about_a_person_the_question_names() -> None:
    lexicon = Lexicon(ISSUE)
    asked = analyse("what does rannik warn about?", [], lexicon)
    assert asked.entities == ["Rannik"]  # a person the corpus names, typed in lower case
    assert lexicon.passages_about(asked.terms) == ["c1", "c2"]
    assert lexicon.passages_about(analyse("what does the board say?", [], lexicon).terms) == []


def test_a_person_pronoun_sentence_holds_the_persons_words() -> None:
    from briefing_bot.answering.tables import all_facts

    facts = all_facts(ISSUE, Lexicon(ISSUE))
    assert "rannik" in facts[("c1", 1)].tokens and "rannik" in facts[("c2", 0)].tokens
    assert "rannik" not in facts[("c2", 1)].tokens
