"""The answer layer: question analysis, evidence scoring, the answer/abstain decision and
composition, and the answer types every front end shares.

``analysis`` (what is asked) → ``lexicon`` (what the corpus calls things) → ``evidence``
(candidate sentences and their features) → ``decision`` (the fitted models in
``calibration.json``) → ``lists``/``compose`` (the answer text and its citations), run by
``answerer.GroundedAnswerer``; ``calibration`` refits the models on the dev split;
``generative`` (with ``prompts`` and ``verify``) lets a language model write from the same
evidence.
"""

from typing import Any

from briefing_bot.answering.settings import AnswerSettings
from briefing_bot.answering.types import Answer, Answerer, Citation, EndnoteRef, History

__all__ = [
    "Answer",
    "AnswerSettings",
    "Answerer",
    "Citation",
    "EndnoteRef",
    "GroundedAnswerer",
    "History",
    "make_answerer",
]


def __getattr__(name: str) -> Any:
    # the answerer pulls in numpy and the country data: loaded on first use only
    if name in ("GroundedAnswerer", "make_answerer"):
        from briefing_bot.answering import answerer

        return getattr(answerer, name)
    raise AttributeError(name)
