"""The bottom line of a topic briefing is a statement: never a question, nor a sentence of
the paragraph that asks one (a transcript's question from the floor, whose answer is in the
next paragraph and would be cut off from it), while a statement is among the chosen."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, ClassVar

import numpy as np

from briefing_bot.briefing.select import Selection


class _Chosen(Selection):
    """Selection over four sentences: 0 and 1 a floor question's paragraph, 2 and 3
    statements; 1 ends in the question, so 0 and 1 have a reply (sentence 2)."""

    TEXTS: ClassVar[list[str]] = [
        "QUESTION (A reader): You said a third of the staff will retire by 2030.",
        "Will the plan cut jobs?",
        "There is no target for job cuts, and staff will be retrained on paid time.",
        "Retirements will leave a third of the posts open by 2030.",
    ]

    def __init__(self, replies: bool) -> None:
        self.replies = replies

    def _sent(self, row: int) -> Any:
        return SimpleNamespace(text=self.TEXTS[row], para_first=row in (0, 2))

    def _vecs(self, rows: Any) -> np.ndarray:
        vecs = np.ones((len(rows), 3), dtype=np.float32)
        vecs[:, 0] += np.array(rows, dtype=np.float32) == 0  # the question's is the most central
        return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)

    def _reply(self, row: int) -> int | None:
        return 2 if self.replies and row in (0, 1) else None

    def _vague(self, row: int) -> bool:
        return False

    def _tabular(self, row: int) -> bool:
        return False


def test_the_bottom_line_is_no_sentence_of_a_question() -> None:
    rel = {0: 1.0, 1: 0.9, 2: 0.7, 3: 0.6}  # the question's sentences the most relevant
    assert _Chosen(replies=True)._central([0, 1, 2, 3], rel) == 2
    # a statement far less relevant still comes before a sentence of the question
    assert _Chosen(replies=True)._central([0, 1, 3], {**rel, 3: 0.2}) == 3
    # without a question after it, the most relevant central sentence is the bottom line
    assert _Chosen(replies=False)._central([0, 2, 3], rel) == 0
    # only questions: one of them still has to be
    assert _Chosen(replies=True)._central([0, 1], rel) in (0, 1)
