"""The contract every answerer passes (grounded, generative, any future one)."""

from __future__ import annotations

import re

from briefing_bot import Assistant
from briefing_bot.answering.types import Answer

OFF_TOPIC = [
    "What is a good recipe for sourdough bread?",
    "Who won the 1998 FIFA World Cup final?",
]


def corpus_texts(bot: Assistant) -> list[str]:
    """Every passage text the index holds (what a citation may quote)."""
    return [c.text for c in bot.chunks()]


def check_answer(answer: Answer, bot: Assistant) -> None:
    """Markers ↔ citations are consistent and every cited passage is verbatim corpus text."""
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    numbers = [c.number for c in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    assert markers <= set(numbers), (markers, numbers)  # every marker points at a citation
    if not answer.abstained:
        assert markers == set(numbers), "a citation no sentence refers to"
        assert answer.citations, "an answer without evidence"
    passages = set(corpus_texts(bot))
    for cit in answer.citations:
        assert cit.text in passages, f"citation {cit.number} is not verbatim corpus text"
        for start, end in cit.highlights:
            assert 0 <= start < end <= len(cit.text)
        assert cit.source and cit.locator and cit.chunk_id
    data = answer.to_dict()
    assert set(data) >= {"answer", "abstained", "citations"}
    for cit in data["citations"]:
        assert set(cit) >= {"number", "text", "source", "locator", "chunk_id", "endnotes"}
