"""Counterparts: a specific term of the question swapped for another of its kind, on
invented text (a fund, a trust, countries, acronyms)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

TEXTS = (
    "In 2023 the Harbour Fund paid EUR 4 million to Kenya for port repairs.",
    "The Coastal Trust (CT) runs ferries to Ghana; the Reef Agency (RA) runs none.",
    "Uganda and the Delta Bank signed a loan for new cranes.",
)


def _lexicon() -> Any:
    from briefing_bot.answering.lexicon import Lexicon

    chunks = [
        SimpleNamespace(section_path=["Body"], text=t, kind="body", sentence_texts=lambda: [])
        for t in TEXTS
    ]
    return Lexicon(chunks)  # type: ignore[arg-type]


def _swapped(question: str, lead: str) -> dict[str, float]:
    from briefing_bot.answering.analysis import analyse
    from briefing_bot.answering.counterparts import swapped_kinds
    from briefing_bot.answering.lexicon import stems

    lexicon = _lexicon()
    q = analyse(question, [], lexicon)
    return swapped_kinds(q, lead, frozenset(stems(lead)), lexicon)


def test_a_place_swapped_for_another_place_in_any_case() -> None:
    fund = TEXTS[0]
    for question in (
        "how much did the Harbour Fund pay Ghana for port repairs?",
        "how much did the harbour fund pay ghana for port repairs?",
    ):
        assert _swapped(question, fund)["place"] == 1.0, question
    # the place asked is said: no swap
    assert _swapped("how much did the harbour fund pay kenya?", fund)["place"] == 0.0
    # a sentence naming no place holds no counterpart of one
    assert _swapped("what did Ghana pay?", "The fund paid for cranes.")["place"] == 0.0


def test_a_name_or_acronym_swapped_for_a_sibling() -> None:
    # the corpus writes "Delta Bank" only capitalised; the fund's sentence names another
    assert _swapped("how much did the Delta Bank pay Kenya for port repairs?", TEXTS[0]) == {
        "place": 0.0,
        "name": 1.0,
        "acronym": 0.0,
        "year": 0.0,
    }
    # the acronym asked and its long form are both missing from a sentence naming another
    assert _swapped("does the RA run ferries?", "The CT runs ferries.")["acronym"] == 1.0
    # the long form of the acronym asked counts as it
    assert _swapped("does the RA run ferries?", "The Reef Agency runs ferries.")["acronym"] == 0.0
    # a currency code beside a figure is no acronym in the slot of one
    assert _swapped("what did the RA pay?", "It paid EUR 4 million.")["acronym"] == 0.0


def test_a_year_swapped_for_another() -> None:
    assert _swapped("what did the fund pay in 2024?", TEXTS[0])["year"] == 1.0
    assert _swapped("what did the fund pay in 2023?", TEXTS[0])["year"] == 0.0


def test_the_question_model_reads_a_swapped_place_or_known_term() -> None:
    """question_features: swap_known from the best candidate, its paragraph (the passage's
    other candidate sentences) and headings."""
    from briefing_bot.answering.analysis import analyse
    from briefing_bot.answering.evidence import Candidate, sentence_facts
    from briefing_bot.answering.question_features import question_features

    lexicon = _lexicon()
    chunks: dict[str, Any] = {}

    def candidate(text: str, chunk: str) -> Any:
        where = chunks.setdefault(
            chunk, SimpleNamespace(section_path=["Body"], id=chunk, kind="body")
        )
        features = {"dense": 0.5, "entity_coverage": 1.0, "rare_missing": 0.0, "type_head": 1.0}
        facts = sentence_facts(text, lexicon, "body")
        return Candidate(where, 0, text, 1, "body", facts, features, prob=0.8)

    def features(question: str, *found: Any) -> float:
        q = analyse(question, [], lexicon)
        return question_features(q, found, lexicon, partial_entity=False)["swap_known"]

    fund = candidate(TEXTS[0], "a")
    assert features("how much did the harbour fund pay ghana for repairs?", fund) == 1.0
    assert features("how much did the harbour fund pay kenya for repairs?", fund) == 0.0
    # the place asked said in the lead's paragraph: no swap
    ghana = candidate("Ghana was paid the same.", "a")
    assert features("how much did the harbour fund pay ghana for repairs?", fund, ghana) == 0.0
    # a name the corpus says elsewhere, swapped for the fund
    assert features("how much did the Delta Bank pay Kenya for repairs?", fund) == 1.0
    # a name the corpus never says is no known term swapped (entity_unknown reads it)
    assert features("how much did the Zorba Fund pay Kenya for repairs?", fund) == 0.0
