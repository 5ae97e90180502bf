"""The numpy logistic regression the classifier layer is trained with."""

from __future__ import annotations

import numpy as np

from frontdesk.guard.injection.training import fit_logistic, threshold_for_rate


def test_fit_separates_and_weights_apply_to_raw_features():
    rng = np.random.default_rng(7)
    honest = rng.normal(0.0, 1.0, size=(400, 3)) * [1.0, 0.01, 5.0]
    attacks = rng.normal(0.0, 1.0, size=(40, 3)) * [1.0, 0.01, 5.0] + [0.0, 0.05, 0.0]
    features = np.vstack([honest, attacks])
    labels = np.array([False] * 400 + [True] * 40)
    fit = fit_logistic(features, labels, l2=1.0)
    scores = fit.probabilities(features)
    assert scores[labels].mean() > 0.8 > 0.2 > scores[~labels].mean()
    # Only the tiny-scale column tells the classes apart: the fit found it despite its scale.
    assert abs(fit.weights[1]) > 10 * max(abs(fit.weights[0]), abs(fit.weights[2]))


def test_threshold_keeps_the_honest_rate_at_or_under_the_target():
    honest = np.linspace(0.0, 1.0, 200)
    threshold = threshold_for_rate(honest, 0.01)
    assert (honest >= threshold).sum() == 2
    assert (honest >= threshold_for_rate(honest, 0.0)).sum() == 0
