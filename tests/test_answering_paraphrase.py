"""The strict answer-type rule reads a paraphrased question: the asked noun written otherwise
than the text (a clipped word, a word close in meaning, a share said in words). Invented text
throughout."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from briefing_bot.answering.analysis import analyse
from briefing_bot.answering.evidence import candidates
from briefing_bot.answering.lexicon import Lexicon
from briefing_bot.answering.settings import AnswerSettings
from briefing_bot.answering.synonyms import WordMeaning
from briefing_bot.retrieval import Passage


def _chunk(text: str, n: int = 0) -> SimpleNamespace:
    return SimpleNamespace(
        id=f"c{n}",
        kind="body",
        text=text,
        section_path=["Findings"],
        sentence_texts=lambda text=text: [text],
    )


def _type_head(
    question: str, sentence: str, *, other: str = "", meaning: WordMeaning | None = None
) -> float:
    """The sentence's type_head as the rules read it, over a corpus of it (and ``other``);
    the models' type_head stays the plain match of the asked noun's words."""
    chunks = [_chunk(sentence), *([_chunk(other, 1)] if other else [])]
    lexicon = Lexicon(chunks)  # type: ignore[arg-type]
    q = analyse(question, [], lexicon)
    found = candidates(
        q,
        [Passage(chunks[0], 1.0, rank=1)],  # type: ignore[arg-type]
        {},
        np.zeros(3),
        lexicon=lexicon,
        facts={},
        kinds={},
        settings=AnswerSettings(),
        meaning=meaning,
    )
    features = found[0].features
    assert features["type_head"] <= features["type_head_read"]
    return features["type_head_read"]


def test_a_clipped_word_is_met_by_the_longer_one_the_text_writes() -> None:
    sentence = "By June there were 11,400 active satellites in orbit."
    assert _type_head("how many working sats are there?", sentence) == 1.0
    # a clipped word the text does not start any word with is no match
    assert _type_head("how many working rafts are there?", sentence) == 0.0


def _fake_meaning(same: set[frozenset[str]]) -> WordMeaning:
    """Words whose pairs are in ``same`` share a vector; every other word has its own."""
    names: dict[str, int] = {}

    def embed(words: list[str]) -> np.ndarray:
        rows = np.zeros((len(words), 64), dtype=np.float32)
        for i, w in enumerate(words):
            group = next((min(p) for p in same if w in p), w)
            rows[i, names.setdefault(group, len(names))] = 1.0
        return rows

    return WordMeaning(embed)


def test_a_word_close_in_meaning_stands_for_an_asked_word_the_corpus_never_uses() -> None:
    sentence = "Both ships were bought in 1998 from a yard in Busan."
    meaning = _fake_meaning({frozenset({"boats", "ships"})})
    question = "when were the repair boats bought?"
    assert _type_head(question, sentence) == 0.0
    assert _type_head(question, sentence, meaning=meaning) == 1.0
    # a word of another meaning is no stand-in
    unrelated = _fake_meaning({frozenset({"boats", "yard"})})
    assert _type_head("when were the repair trucks bought?", sentence, meaning=unrelated) == 0.0
    # a word the corpus uses elsewhere is read as written: its absence here counts
    other = "The boats of the fleet are small."
    assert _type_head(question, sentence, other=other, meaning=meaning) == 0.0


@pytest.mark.slow
def test_the_embedding_model_reads_boats_as_ships() -> None:
    from briefing_bot.answering.synonyms import word_meaning
    from briefing_bot.config import get_settings
    from briefing_bot.embeddings import get_embeddings

    meaning = word_meaning(get_embeddings(get_settings()))
    assert meaning.close("boats", ["Both", "ships", "were"])
    assert meaning.close("govt", ["the", "government,"])
    assert not meaning.close("boats", ["cables", "ports", "were", "laid"])


def test_a_share_said_in_words_is_the_percent_asked_for() -> None:
    sentence = "By 2030 around a third of our public servants will have reached retirement age."
    question = "what share of public servants reaches retirement age by 2030?"
    assert _type_head(question, sentence) == 1.0
    # an ordinal is no share
    assert _type_head(question, "The third of our servants reached retirement age.") == 0.0


def test_calibration_fits_on_the_rows_the_word_for_word_rule_leaves() -> None:
    from briefing_bot.answering.decision import hard_refusal

    q = analyse("how many working sats are there?", [])
    features = {"strict_gap": 0.0, "strict_gap_plain": 1.0}
    ev = SimpleNamespace(q=q, features=features, p_answer=0.5)
    assert not hard_refusal(ev)  # type: ignore[arg-type]
    assert hard_refusal(ev, paraphrase=False)  # type: ignore[arg-type]


def test_the_word_store_is_bounded_and_answers_the_same_after_starting_afresh() -> None:
    calls: list[list[str]] = []

    def embed(words: list[str]) -> np.ndarray:
        calls.append(words)
        rows = np.zeros((len(words), 8), dtype=np.float32)
        for i, w in enumerate(words):
            rows[i, 0 if w in {"boats", "ships"} else 1 + len(w) % 7] = 1.0
        return rows

    meaning = WordMeaning(embed, max_words=3)
    assert meaning.close("boats", ["ships"])
    assert meaning.close("boats", ["ships"]) and len(calls) == 1  # kept: not embedded again
    assert not meaning.close("boats", ["cat", "mouse"])  # over the bound: the store starts afresh
    assert len(meaning._vectors) <= 3
    assert meaning.close("boats", ["ships"])
