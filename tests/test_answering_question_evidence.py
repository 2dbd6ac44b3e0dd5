"""The question model's paragraph feature, on invented text."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest


def _lexicon(*texts: str) -> Any:
    from briefing_bot.answering.lexicon import Lexicon

    chunks = [
        SimpleNamespace(section_path=["Body"], text=t, kind="body", sentence_texts=lambda: [])
        for t in texts
    ]
    return Lexicon(chunks)  # type: ignore[arg-type]


_CHUNKS: dict[str, Any] = {}


def _candidate(text: str, lexicon: Any, chunk: str, dense: float = 0.5) -> Any:
    from briefing_bot.answering.evidence import Candidate, sentence_facts

    features = {"dense": dense, "entity_coverage": 1.0, "rare_missing": 0.0, "type_head": 0.0}
    # the sentences of one passage share its chunk (as evidence.candidates gives them)
    where = _CHUNKS.setdefault(chunk, SimpleNamespace(section_path=["Body"], id=chunk, kind="body"))
    facts = sentence_facts(text, lexicon, "body")
    return Candidate(where, 0, text, 1, "body", facts, features, prob=0.8)  # type: ignore[arg-type]


LEAD = "The reef survey began in March with four divers."
GRANT = "Its grant came from the coastal trust and paid for two boats."
OTHER = "Coral bleaching was recorded along the northern shore."


def test_paragraph_coverage_counts_the_words_of_the_best_sentence_s_neighbours() -> None:
    from briefing_bot.answering.analysis import analyse
    from briefing_bot.answering.question_features import question_features

    lexicon = _lexicon(f"{LEAD} {GRANT}", OTHER, "Divers counted fish at dawn.")
    q = analyse("which trust paid the grant for the reef survey?", [], lexicon)

    def para(*where: str) -> float:
        found = [
            _candidate(t, lexicon, c) for t, c in zip((LEAD, GRANT, OTHER), where, strict=True)
        ]
        return question_features(q, found, lexicon, partial_entity=False)["para_coverage"]

    together = para("a", "a", "b")  # the grant sentence shares the lead's paragraph
    apart = para("a", "c", "b")  # the same sentence retrieved from elsewhere
    assert together > apart
    assert together == pytest.approx(1.0)
    # only the lead's own words ("reef", "survey") are in a paragraph of it alone
    assert 0.0 < apart < 0.7


def test_an_ordinal_past_the_count_the_best_candidates_announce_is_beyond_them() -> None:
    from briefing_bot.answering.analysis import analyse
    from briefing_bot.answering.question_features import question_features

    three = "The levy falls unevenly on exporters for three reasons."
    first = "First, smaller mills pay the same fees as large ones."
    items = "4. Publish the verification reports every spring."
    lexicon = _lexicon(f"{three} {first}", items, "Exporters pay fees on steel.")

    def beyond(question: str, *texts: str) -> float:
        q = analyse(question, [], lexicon)
        found = [_candidate(t, lexicon, "p") for t in texts]
        return question_features(q, found, lexicon, partial_entity=False)["ordinal_beyond"]

    assert beyond("what is the fourth reason the levy falls unevenly?", three, first) == 1.0
    assert beyond("what is the second reason the levy falls unevenly?", three, first) == 0.0
    # an item numbered as far as the one asked: the list goes on past the count seen
    assert beyond("what is the fourth reason the levy falls unevenly?", three, items) == 0.0
    # no count announced: nothing to be beyond
    assert beyond("what is the fourth reason the levy falls unevenly?", first) == 0.0
    assert beyond("why does the levy fall unevenly?", three, first) == 0.0


def test_a_swap_only_the_best_sentence_makes_is_none_when_another_holds_the_term() -> None:
    from briefing_bot.answering.analysis import analyse
    from briefing_bot.answering.question_features import question_features

    later = "The survey counted 40 turtles in 2019 on the northern shore."
    earlier = "The survey counted 25 turtles in 2015 on the northern shore."
    lexicon = _lexicon(later, earlier, OTHER)
    q = analyse("how many turtles did the survey count in 2015?", [], lexicon)

    def swap(*texts: str, counted: bool = True) -> float:
        found = [_candidate(t, lexicon, f"s{i}") for i, t in enumerate(texts)]
        for c in found:  # the count asked for stands next to "turtles" (evidence.candidates)
            c.features["type_head"] = float(counted and "turtles" in c.text)
        return question_features(q, found, lexicon, partial_entity=False)["swap_known"]

    assert swap(later, OTHER) == 1.0  # 2019 where 2015 is asked, and nothing else says 2015
    assert swap(later, earlier) == 0.0  # the second best says 2015: the ranking erred
    assert swap(later, OTHER, OTHER, earlier) == 1.0  # ... only among the best few
    # a sentence saying 2015 without the count asked for is no answer in its place
    assert swap(later, earlier, counted=False) == 1.0


def test_the_asked_noun_written_otherwise_holds_the_figure_for_the_entity_gap() -> None:
    from briefing_bot.answering.analysis import analyse
    from briefing_bot.answering.question_features import question_features

    text = "Norway launched 40 satellites in 2025."
    lexicon = _lexicon(text, OTHER)
    q = analyse("how many sats did Norway launch?", [], lexicon)
    found = [_candidate(text, lexicon, "n")]
    found[0].features["entity_coverage"] = 1.0

    def gap(read: float) -> float:
        found[0].features["type_head_read"] = read  # "sats" read as "satellites"
        return question_features(q, found, lexicon, partial_entity=False)["type_entity_gap"]

    assert gap(0.0) == 1.0  # no candidate holds the count asked for
    assert gap(1.0) == 0.0  # the one holding it names Norway
