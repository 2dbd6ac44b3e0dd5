"""The ranker's length feature: a sentence's word count, on a log scale."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

from briefing_bot.answering.analysis import analyse
from briefing_bot.answering.evidence import SENTENCE_FEATURES, candidates
from briefing_bot.answering.lexicon import Lexicon
from briefing_bot.answering.settings import AnswerSettings
from briefing_bot.retrieval import Passage


def _chunk(sentences: list[str]) -> SimpleNamespace:
    text = " ".join(sentences)
    return SimpleNamespace(
        id="c0",
        kind="body",
        text=text,
        section_path=["Findings"],
        sentence_texts=lambda: list(sentences),
    )


def test_each_candidate_carries_the_log_of_its_word_count() -> None:
    short = "Grid storage grew fast."
    long = "Grid storage grew to 41 gigawatts in 2024, three times the 2021 level."
    chunk = _chunk([short, long])
    lexicon = Lexicon([chunk])  # type: ignore[list-item]
    q = analyse("How much did grid storage grow?", [], lexicon)
    found = candidates(
        q,
        [Passage(chunk, 1.0, rank=1)],  # type: ignore[arg-type]
        {},
        np.zeros(3),
        lexicon=lexicon,
        facts={},
        kinds={},
        settings=AnswerSettings(),
    )
    assert "log_words" in SENTENCE_FEATURES
    by_text = {c.text: c.features["log_words"] for c in found}
    assert by_text[short] == math.log(4)
    assert by_text[long] == math.log(len(long.split()))
    # the restating sentence and the one going on to the figure differ by length alone here
    assert by_text[long] > by_text[short]
