"""The answer/refuse cut: where a fitted question model's probability says "answer".

Calibration only (numpy/scipy; never imported to answer). The cut is chosen on held-out
probabilities of the dev questions to minimise false abstentions plus ``false_answer_cost`` ×
false answers. The raw cost curve is a step function whose least can sit in a gap between two
questions only a few hundredths wide, which moves wherever a refit shifts those few questions:
so each probability is blurred by a Gaussian of sd ``bandwidth`` (the cost becomes an
expectation over a small error in every score) and the cut minimises that smooth curve. A dip
of a handful of questions packed together no longer wins over a broad, nearly as low stretch.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import ndtr

# cuts are read off a grid of probabilities this fine (finer than any bandwidth worth using)
GRID_STEP = 0.001


def smoothed_costs(
    probs: Any, labels: Any, false_answer_cost: float, bandwidth: float
) -> tuple[Any, Any]:
    """(cuts, expected cost at each cut) with every probability blurred by ``bandwidth``:
    an answerable question counts as abstained on by its chance of falling below the cut, an
    unanswerable one as answered by its chance of falling at or above it."""
    probs, labels = np.asarray(probs, dtype=float), np.asarray(labels)
    grid = np.round(np.arange(0.0, 1.0 + GRID_STEP / 2, GRID_STEP), 6)
    pos, neg = probs[labels == 1], probs[labels == 0]
    if bandwidth > 0:
        below = ndtr((grid[:, None] - pos[None, :]) / bandwidth).sum(axis=1)
        above = (1.0 - ndtr((grid[:, None] - neg[None, :]) / bandwidth)).sum(axis=1)
    else:
        below = (pos[None, :] < grid[:, None]).sum(axis=1)
        above = (neg[None, :] >= grid[:, None]).sum(axis=1)
    return grid, below + false_answer_cost * above


def best_cut(
    probs: Any,
    labels: Any,
    false_answer_cost: float,
    bandwidth: float = 0.02,
    tolerance: float = 0.0,
) -> float:
    """The cut of least smoothed cost (:func:`smoothed_costs`); cuts within ``tolerance`` of
    it count as tied and the middle of them is taken (on separable scores a whole stretch
    costs nothing: its middle, not its edge)."""
    grid, costs = smoothed_costs(probs, labels, false_answer_cost, bandwidth)
    # a float's last bits must not break a tie between equal costs
    tied = grid[costs <= costs.min() + max(tolerance, 1e-9)]
    return float(tied[len(tied) // 2])
