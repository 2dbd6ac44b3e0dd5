"""Chat that asks nothing of the documents (answering/smalltalk.py): a reply, no citations, an
abstention — not the document's nearest sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from briefing_bot.answering.smalltalk import creative_request, small_talk

if TYPE_CHECKING:
    from briefing_bot import Assistant


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("thanks, that's helpful!", "thanks"),
        ("Thank you so much", "thanks"),
        ("got it, thanks", "thanks"),
        ("hi there", "greeting"),
        ("Good morning everyone", "greeting"),
        ("ok great", "acknowledgement"),
        ("bye for now", "goodbye"),
        # anything that asks something is a question
        ("ok, what about the costs?", None),
        ("thanks - and the second one?", None),
        ("is that right?", None),
        ("good", None),
        ("the thanks owed to the sponsors", None),
    ],
)
def test_small_talk(text: str, kind: str | None) -> None:
    assert small_talk(text) == kind


def test_creative_request() -> None:
    assert creative_request("write me a haiku about freight trains")
    assert creative_request("Could you tell us a joke about tariffs?")
    assert not creative_request("what did the writer say about the story of the tariffs?")
    assert not creative_request("write a summary of the paper")  # a briefing request


def test_small_talk_is_an_abstention_without_citations(paper_bot: Assistant) -> None:
    answer = paper_bot.ask("thanks, that's helpful!")
    assert answer.abstained and not answer.citations
    assert answer.text.startswith("You're welcome.")
    assert "From Security Alliance" in answer.text  # says what it can answer from
    haiku = paper_bot.ask("write me a haiku about semiconductors")
    assert haiku.abstained and not haiku.citations
