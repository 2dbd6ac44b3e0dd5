"""Briefings on the paper with the real model and real Chroma (``slow``). The topics here are
the developers' own, written apart from eval/ (whose briefing requests ``briefing-bot eval``
scores)."""

from __future__ import annotations

import statistics
import time

import pytest

from briefing_bot import Assistant
from tests.test_briefing import check_briefing

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "topic", ["semiconductor supply chains", "cyber cooperation", "the defense industrial base"]
)
def test_topic_briefings_keep_the_contract(paper_bot: Assistant, topic: str) -> None:
    briefing = paper_bot.brief(topic)
    check_briefing(briefing, paper_bot)
    assert not briefing.abstained and 3 <= len(briefing.points) <= 7
    # the points come from more than one paragraph
    assert len({c.chunk_id for c in briefing.citations}) >= 3


def test_an_enumeration_across_paragraphs_is_whole(paper_bot: Assistant) -> None:
    briefing = paper_bot.brief("what will decide whether the technology alliance is sustainable")
    check_briefing(briefing, paper_bot)
    opening = [p.text.split(",")[0] for p in briefing.points]
    assert {"First", "Second", "Third", "Fourth"} <= set(opening)


def test_whole_paper_briefing_is_fast_and_structured(paper_bot: Assistant) -> None:
    briefing = paper_bot.brief()
    check_briefing(briefing, paper_bot)
    assert 3 <= len(briefing.points) <= 7 and briefing.bottom_line is not None
    assert any(c.locator.startswith("Concluding") for c in briefing.citations)
    assert len({c.locator.split(";")[0] for c in briefing.citations}) >= 4
    times = []
    for _ in range(7):
        started = time.perf_counter()
        paper_bot.brief()
        paper_bot.brief("export controls")
        times.append((time.perf_counter() - started) / 2)
    assert statistics.median(times) <= 0.150


def test_ask_answers_a_summary_request_with_a_briefing(paper_bot: Assistant) -> None:
    answer = paper_bot.ask("Give me a 3-point rundown of the space cooperation")
    assert answer.text.startswith("**Briefing") and answer.text.count("\n- ") == 3
    assert not answer.abstained and answer.citations
    plain = paper_bot.ask("What is the Minerals Security Partnership?")
    assert "**Briefing" not in plain.text


def test_a_topic_the_paper_never_names_abstains(paper_bot: Assistant) -> None:
    for topic in ("the Brexit negotiations", "sourdough baking"):
        briefing = paper_bot.brief(topic)
        assert briefing.abstained and "doesn't cover" in briefing.text, topic
        check_briefing(briefing, paper_bot)


def test_a_subject_the_paper_never_treats_abstains_and_a_synonym_does_not(
    paper_bot: Assistant,
) -> None:
    # no name in it: refused because its subject words are absent and nothing means them
    refused = paper_bot.brief("coral reef bleaching and ocean acidification")
    assert refused.abstained and "never mentions" in refused.message
    check_briefing(refused, paper_bot)
    # a word the paper spells otherwise ("biotech" for "biotechnology") is still covered
    assert not paper_bot.brief("biotech cooperation").abstained


def test_the_composer_opens_without_reading_the_corpus(paper_bot: Assistant) -> None:
    from briefing_bot.briefing.compose import BriefingComposer

    started = time.perf_counter()
    composer = BriefingComposer(paper_bot)
    assert time.perf_counter() - started < 0.01
    assert composer.tables.loaded() == []
    composer.brief()
    assert composer.tables.loaded() == composer.doc_ids[:1]
