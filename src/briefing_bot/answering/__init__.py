"""The answer layer: question analysis, evidence scoring, the answer/abstain decision and
composition, and the answer types every front end shares."""

from briefing_bot.answering.types import Answer, Answerer, Citation, EndnoteRef, History

__all__ = ["Answer", "Answerer", "Citation", "EndnoteRef", "History"]
