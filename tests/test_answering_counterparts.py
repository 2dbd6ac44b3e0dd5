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
    # typed in lower case, an acronym the corpus writes in capitals is still one: swapped
    # for another acronym, not for a name ("Uganda" is a place, "Delta Bank" a name)
    assert _swapped("does the ra run ferries?", "The CT runs ferries.")["acronym"] == 1.0
    lower = _swapped("does the ra run ferries?", "The Delta Bank runs ferries.")
    assert lower["acronym"] == lower["name"] == 0.0


def test_a_year_swapped_for_another() -> None:
    assert _swapped("what did the fund pay in 2024?", TEXTS[0])["year"] == 1.0
    assert _swapped("what did the fund pay in 2023?", TEXTS[0])["year"] == 0.0


def test_a_swap_knows_whether_the_corpus_says_the_term_and_where_it_stands() -> None:
    from briefing_bot.answering.analysis import analyse
    from briefing_bot.answering.counterparts import swapped
    from briefing_bot.answering.lexicon import stems

    lexicon = _lexicon()
    lead = "The Harbour Fund paid Kenya for port repairs."

    def swaps(question: str, window: int | None = None) -> list[tuple[str, str, bool]]:
        q = analyse(question, [], lexicon)
        found = swapped(q, lead, frozenset(stems(lead)), lexicon, window=window)
        return [(s.kind, s.key, s.known) for s in found]

    # a name the corpus says elsewhere; one it never says (the name's other features read it)
    assert swaps("what did the Delta Bank pay for port repairs?") == [
        ("name", "delta", True),
        ("name", "bank", True),
    ]
    assert ("name", "zorba", False) in swaps("what did the Zorba Fund pay for port repairs?")
    # in the slot: "Kenya" stands beside "paid", as "Ghana" beside "paid" in the question
    assert swaps("how much was Ghana paid?", window=2) == [("place", "ghana", True)]
    assert swaps("is Ghana a good place for a holiday?", window=2) == []


def test_a_month_or_the_documents_author_is_no_counterpart() -> None:
    from briefing_bot.answering.analysis import analyse
    from briefing_bot.answering.counterparts import swapped_kinds
    from briefing_bot.answering.lexicon import Lexicon, stems

    texts = [
        ("about", "By Mara Quist", ["By Mara Quist"]),
        ("body", "In May the Harbour Fund paid Kenya for cranes.", []),
        ("body", "In June the Delta Bank paid Ghana for ferries.", []),
        ("body", "The Delta Bank and the Vesta Group paid Ghana for ferries.", []),
    ]
    chunks = [
        SimpleNamespace(
            section_path=["Body"], text=t, kind=kind, sentence_texts=lambda lines=lines: lines
        )
        for kind, t, lines in texts
    ]
    lexicon = Lexicon(chunks)  # type: ignore[arg-type]
    lead = texts[1][1]

    def name_swapped(question: str, lead: str = lead) -> float:
        q = analyse(question, [], lexicon)
        return swapped_kinds(q, lead, frozenset(stems(lead)), lexicon)["name"]

    # the corpus writes "June" only capitalised, yet a month asked is a date, not a name
    assert name_swapped("what did the Harbour Fund pay in June?") == 0.0
    # the author the question attributes the text to is the document, not a counterpart
    vesta = texts[3][1]
    assert name_swapped("according to Quist, what did the Delta Bank pay Ghana?", vesta) == 0.0
    assert name_swapped("according to Ulvik, what did the Delta Bank pay Ghana?", vesta) == 1.0
    # a name the corpus says elsewhere, in the slot of another, still is one
    assert name_swapped("what did the Delta Bank pay Kenya?") == 1.0
