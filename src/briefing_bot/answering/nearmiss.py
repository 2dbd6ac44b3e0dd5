"""The answer/refuse logistic fitted with constructed near misses (calibration only).

A near miss is an answerable question asked over its candidates without the evidence
sentences: it shows the model what a missing answer looks like. But it keeps its question's
own words, so the features read off the question alone (:data:`~briefing_bot.answering.
question_features.QUESTION_ONLY`: a word or a name the corpus never uses) would see the same
answerable question once as a positive and once as a negative, and their weights would be
pulled towards zero by the construction, not by the evidence. So the fit has two stages: every
weight on the real dev questions alone; then, with the question-only part of that fit held
fixed (an offset), the intercept and the candidate features' weights on the real questions and
the near misses together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.optimize import minimize
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression


class NearMissLogistic(ClassifierMixin, BaseEstimator):
    """A scikit-learn classifier over rows whose **last column** marks a real dev question
    (1) or a constructed near miss (0); ``columns`` are the feature columns it uses,
    ``question_only`` those fitted on the real rows alone. Classes are weighted "balanced",
    each row also by its sample weight, L2 strength ``C`` as in scikit-learn."""

    def __init__(
        self, C: float = 1.0, columns: Sequence[int] = (), question_only: Sequence[int] = ()
    ) -> None:
        self.C = C
        self.columns = columns
        self.question_only = question_only

    def fit(self, x: Any, y: Any, sample_weight: Any = None) -> NearMissLogistic:
        real = x[:, -1] > 0.5
        features = x[:, :-1]
        weights = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight)
        cols = list(self.columns) or list(range(features.shape[1]))
        own = [k for k in cols if k in set(self.question_only)]
        rest = [k for k in cols if k not in set(self.question_only)]
        self.classes_ = np.array([0, 1])
        first = LogisticRegression(C=self.C, max_iter=2000, class_weight="balanced")
        first.fit(features[real][:, cols], y[real], sample_weight=weights[real])
        by_col = dict(zip(cols, first.coef_[0], strict=True))
        fixed = np.array([by_col[k] for k in own])
        offset = features[:, own] @ fixed if own else np.zeros(len(y))
        intercept, free = _logistic_with_offset(
            features[:, rest], y, weights * _balanced(y), self.C, offset
        )
        coef = np.zeros(features.shape[1])
        coef[own] = fixed
        coef[rest] = free
        self.coef_ = coef[np.newaxis, :]
        self.intercept_ = np.array([intercept])
        return self

    def predict_proba(self, x: Any) -> Any:
        z = self.intercept_[0] + x[:, :-1] @ self.coef_[0]
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        return np.c_[1 - p, p]

    def predict(self, x: Any) -> Any:
        return (self.predict_proba(x)[:, 1] >= 0.5).astype(int)


def _balanced(y: Any) -> Any:
    """scikit-learn's "balanced" class weights: rows / (2 × rows of the class)."""
    n, pos = len(y), int(y.sum())
    return np.where(y == 1, n / (2 * max(pos, 1)), n / (2 * max(n - pos, 1)))


def _logistic_with_offset(x: Any, y: Any, w: Any, c: float, offset: Any) -> tuple[float, Any]:
    """(intercept, weights) minimising scikit-learn's L2 objective, ``c`` × the weighted log
    loss + ½‖weights‖² (intercept unpenalised), with a fixed ``offset`` added to each logit."""

    def objective(t: Any) -> tuple[float, Any]:
        b, beta = t[0], t[1:]
        z = b + x @ beta + offset
        loss = np.logaddexp(0.0, z) - y * z
        g = w * (1.0 / (1.0 + np.exp(-z)) - y)
        value = c * float((w * loss).sum()) + 0.5 * float(beta @ beta)
        return value, np.concatenate([[c * g.sum()], c * (x.T @ g) + beta])

    result = minimize(
        objective, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B", options={"maxiter": 5000}
    )
    return float(result.x[0]), result.x[1:]
