"""A narrower detector for answers: the same recognizers minus the named ones."""

from __future__ import annotations

import pytest

from frontdesk.guard.pii import MultilingualPiiDetector

TEXT = "Write to Maria Rossi at maria.rossi@example.com or IBAN IT60X0542811101000000123456"


@pytest.fixture(scope="module")
def detector() -> MultilingualPiiDetector:
    return MultilingualPiiDetector()


def test_without_a_recognizer_its_entities_are_not_found(detector: MultilingualPiiDetector) -> None:
    full = {e.type for e in detector.detect(TEXT, language="en")}
    narrow = {e.type for e in detector.without("person").detect(TEXT, language="en")}
    assert "PERSON" in full and "PERSON" not in narrow
    assert narrow == full - {"PERSON"}


def test_an_unknown_recognizer_is_a_clear_error(detector: MultilingualPiiDetector) -> None:
    with pytest.raises(KeyError, match="persons"):
        detector.without("persons")
