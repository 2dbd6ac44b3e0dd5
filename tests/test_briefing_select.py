"""Choosing a topic briefing's points: a facet request values its candidates per word, on
made-up sentences (no model, no corpus)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from briefing_bot.briefing.select import Selection
from briefing_bot.briefing.settings import BriefingSettings


@dataclass
class _Sentence:
    text: str

    @property
    def terms(self) -> frozenset[str]:
        return frozenset(self.text.lower().split())


LONG = (
    "The harbour authority, which has run the northern ferry terminals since the merger of "
    "the two port boards and answers to the regional transport council, faces rising "
    "dredging costs."
)
SHORT = [
    "Storms close the ferry route often.",
    "Fuel prices doubled for the ferries.",
    "Crew shortages cancel many ferry crossings.",
]


class _Pool(Selection):
    """Row 0 is one long sentence, rows 1–3 short ones, each its own paragraph, none alike."""

    def __init__(self) -> None:
        self.cfg = BriefingSettings()
        self.point_model = None
        self.sents = [_Sentence(LONG), *(_Sentence(t) for t in SHORT)]

    def _sent(self, row: int) -> _Sentence:  # type: ignore[override]
        return self.sents[row]

    def _vecs(self, rows: object) -> np.ndarray:
        return np.eye(len(self.sents), dtype=np.float32)[list(rows)]  # type: ignore[call-overload]

    def _paragraph(self, row: int) -> tuple[str, int]:
        return ("doc", row)

    def _vague(self, row: int) -> bool:
        return False

    def _tabular(self, row: int) -> bool:
        return False

    def _specific(self, row: int) -> float:
        return 0.0

    def _items(self, row: int) -> list[int] | None:
        return None

    def _anchor(self, row: int) -> int | None:
        return None


def test_a_facet_request_values_its_candidates_per_word() -> None:
    pool = _Pool()
    rel = {0: 1.0, 1: 0.8, 2: 0.75, 3: 0.7}
    # by worth alone the long sentence is the first point…
    assert pool._mmr([0, 1, 2, 3], rel, [], 2) == [0, 1]
    # …per word, two short distinct items come before it
    assert pool._mmr([0, 1, 2, 3], rel, [], 2, per_word=1.0) == [1, 2]
    assert pool._brevity(0, 0.0) == 1.0
    assert pool._brevity(1, 1.0) == pool.cfg.point_words / len(SHORT[0].split())


def test_a_near_repeat_in_content_words_takes_no_second_point() -> None:
    pool = _Pool()
    pool.sents[1:] = [
        _Sentence("Storms close the ferry route often."),
        # four of nine words shared (Jaccard 0.44): the same point said again
        _Sentence("Storms close the ferry terminal every winter."),
        _Sentence("Crew shortages cancel many crossings."),
    ]
    rel = {1: 1.0, 2: 0.9, 3: 0.5, 0: 0.4}
    assert pool._repeats(2, [1]) and not pool._repeats(3, [1])
    assert pool._mmr([0, 1, 2, 3], rel, [], 2) == [1, 3]


_LISTS = {1: [2, 3]}


class _Listed(_Pool):
    """Row 1 announces a list of rows 2 and 3 ("There are two reasons…"), row 0 is the
    sentence before it."""

    def _items(self, row: int) -> list[int] | None:
        return _LISTS.get(row)

    def _anchor(self, row: int) -> int | None:
        return next((a for a, items in _LISTS.items() if row in items), None)


def test_a_list_ranked_high_by_the_sentence_before_it_is_not_the_topics() -> None:
    pool = _Listed()
    ranked = [0, 1, 4, 5, 6, 7, 2, 3]  # the anchor second, by what row 0 lent it
    own = [0, 4, 5, 6, 7, 8, 1, 2]  # by its own words it is seventh
    assert pool._enumeration(ranked, 7, own) == 1
    assert pool._enumeration(ranked, 7, own, borrowed={1}) is None
    # lent by the sentence before it yet among the five best by its own words: the topic's
    assert pool._enumeration(ranked, 7, [0, 1, 4, 5, 6], borrowed={1}) == 1


def test_an_announcing_sentence_is_worth_a_sentence_its_items_the_list() -> None:
    pool = _Listed()
    bonus = 1.0 + pool.cfg.specific_weight
    assert pool._worth(2, 1.0) == bonus  # an item: the list is the specific
    assert pool._worth(1, 1.0) == 1.0  # the announcement alone carries nothing


def test_a_pool_holds_the_points_asked_for_besides_the_bottom_line() -> None:
    from briefing_bot.briefing.select import fill_pool

    order = list(range(60))
    # five candidates for four points: the bottom line and a lead-in's follower take two
    assert fill_pool([0, 1, 2, 3, 4], order, 4, 5) == [0, 1, 2, 3, 4, 5]
    # no more than the points asked for: the 40 best (three per point at least)
    assert fill_pool([0, 1, 2], order, 4, 0) == order[:40]
    assert fill_pool([0, 1], order, 15, 0) == order[:45]
    # never fewer than a briefing's fewest points and its bottom line
    assert fill_pool([3], order, None, 5) == [3, 0, 1, 2, 4]
    # enough already: untouched
    assert fill_pool([0, 1, 2, 3, 4, 5, 6], order, 4, 5) == [0, 1, 2, 3, 4, 5, 6]


def test_a_list_is_the_topics_when_two_items_rank_high_not_one_high_one_eighth() -> None:
    pool = _Listed()
    # item 2 first, item 3 eighth by their own words: one item is the topic, not the list
    # (a long report's six recommendations, one of them on the topic)
    ranked = [2, 0, 4, 5, 6, 7, 8, 3]
    assert pool._enumeration(ranked, 7, ranked) is None
    ranked = [2, 0, 3, 4, 5, 6, 7, 8]
    assert pool._enumeration(ranked, 7, ranked) == 1


class _LongList(_Pool):
    """Row 1 announces a six-item list (rows 2–7); rows 0 and 8–11 are other sentences."""

    def __init__(self) -> None:
        super().__init__()
        self.items = [2, 3, 4, 5, 6, 7]
        self.sents = [_Sentence(f"sentence {i}") for i in range(12)]

    def _items(self, row: int) -> list[int] | None:
        return self.items if row == 1 else None

    def _anchor(self, row: int) -> int | None:
        return 1 if row in self.items else None


def test_two_items_of_a_long_list_are_those_items_not_the_list() -> None:
    """Two of six recommendations on the topic make the topic those two: the list's first
    items would be off it (a report's recommendations, one on drivers and one that says
    "single" in another sense); half of them make it the list's."""
    pool = _LongList()
    ranked = [2, 0, 5, 8, 9, 10, 11, 3, 4, 6, 7, 1]
    assert pool._enumeration(ranked, 7, ranked) is None
    assert pool._enumeration(ranked, 3, ranked, cut=True) is None  # nor its first three
    ranked = [2, 0, 5, 4, 8, 9, 3, 10, 11, 6, 7, 1]
    assert pool._enumeration(ranked, 7, ranked) == 1
    # longer than a briefing holds: never by its items, however many rank high
    pool.items = list(range(2, 10))
    assert pool._enumeration([2, 3, 4, 5, 6, 7, 0, 11], 3, None, cut=True) is None
