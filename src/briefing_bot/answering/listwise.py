"""Fitting the ranking sentence model: which candidate leads (calibration only, not to answer).

Two sentence models are stored. The pooled logistic (:func:`~briefing_bot.answering.
calibration.fit_sentence`) gives the probability the question model's features read, so the
answer/refuse decision stands on it. This module fits the second, the **ranker**, which orders
one question's candidates once the question is answered (what gets quoted) and whose
probability and threshold the selection rules compare.

What decides which sentences are quoted is which candidate *leads* among one question's
candidates, so the ranker's weights are fitted listwise — a conditional logit: for each
question with a positive candidate (one holding its reference evidence), maximise the log of the
softmax probability its positives get among all its candidates, L2-regularised
(:func:`fit_listwise`). A pooled logistic spends its weights on what tells questions apart (one
question's candidates all score high, another's all low), which is no help in choosing among
one question's candidates. A question without a positive carries no ranking information.

A softmax is blind to a constant added to every score of a question, so its scores are no
probabilities; the selection rules read ``c.prob`` as one (a further sentence joins above the
threshold, or close to the lead's). A one-feature logistic on the listwise score over all
candidate rows (Platt scaling, :func:`platt`) turns them back into calibrated probabilities,
and the product is stored in the usual :class:`~briefing_bot.answering.decision.Logistic`
form (weights = slope × listwise weights, intercept = Platt intercept).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from briefing_bot.answering.decision import CalibrationError, Logistic
from briefing_bot.answering.evidence import SENTENCE_FEATURES

# L2 strength of the listwise fit, summed over questions. Chosen on the dev documents held out
# one at a time, answered end to end (required facts per answerable question, 674; pooled
# order .7297): 0.1/0.3/1.0/3.0 gave .7322/.7314/.7342/.7267 (0.1 cost the paper two
# questions' facts); a blend with the pooled loss (weight 0.2/0.5) .7275/.7290.
LISTWISE_L2 = 1.0


def question_groups(work: Sequence[Any]) -> Any:
    """The question index of every row :func:`~briefing_bot.answering.calibration.
    sentence_rows` gives for ``work`` (read off the same loop, :func:`~briefing_bot.answering.
    calibration.sentence_candidates`)."""
    import numpy as np

    from briefing_bot.answering.calibration import sentence_candidates

    return np.asarray([i for i, _, _ in sentence_candidates(work)], dtype=int)


def fit_ranker(x: Any, y: Any, groups: Any, l2: float = LISTWISE_L2) -> Logistic:
    """The ranking model on sentence rows ``x`` (labels ``y``) of the questions ``groups``
    (one id per row, :func:`question_groups`): listwise weights, Platt-scaled into calibrated
    probabilities; its threshold maximises F1 on those probabilities."""
    import numpy as np

    from briefing_bot.answering.calibration import _best_f1_threshold

    if len(groups) != len(y):
        raise CalibrationError(f"{len(groups)} question ids for {len(y)} sentence rows")
    w = fit_listwise(x, y, groups, l2)
    slope, intercept = platt(np.asarray(x) @ w, y)
    weights = tuple(float(slope * v) for v in w)
    # as Logistic.probability computes it
    z = np.clip(np.asarray(x) @ np.asarray(weights) + intercept, -30.0, 30.0)
    select = _best_f1_threshold(1.0 / (1.0 + np.exp(-z)), np.asarray(y))
    return Logistic(tuple(SENTENCE_FEATURES), weights, intercept, select)


def fit_listwise(x: Any, y: Any, groups: Any, l2: float = LISTWISE_L2) -> Any:
    """Weights ``w`` (no intercept: a softmax cancels it) maximising, over the questions
    ``groups`` that have a positive row, ``log Σ_positives softmax(x·w)`` minus ``l2·|w|²``."""
    import numpy as np
    from scipy.optimize import minimize

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    groups = np.asarray(groups)
    lists = []
    for g in np.unique(groups):
        rows = groups == g
        if y[rows].any():
            lists.append((x[rows], y[rows] > 0))

    def loss(w: Any) -> tuple[float, Any]:
        total, grad = l2 * float(w @ w), 2.0 * l2 * w
        for xs, pos in lists:
            z = xs @ w
            z = z - z.max()
            e = np.exp(z)
            p = e / e.sum()
            held = p[pos].sum()
            # d/dw of -log Σ_pos p = Σ p·x - Σ_pos p·x / Σ_pos p
            total -= float(np.log(max(held, 1e-300)))
            grad = grad + xs.T @ p - xs[pos].T @ p[pos] / max(held, 1e-300)
        return total, grad

    result = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B")
    return result.x


def platt(scores: Any, y: Any) -> tuple[float, float]:
    """(slope, intercept) of a one-feature logistic of ``y`` on ``scores`` (unpenalised)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1e6, max_iter=2000)
    model.fit(np.asarray(scores, dtype=float).reshape(-1, 1), np.asarray(y))
    return float(model.coef_[0][0]), float(model.intercept_[0])
