"""Irreversible redaction for ingestion: typed placeholders, no numbers, no vault."""

from __future__ import annotations

from frontdesk.guard.vault import IrreversibleRedactor, irreversible
from frontdesk.guard.vault.placeholders import NUMBERED
from frontdesk.knowledge.redaction import Redactor
from tests.unit.guard.vault.fake_detector import FakePiiDetector


def test_values_become_unnumbered_typed_placeholders() -> None:
    text = "Ticket from Mario Rossi <mario@example.com>: refund to IT60X0542811101000000123456."
    redacted = irreversible(FakePiiDetector(), text, "en")
    assert redacted == "Ticket from <PERSON> <<EMAIL>>: refund to <IBAN>."
    assert not NUMBERED.search(redacted)


def test_the_redactor_fits_the_knowledge_pipeline() -> None:
    redactor: Redactor = IrreversibleRedactor(FakePiiDetector(), tenant="acme")
    assert redactor("call Anna Bianchi", "it") == "call <PERSON>"
    assert redactor("nothing personal", None) == "nothing personal"
