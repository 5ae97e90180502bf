"""Fitting the classifier layer: L2-regularised logistic regression in plain numpy.

No scikit-learn in the product's dependencies, and none needed: a few hundred features and
some thousands of rows fit by Newton's method (iteratively reweighted least squares) in well
under a second. Columns are standardised for the fit, so one penalty treats the 384 small
embedding components and the 0..1 cheap scores alike, and folded back afterwards: the
weights returned apply to raw features, which is what :class:`LinearClassifier` computes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class LogisticFit:
    weights: Matrix  # one per raw feature column
    bias: float

    def probabilities(self, features: Matrix) -> Matrix:
        logits = features @ self.weights + self.bias
        out: Matrix = 1.0 / (1.0 + np.exp(-np.clip(logits, -50.0, 50.0)))
        return out


def fit_logistic(
    features: Matrix,
    labels: npt.NDArray[np.bool_],
    *,
    l2: float,
    balanced: bool = True,
    iterations: int = 20,
) -> LogisticFit:
    """``balanced``: both classes carry the same total weight (attacks are the minority)."""
    y = labels.astype(np.float64)
    weight = np.ones_like(y)
    if balanced:
        positives = max(float(y.sum()), 1.0)
        negatives = max(float(len(y) - y.sum()), 1.0)
        weight = np.where(y > 0, len(y) / (2 * positives), len(y) / (2 * negatives))
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale = np.where(scale < 1e-9, 1.0, scale)
    x = np.hstack([(features - mean) / scale, np.ones((len(y), 1))])
    theta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ theta, -50.0, 50.0)))
        gradient = x.T @ (weight * (p - y)) + penalty * theta
        curvature = weight * p * (1.0 - p)
        hessian = (x * curvature[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if float(np.max(np.abs(step))) < 1e-4:
            break
    raw = theta[:-1] / scale
    return LogisticFit(raw, float(theta[-1] - raw @ mean))


def threshold_for_rate(honest_scores: Matrix, rate: float) -> float:
    """The lowest threshold flagging at most ``rate`` of ``honest_scores`` (scores >= it)."""
    ordered = np.sort(honest_scores)[::-1]
    allowed = int(np.floor(rate * len(ordered)))
    if allowed >= len(ordered):
        return 0.0
    # Just above the first honest score that would exceed the allowance.
    return float(np.nextafter(ordered[allowed], np.inf))
