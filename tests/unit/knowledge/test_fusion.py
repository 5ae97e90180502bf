from __future__ import annotations

import pytest

from frontdesk.knowledge.embedding import CosineCalibration
from frontdesk.knowledge.fusion import (
    LANGUAGE_BOOST,
    LEXICAL_LIFT,
    boost_language,
    confidence,
    reciprocal_rank_fusion,
)

CALIBRATION = CosineCalibration(floor=0.8, ceiling=0.9)


def test_rrf_sums_weighted_reciprocal_ranks():
    fused = reciprocal_rank_fusion([([1, 2, 3], 1.0), ([3, 1], 0.5)], k=10)
    assert fused[1] == pytest.approx(1 / 11 + 0.5 / 12)
    assert fused[2] == pytest.approx(1 / 12)
    assert fused[3] == pytest.approx(1 / 13 + 0.5 / 11)
    assert sorted(fused, key=lambda i: -fused[i]) == [1, 3, 2]


def test_rrf_agreement_beats_a_single_first_place():
    fused = reciprocal_rank_fusion([([7, 8], 1.0), ([9, 8], 1.0)], k=10)
    assert max(fused, key=lambda i: fused[i]) == 8


def test_language_boost_prefers_the_users_translation_among_equivalents():
    fused = {1: 0.10, 2: 0.09, 3: 0.08}
    languages = {1: "en", 2: "it", 3: "it"}
    cosines = {1: 0.91, 2: 0.90, 3: 0.70}  # 3 is in Italian but off-topic
    boosted = boost_language(fused, languages, cosines, "it")
    assert boosted[2] == pytest.approx(0.09 * (1 + LANGUAGE_BOOST))
    assert boosted[3] == 0.08
    assert max(boosted, key=lambda i: boosted[i]) == 2


def test_language_boost_does_nothing_without_a_language():
    fused = {1: 0.1, 2: 0.2}
    assert boost_language(fused, {1: "it", 2: "en"}, {1: 0.9, 2: 0.9}, None) == fused


def test_confidence_is_bounded_and_monotonic():
    assert confidence(None, None, CALIBRATION) == 0.0
    assert confidence(0.5, None, CALIBRATION) == 0.0
    assert confidence(0.95, 1, CALIBRATION) == 1.0
    assert confidence(0.85, None, CALIBRATION) == pytest.approx(0.5)
    # Lexical agreement lifts, more at rank 1 than at rank 4, never past 1.
    assert confidence(0.85, 1, CALIBRATION) == pytest.approx(0.5 + 0.5 * LEXICAL_LIFT)
    assert confidence(0.85, 4, CALIBRATION) == pytest.approx(0.5 + 0.5 * LEXICAL_LIFT / 2)
    # Words alone never reach a sensible abstention bar.
    assert confidence(None, 1, CALIBRATION) == pytest.approx(LEXICAL_LIFT)
    values = [confidence(c / 100, None, CALIBRATION) for c in range(70, 100)]
    assert values == sorted(values)


def test_language_boost_leaves_a_monolingual_ranking_alone():
    fused = {1: 0.10, 2: 0.09}
    boosted = boost_language(fused, {1: "en", 2: "en"}, {1: 0.90, 2: 0.89}, "en")
    assert boosted == fused
