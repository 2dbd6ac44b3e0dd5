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
