"""A briefing topic that names a place by its capital (or any other spelling the answer
layer's lexicon resolves) is not refused as a name the corpus never mentions."""

from __future__ import annotations

import pytest

from briefing_bot import Assistant, Settings
from tests.fakes import HashEmbeddings

WATER = """---
title: "Paying for Water in East Africa"
author: "Amani Otieno"
---

## Paying for Water in East Africa

By Amani Otieno

Kenya raised household water tariffs by 18 percent in 2024 to fund new reservoirs. Tanzania
kept its tariffs flat and borrowed 300 million dollars for the same purpose instead.

## Risks

The tariff rise in Kenya has cut consumption among the poorest households by a fifth.
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("water")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "water.md").write_text(WATER, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=root / "index")
    return Assistant.load(settings=settings, embeddings=HashEmbeddings())


def test_a_capital_stands_for_the_country_the_corpus_names(bot: Assistant) -> None:
    assert bot.briefer.unknown_terms("Nairobi's water tariffs") == []
    assert not bot.brief("Nairobi's water tariffs").abstained


def test_a_place_the_corpus_never_names_is_still_unknown(bot: Assistant) -> None:
    assert bot.briefer.unknown_terms("Lima's water tariffs") == ["Lima's"]
    assert bot.brief("Lima's water tariffs").abstained


def test_the_vocabulary_alone_misses_the_capital(bot: Assistant) -> None:
    # the vocabulary alone (no lexicon) refuses the capital: the lexicon is what knows it
    assert bot.briefer.vocabulary.unknown_terms("Nairobi's water tariffs") == ["Nairobi's"]


def test_a_new_name_made_of_known_words_is_still_unknown(bot: Assistant) -> None:
    # every word is in the text, the name is not: it is not the corpus's to brief on
    assert bot.briefer.unknown_terms("Water Tariff Council") == ["Water Tariff Council"]
    assert bot.brief("Water Tariff Council").abstained


def test_a_briefing_request_that_points_back_reads_the_chat(bot: Assistant) -> None:
    history = [
        {"role": "user", "content": "What did Tanzania borrow for reservoirs?"},
        {"role": "assistant", "content": "Tanzania borrowed 300 million dollars. [1]"},
    ]
    followup = bot.ask("What are the risks of it?", history)
    assert followup.mode == "briefing"
    assert "Tanzania" in followup.text.splitlines()[0]  # the title names what "it" was
    # a self-contained request briefs the same with or without the chat
    fresh = bot.ask("What are the risks of the Kenya tariff rise?")
    after = bot.ask("What are the risks of the Kenya tariff rise?", history)
    assert fresh.text == after.text
