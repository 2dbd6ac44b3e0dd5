"""The sentence model fitted to rank within a question (answering/listwise.py)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from briefing_bot.answering.decision import CalibrationError
from briefing_bot.answering.evidence import SENTENCE_FEATURES
from briefing_bot.answering.listwise import fit_listwise, fit_ranker, platt, question_groups


def _offset_rows(seed: int = 0) -> tuple[Any, Any, Any]:
    """Questions with one positive each. Feature 0 separates it from the question's other
    candidates, but every candidate of a long list (few positives among many) is shifted up by
    a per-question offset; feature 1 is a weak signal with no offset."""
    rng = np.random.default_rng(seed)
    rows, labels, groups = [], [], []
    for q in range(120):
        size = 12 if q % 2 else 3
        offset = 3.0 if size == 12 else 0.0
        positive = rng.integers(size)
        for i in range(size):
            label = int(i == positive)
            rows.append([offset + label + rng.normal(0, 0.2), 0.5 * label + rng.normal(0, 1)])
            labels.append(label)
            groups.append(q)
    return np.asarray(rows), np.asarray(labels), np.asarray(groups)


def _lead_share(score: Any, y: Any, groups: Any) -> float:
    """Share of questions whose best-scored candidate is a positive."""
    ids = np.unique(groups)
    return float(np.mean([y[groups == g][np.argmax(score[groups == g])] for g in ids]))


def test_the_listwise_fit_prefers_the_feature_that_separates_within_questions() -> None:
    from sklearn.linear_model import LogisticRegression

    x, y, groups = _offset_rows()
    pooled = LogisticRegression(max_iter=2000).fit(x, y).coef_[0]
    listwise = fit_listwise(x, y, groups)
    # the pooled fit reads the offset (high values, few positives) against feature 0
    assert pooled[0] < pooled[1]
    assert listwise[0] > 5 * abs(listwise[1])
    assert _lead_share(x @ listwise, y, groups) >= 0.95
    assert _lead_share(x @ pooled, y, groups) < 0.6


def test_a_question_without_a_positive_carries_no_ranking_information() -> None:
    x, y, groups = _offset_rows()
    rng = np.random.default_rng(1)
    extra = rng.normal(0, 3, (10, 2))
    with_negatives = fit_listwise(
        np.vstack([x, extra]), np.r_[y, np.zeros(10, int)], np.r_[groups, np.full(10, 999)]
    )
    assert np.allclose(with_negatives, fit_listwise(x, y, groups), atol=1e-6)


def test_a_constant_per_question_gets_no_weight() -> None:
    # a softmax over one question's candidates cannot see what all of them share
    x, y, groups = _offset_rows()
    shared = np.c_[x, groups % 7]
    assert abs(fit_listwise(shared, y, groups)[2]) < 1e-4


def _sentence_rows(seed: int = 0) -> tuple[Any, Any, Any]:
    rng = np.random.default_rng(seed)
    n = len(SENTENCE_FEATURES)
    rows, labels, groups = [], [], []
    for q in range(150):
        size = int(rng.integers(4, 15))
        offset = rng.normal(0, 1.5, n) * (rng.random() < 0.5)
        positives = set(rng.choice(size, size=int(rng.integers(0, 3)), replace=False).tolist())
        for i in range(size):
            label = int(i in positives)
            row = offset + rng.normal(0, 1, n)
            row[0] += 1.5 * label
            row[1] += 0.7 * label
            rows.append(row)
            labels.append(label)
            groups.append(q)
    return np.asarray(rows), np.asarray(labels), np.asarray(groups)


def test_the_stored_ranker_gives_calibrated_probabilities() -> None:
    x, y, groups = _sentence_rows()
    model = fit_ranker(x, y, groups)
    probs = np.asarray([model.probability(dict(zip(SENTENCE_FEATURES, r, strict=True))) for r in x])
    # Platt scaling with an intercept: mean predicted probability = positive rate
    assert abs(probs.mean() - y.mean()) < 1e-3
    # and by quintile of the prediction, the predicted rate follows the observed one
    order = np.argsort(probs)
    for part in np.array_split(order, 5):
        assert abs(probs[part].mean() - y[part].mean()) < 0.08
    # the stored weights rank each question's candidates as the listwise fit does
    listwise = x @ fit_listwise(x, y, groups)
    stored = np.log(probs / (1 - probs))
    for g in np.unique(groups):
        m = groups == g
        assert np.argmax(stored[m]) == np.argmax(listwise[m])
    assert 0.0 < model.threshold < 1.0


def test_platt_recovers_a_logistic_link() -> None:
    rng = np.random.default_rng(2)
    scores = rng.normal(0, 2, 20000)
    y = (rng.random(20000) < 1 / (1 + np.exp(-(0.5 * scores - 1.0)))).astype(int)
    slope, intercept = platt(scores, y)
    assert slope == pytest.approx(0.5, abs=0.05) and intercept == pytest.approx(-1.0, abs=0.08)


def test_question_groups_follow_the_sentence_rows() -> None:
    from types import SimpleNamespace

    from briefing_bot.answering.calibration import sentence_rows

    def item(quotes: list[str], texts: list[str]) -> Any:
        ranked = [
            SimpleNamespace(text=t, features=dict.fromkeys(SENTENCE_FEATURES, 0.0)) for t in texts
        ]
        return SimpleNamespace(quotes=quotes, ev=SimpleNamespace(ranked=ranked), doc="d", item={})

    work = [item(["a b"], ["a b c", "x"]), item([], ["y"]), item(["z z"], ["q", "r", "z z"])]
    x, y, _ = sentence_rows(work)
    groups = question_groups(work)
    assert groups.tolist() == [0, 0, 2, 2, 2] and len(groups) == len(y)
    with pytest.raises(CalibrationError):
        fit_ranker(x, y, groups[:-1])


def test_the_decision_reads_the_pooled_model_and_the_ranker_orders_the_quotes(
    tmp_path: Any,
) -> None:
    from briefing_bot import Assistant, Settings
    from briefing_bot.answering.answerer import GroundedAnswerer
    from briefing_bot.answering.decision import Calibration, Logistic
    from briefing_bot.answering.question_features import QUESTION_FEATURES
    from tests.fakes import FAKE

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.md").write_text(
        "# The harbour plan\n\n## Dredging\n\n"
        "The harbour authority will dredge the eastern channel to fourteen metres. "
        "Dredging starts in spring and costs the authority forty million. "
        "The channel silts up every winter.\n\n"
        "## Ferries\n\n"
        "Ferry crews asked the authority to keep the western channel open during the works. "
        "The authority agreed to dredge at night.\n",
        encoding="utf-8",
    )
    bot = Assistant.load(
        settings=Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), embeddings=FAKE
    )

    def model(features: tuple[str, ...], feature: str, weight: float) -> Logistic:
        weights = tuple(weight if f == feature else 0.0 for f in features)
        return Logistic(features, weights, 0.0, 0.5)

    pooled = model(tuple(SENTENCE_FEATURES), "dense", 4.0)
    ranker = model(tuple(SENTENCE_FEATURES), "dense", -4.0)  # the opposite order
    question = model(tuple(QUESTION_FEATURES), "top_prob", 1.0)
    alone = GroundedAnswerer(bot, calibration=Calibration(pooled, question, "p", {}))
    both = GroundedAnswerer(bot, calibration=Calibration(pooled, question, "p", {}, ranker))
    asked = "How deep will the authority dredge the channel?"
    plain = alone.gather(alone.analyse(asked, []))
    ranked = both.gather(both.analyse(asked, []))
    assert len(plain.ranked) >= 3
    # the answer/refuse decision is the pooled model's, whatever orders the quotes
    assert ranked.features == plain.features and ranked.p_answer == plain.p_answer
    # what is quoted follows the ranker: its probabilities, best first
    probs = [c.prob for c in ranked.ranked]
    assert probs == [ranker.probability(c.features) for c in ranked.ranked]
    assert probs == sorted(probs, reverse=True)
    assert ranked.ranked[0].key != plain.ranked[0].key
    bot.close()


def test_the_ranker_is_stored_beside_the_sentence_model(tmp_path: Any) -> None:
    import json

    from briefing_bot.answering.decision import CALIBRATION_FILE, Calibration

    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    path = tmp_path / "calibration.json"
    data["ranker"] = {**data["sentence"], "weights": [0.5] * len(SENTENCE_FEATURES)}
    path.write_text(json.dumps(data), encoding="utf-8")
    ranker = Calibration.load(path).ranker
    assert ranker is not None and ranker.weights == (0.5,) * len(SENTENCE_FEATURES)
    del data["ranker"]  # a file fitted before there was a ranker: the sentence model orders
    path.write_text(json.dumps(data), encoding="utf-8")
    assert Calibration.load(path).ranker is None
    data["ranker"] = {**data["sentence"], "features": ["dense"]}
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CalibrationError, match="differ"):
        Calibration.load(path)
