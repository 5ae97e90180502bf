"""PII detection for Italian, Spanish and English messages (see docs/pii.md).

detector = MultilingualPiiDetector(tenant_patterns={"acme": TenantPiiPatterns(
    {"contract_number": r"CT-\\d{8}"})})
detector.detect("Mi chiamo Mario Rossi, CF RSSMRA85T10A562S", tenant="acme")
"""

from __future__ import annotations

from frontdesk.guard.pii.detector import (
    DEFAULT_MIN_SCORE,
    MultilingualPiiDetector,
    default_recognizer_names,
)
from frontdesk.guard.pii.registry import PiiRecognizer, register_recognizer
from frontdesk.guard.pii.tenant_patterns import TenantPiiPatterns

__all__ = [
    "DEFAULT_MIN_SCORE",
    "MultilingualPiiDetector",
    "PiiRecognizer",
    "TenantPiiPatterns",
    "default_recognizer_names",
    "register_recognizer",
]
