"""A chat message's wrapping taken off its question (answering/smalltalk.strip_chatter): an
opener, a frame that embeds the question, a courtesy after it; and a greeting put as a
question is small talk."""

from __future__ import annotations

import pytest

from briefing_bot.answering.smalltalk import small_talk, strip_chatter
from briefing_bot.briefing.requests import parse_request


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("quick question: how much did the port cost?", "how much did the port cost?"),
        ("hi team, what is the levy?", "what is the levy?"),
        ("ok so - who wrote this?", "who wrote this?"),
        ("How much did the port cost? thanks!", "How much did the port cost?"),
        ("what is the levy, please", "what is the levy"),
        # an embedded question, asked directly
        ("can you tell me how much the port has cost?", "how much has the port cost?"),
        ("can you tell me what the levy is?", "what is the levy?"),
        ("do you know who wrote the memo?", "who wrote the memo?"),
        ("I'd like to know which ports were closed", "Which ports were closed"),
        ("could you please tell me the levy in 2025?", "the levy in 2025?"),
    ],
)
def test_the_question_is_what_the_chat_wraps(typed: str, asked: str) -> None:
    assert strip_chatter(typed) == asked


@pytest.mark.parametrize(
    "question",
    [
        "what is the levy?",
        "and in 2024?",  # a follow-up keeps its "and"
        "thanks",  # nothing else: small talk decides
        "tell me about the levy",  # a request, not an embedded question
        "can you tell me more",  # about the previous answer
        "can you tell me if the port closed?",  # a yes/no question stays as asked
        "Ghana - how much did it pay?",  # a topic before the dash, not an opener
        "quick ports: which closed?",  # "ports" is no chat word
    ],
)
def test_a_question_without_wrapping_is_left_as_it_is(question: str) -> None:
    assert strip_chatter(question) == question


def test_a_greeting_put_as_a_question_is_small_talk() -> None:
    assert small_talk("hi! how are you?") == "greeting"
    assert small_talk("how are things in the port?") is None


def test_a_wrapped_summary_request_is_still_one() -> None:
    assert parse_request("quick question: can you summarise this? thanks") is not None


@pytest.mark.parametrize("typed", ["pls summarise this", "any chance you could summarise this?"])
def test_shorthand_for_please_and_could_you_still_asks_for_a_briefing(typed: str) -> None:
    assert parse_request(typed) is not None
