"""The PII detector on Italian, Spanish and English messages (synthetic values)."""

from __future__ import annotations

import itertools
import time

import pytest

from frontdesk.guard.model import PiiDetector, PiiEntity
from frontdesk.guard.pii import (
    MultilingualPiiDetector,
    TenantPiiPatterns,
    default_recognizer_names,
    register_recognizer,
)
from frontdesk.guard.pii.overlaps import resolve_overlaps


@pytest.fixture(scope="module")
def detector() -> MultilingualPiiDetector:
    return MultilingualPiiDetector(
        tenant_patterns={"acme": TenantPiiPatterns({"contract_number": r"CT-\d{8}"})}
    )


def found(detector: MultilingualPiiDetector, text: str, **kw: str) -> set[tuple[str, str]]:
    return {(e.type, text[e.start : e.end]) for e in detector.detect(text, **kw)}


CASES = [
    # Italian
    ("Mi chiamo Giulia Bianchi", ("PERSON", "Giulia Bianchi")),
    ("abito in Via Roma 12, 00184 Roma", ("ADDRESS", "Via Roma 12, 00184 Roma")),
    ("il mio cellulare è +39 333 123 4567", ("PHONE", "+39 333 123 4567")),
    ("scrivetemi a giulia.bianchi@example.it", ("EMAIL", "giulia.bianchi@example.it")),
    ("IBAN IT60 X054 2811 1010 0000 0123 456", ("IBAN", "IT60 X054 2811 1010 0000 0123 456")),
    ("il codice fiscale è RSSMRA85T10A562S", ("CODICE_FISCALE", "RSSMRA85T10A562S")),
    ("P.IVA 12345670017", ("PARTITA_IVA", "12345670017")),
    ("sono nata il 14/07/1985", ("DATE_OF_BIRTH", "14/07/1985")),
    ("numero di passaporto YA1234567", ("PASSPORT", "YA1234567")),
    ("Gentile Sig. Rossi, la contattiamo", ("PERSON", "Rossi")),
    # Spanish
    ("Me llamo Javier Martínez", ("PERSON", "Javier Martínez")),
    ("vivo en Calle Mayor 5, 28013 Madrid", ("ADDRESS", "Calle Mayor 5, 28013 Madrid")),
    ("mi teléfono es +34 612 345 678", ("PHONE", "+34 612 345 678")),
    ("mi DNI es 12345678Z", ("ES_DNI", "12345678Z")),
    ("mi NIE es X1234567L", ("ES_NIE", "X1234567L")),
    ("mi tarjeta 4111 1111 1111 1111 caduca", ("CREDIT_CARD", "4111 1111 1111 1111")),
    ("IBAN ES91 2100 0418 4502 0005 1332", ("IBAN", "ES91 2100 0418 4502 0005 1332")),
    ("fecha de nacimiento: 3 de mayo de 1990", ("DATE_OF_BIRTH", "3 de mayo de 1990")),
    ("número de pasaporte PAA123456", ("PASSPORT", "PAA123456")),
    # English
    ("My name is John Smith", ("PERSON", "John Smith")),
    (
        "I live at 221B Baker Street, London NW1 6XE",
        ("ADDRESS", "221B Baker Street, London NW1 6XE"),
    ),
    ("call me on +44 20 7946 0958", ("PHONE", "+44 20 7946 0958")),
    ("card 5555-5555-5555-4444 was charged twice", ("CREDIT_CARD", "5555-5555-5555-4444")),
    ("I was born on July 14, 1995", ("DATE_OF_BIRTH", "July 14, 1995")),
    ("the router's IP is 192.168.1.20", ("IP_ADDRESS", "192.168.1.20")),
    ("IPv6 2001:db8::1 is blocked", ("IP_ADDRESS", "2001:db8::1")),
    ("My SSN is 123-45-6789", ("US_SSN", "123-45-6789")),
    ("my driver's license number is D1234567", ("DRIVER_LICENSE", "D1234567")),
    ("my passport number is 123456789", ("PASSPORT", "123456789")),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_finds_each_entity_type(
    detector: MultilingualPiiDetector, text: str, expected: tuple[str, str]
) -> None:
    assert expected in found(detector, text)


def test_italian_fiscal_code_in_an_english_sentence(detector: MultilingualPiiDetector) -> None:
    text = "Hi, my Italian fiscal code is RSSMRA85T10A562S, can you update my account?"
    assert found(detector, text, language="en") == {("CODICE_FISCALE", "RSSMRA85T10A562S")}


def test_spanish_id_in_an_italian_sentence(detector: MultilingualPiiDetector) -> None:
    assert ("ES_NIE", "X1234567L") in found(detector, "il mio NIE spagnolo è X1234567L")


def test_checksum_failures_are_not_reported(detector: MultilingualPiiDetector) -> None:
    text = "IBAN IT60X0542811101000000123457, CF RSSMRA85T10A562T, card 4111111111111112"
    types = {t for t, _ in found(detector, text)}
    assert not types & {"IBAN", "CODICE_FISCALE", "CREDIT_CARD"}


def test_tenant_patterns_only_for_their_tenant(detector: MultilingualPiiDetector) -> None:
    text = "please check contract CT-12345678"
    assert ("CONTRACT_NUMBER", "CT-12345678") in found(detector, text, tenant="acme")
    assert not any(t == "CONTRACT_NUMBER" for t, _ in found(detector, text, tenant="other"))
    assert not any(t == "CONTRACT_NUMBER" for t, _ in found(detector, text))


def test_tenant_pattern_value_group() -> None:
    patterns = TenantPiiPatterns({"account": r"(?i)cuenta\s+(?P<value>\d{6})"})
    detector = MultilingualPiiDetector(tenant_patterns={"t1": patterns})
    assert found(detector, "mi cuenta 123456 no funciona", tenant="t1") == {("ACCOUNT", "123456")}


@pytest.mark.parametrize(
    "patterns",
    [{"bad name!": r"\d+"}, {"contract": r"(unclosed"}, {"anything": r"\d*"}],
)
def test_bad_tenant_patterns_are_refused(patterns: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="tenant PII pattern"):
        MultilingualPiiDetector(tenant_patterns={"t1": TenantPiiPatterns(patterns)})


ORDINARY_QUESTIONS = [
    "How do I reset my router?",
    "Quanto costa il roaming in Spagna?",
    "¿Cuánto cuesta la tarifa de fibra?",
    "My bill is higher than last month, why?",
    "Vorrei disdire il contratto entro il 30 giugno",
    "Can I keep my number if I switch to eSIM on iPhone 15?",
    "Hola, tengo un problema con la factura de marzo",
    "Il router non funziona da ieri sera, ho riavviato due volte",
    "What is the price of the 5G plan for 12 months?",
    "Mark the invoice as paid please",
    "Will my data roll over to next month?",
    "Grazie mille, buona giornata!",
    "Where is the nearest store in Madrid?",
    "Il mio ordine 12345 non è ancora arrivato",
]


@pytest.mark.parametrize("text", ORDINARY_QUESTIONS)
def test_no_false_positives_on_support_questions(
    detector: MultilingualPiiDetector, text: str
) -> None:
    assert detector.detect(text) == []


def test_entities_are_sorted_and_never_overlap(detector: MultilingualPiiDetector) -> None:
    text = (
        "Mi chiamo Mario Rossi, CF RSSMRA85T10A562S, abito in Via Garibaldi 7, 20121 Milano, "
        "tel. 02 1234 5678, mario.rossi@example.com, IBAN IT60X0542811101000000123456"
    )
    entities = detector.detect(text)
    assert len(entities) >= 6
    for before, after in itertools.pairwise(entities):
        assert before.end <= after.start


def test_overlap_resolution_prefers_score_then_length() -> None:
    short = PiiEntity("PERSON", 10, 15, 0.7, "a")
    longer = PiiEntity("ADDRESS", 0, 30, 0.7, "b")
    stronger = PiiEntity("EMAIL", 28, 40, 0.95, "c")
    weak = PiiEntity("PHONE", 50, 60, 0.3, "d")
    # The e-mail beats the address it overlaps; the name no longer conflicts with anything.
    assert resolve_overlaps([short, longer, stronger, weak], 0.5) == [short, stronger]
    assert resolve_overlaps([short, longer], 0.5) == [longer]


def test_implements_the_protocol(detector: MultilingualPiiDetector) -> None:
    checked: PiiDetector = detector
    assert checked.detect("   ") == []


def test_recognizers_come_from_the_registry() -> None:
    names = default_recognizer_names()
    assert {"iban", "credit_card", "codice_fiscale", "person", "address"} <= set(names)
    assert "person_without_ner" not in names
    with pytest.raises(KeyError, match="unknown PII recognizer"):
        MultilingualPiiDetector(["no_such_recognizer"])


def test_a_registered_recognizer_is_used() -> None:
    class TicketRecognizer:
        name = "ticket_test"

        def find(self, text: str, language: str) -> list[PiiEntity]:
            start = text.find("TK-")
            return [] if start < 0 else [PiiEntity("TICKET", start, start + 7, 0.9, self.name)]

    register_recognizer("ticket_test")(TicketRecognizer)
    detector = MultilingualPiiDetector(["ticket_test"])
    assert detector.detect("ticket TK-1234") == [PiiEntity("TICKET", 7, 14, 0.9, "ticket_test")]


def test_without_ner_names_still_come_from_cues_and_gazetteer() -> None:
    names = [n if n != "person" else "person_without_ner" for n in default_recognizer_names()]
    detector = MultilingualPiiDetector(names)
    assert ("PERSON", "Giulia Bianchi") in found(detector, "Buongiorno, sono Giulia Bianchi")
    assert ("PERSON", "Lucía Gómez") in found(detector, "Hablé ayer con Lucía Gómez")


def test_performance_sanity(detector: MultilingualPiiDetector) -> None:
    """Not a timed assertion (shared CI cores): a gross regression (a catastrophic regex)
    would take seconds here instead of a fraction of one."""
    messages = [text for text, _ in CASES] + ORDINARY_QUESTIONS
    detector.detect(messages[0])
    started = time.perf_counter()
    for message in messages * 5:
        detector.detect(message)
    assert time.perf_counter() - started < 30
