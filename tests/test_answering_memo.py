"""The answer layer on a document nobody tuned it for: a short energy memo written for these
tests (a different domain from the paper), with the real model and real Chroma.

What it checks is what the layer must do on any corpus: capital-city metonyms and demonyms,
abbreviations the text defines, numbers written differently, near misses refused with the
closest passage, names the corpus never mentions, follow-ups that depend on the chat (and
self-contained questions that do not), ordinals, multi-part questions, whole lists.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_bot import Assistant, Settings
from tests.answer_contract import check_answer

pytestmark = pytest.mark.slow

MEMO = """---
title: "Power Lines: Franco-German Cooperation on Hydrogen and the Grid"
author: "Claire Dubois"
---

## Power Lines: Franco-German Cooperation on Hydrogen and the Grid

By Claire Dubois

Claire Dubois is a senior fellow at the Rhine Energy Institute in Strasbourg.

## Introduction

Germany and France agreed in March 2024 to build a joint hydrogen corridor linking the ports of \
the North Sea with industrial clusters in the Saar and Lorraine regions.<sup>1</sup> The corridor \
is expected to carry 10 gigawatts of hydrogen by 2032. Both governments will fund it through an \
Important Project of Common European Interest (IPCEI), which lets them subsidise the pipeline \
without breaching state-aid rules.

The European Hydrogen Bank (EHB) has committed EUR 3 billion to the first auctions for \
renewable hydrogen producers. German electrolyser makers expect most of that money to flow to \
plants on the Baltic coast.

## Obstacles

The memo identifies three obstacles to the corridor.

The first obstacle is the cost of renewable electricity, which remains higher in Germany than \
in France.

A second obstacle is permitting: pipelines crossing the border need approval from regulators \
in both countries.

The third obstacle is demand, since steelmakers hesitate to sign long-term purchase contracts.

## Recommendations

The memo recommends a joint permitting office staffed by both regulators. It also recommends \
that the two governments guarantee minimum purchase prices for steelmakers during the first \
decade.

## Endnotes

- <sup>1</sup> Federal Ministry for Economic Affairs, “Joint Declaration on Hydrogen,” \
March 12, 2024.
"""

OTHER = """---
title: "Fisheries Note"
---

## Fisheries Note

## Quotas

The northern cod quota was cut by a fifth in 2023 after a survey found fewer young fish.
"""


@pytest.fixture(scope="module")
def memo_bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("memo")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "power-lines.md").write_text(MEMO, encoding="utf-8")
    return Assistant.load(settings=Settings(corpus_dir=corpus, index_dir=root / "index"))


def ask(bot: Assistant, question: str, history: list[dict[str, str]] | None = None):  # type: ignore[no-untyped-def]
    answer = bot.ask(question, history=history or [])
    check_answer(answer, bot)
    return answer


def test_capital_metonyms_find_the_countries(memo_bot: Assistant) -> None:
    answer = ask(memo_bot, "What did Berlin and Paris agree to build?")
    assert not answer.abstained and "hydrogen corridor" in answer.text


def test_abbreviation_defined_in_the_text(memo_bot: Assistant) -> None:
    answer = ask(memo_bot, "How do the governments fund it through the IPCEI?")
    assert not answer.abstained and "Important Project of Common European Interest" in answer.text
    answer = ask(memo_bot, "What has the EHB committed?")
    assert not answer.abstained and "EUR 3 billion" in answer.text


def test_a_number_written_differently(memo_bot: Assistant) -> None:
    answer = ask(memo_bot, "Which body put €3bn into hydrogen auctions?")
    assert not answer.abstained and "European Hydrogen Bank" in answer.text


def test_near_miss_is_refused_with_the_closest_passage(memo_bot: Assistant) -> None:
    answer = ask(memo_bot, "How much will the joint permitting office cost?")
    assert answer.abstained
    assert answer.text.startswith(
        "“Power Lines: Franco-German Cooperation on Hydrogen and the Grid”"
    )
    assert answer.citations  # still useful: the closest thing the memo says, cited


def test_a_name_the_corpus_never_mentions(memo_bot: Assistant) -> None:
    answer = ask(memo_bot, "What did Ursula Weber say about the corridor?")
    assert answer.abstained and "never mentions “Ursula Weber”" in answer.text


def test_off_topic(memo_bot: Assistant) -> None:
    assert ask(memo_bot, "What is a good recipe for sourdough bread?").abstained


def test_whole_list_across_paragraphs(memo_bot: Assistant) -> None:
    answer = ask(memo_bot, "What obstacles does the memo identify?")
    for words in ("cost of renewable electricity", "permitting", "demand"):
        assert words in answer.text
    # the announcing sentence and its three items, each highlighted where it stands
    assert sum(len(c.highlights) for c in answer.citations) >= 4


def test_ordinal_follow_up(memo_bot: Assistant) -> None:
    first = ask(memo_bot, "What obstacles does the memo identify?")
    history = [
        {"role": "user", "content": "What obstacles does the memo identify?"},
        {"role": "assistant", "content": first.text},
    ]
    answer = ask(memo_bot, "What about the second one?", history)
    assert not answer.abstained and "permitting" in answer.text
    assert "steelmakers" not in answer.text


def test_self_contained_question_ignores_an_unrelated_turn(memo_bot: Assistant) -> None:
    question = "What does the memo recommend?"
    fresh = ask(memo_bot, question)
    history = [
        {"role": "user", "content": "How much has the EHB committed to auctions?"},
        {"role": "assistant", "content": "EUR 3 billion [1]"},
    ]
    after = ask(memo_bot, question, history)
    assert [c.chunk_id for c in after.citations] == [c.chunk_id for c in fresh.citations]
    assert after.text == fresh.text


def test_multi_part_question_is_answered_part_by_part(memo_bot: Assistant) -> None:
    answer = ask(memo_bot, "Who wrote the memo and what does she recommend?")
    assert "Claire Dubois" in answer.text and "joint permitting office" in answer.text
    assert len(answer.citations) >= 2


def test_refusal_names_the_corpus_when_there_are_several_documents(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "power-lines.md").write_text(MEMO, encoding="utf-8")
    (corpus / "fisheries.md").write_text(OTHER, encoding="utf-8")
    bot = Assistant.load(settings=Settings(corpus_dir=corpus, index_dir=tmp_path / "index"))
    answer = bot.ask("What did Ursula Weber say about the corridor?")
    assert answer.abstained and answer.text.startswith("The corpus doesn't cover this")
    assert answer.calibration  # the fitted decision that produced it is named
