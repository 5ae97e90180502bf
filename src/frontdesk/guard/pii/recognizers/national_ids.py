"""Identity and tax numbers: codice fiscale, partita IVA, DNI/NIE, US SSN, passports and
driving licences. Check digits where the number has one; context words where it has none."""

from __future__ import annotations

import re

from frontdesk.guard.pii import entity_types as t
from frontdesk.guard.pii.checksums import (
    codice_fiscale_valid,
    partita_iva_valid,
    spanish_id_valid,
)
from frontdesk.guard.pii.patterns import PatternRecognizer, PatternRule
from frontdesk.guard.pii.registry import register_recognizer

_I = re.IGNORECASE

_CODICE_FISCALE = re.compile(
    r"(?<![\w])[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]"
    r"(?![\w])",
    _I,
)
_PARTITA_IVA = re.compile(r"(?<![\w])(?:IT[ ]?)?\d{11}(?![\w])", _I)
_PARTITA_IVA_CONTEXT = frozenset({"iva", "p.iva", "piva", "vat", "partita", "fiscal"})
_DNI = re.compile(r"(?<![\w-])\d{8}[ -]?[A-Z](?![\w])", _I)
_NIE = re.compile(r"(?<![\w-])[XYZ][ -]?\d{7}[ -]?[A-Z](?![\w])", _I)
_NIF_KLM = re.compile(r"(?<![\w-])[KLM]\d{7}[A-Z](?![\w])", _I)
_SPANISH_ID_CONTEXT = frozenset({"dni", "nie", "nif", "document", "identi", "carnet", "cédula"})

_SSN_DASHED = re.compile(r"(?<![\w-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])")
_SSN_PLAIN = re.compile(r"(?<![\w-])(?!000|666|9\d\d)\d{3}[ ]?(?!00)\d{2}[ ]?(?!0000)\d{4}(?![\w])")
_SSN_CONTEXT = frozenset({"ssn", "social security", "social sec", "seguridad social"})

# Any document-number-like token: letters and digits, at least 5 digits in it.
_DOCUMENT_NUMBER = re.compile(r"(?<![\w-])(?=(?:[A-Z-]*\d){5})[A-Z0-9][A-Z0-9-]{4,18}(?![\w-])", _I)
_PASSPORT_CONTEXT = frozenset({"passport", "passaport", "pasaport"})
_DRIVER_LICENSE_CONTEXT = frozenset({
    "licence", "license", "patente", "carnet de conducir",
    "permiso de conducir", "permiso de conducción", "dl",
})  # fmt: skip
# Italian passports (2 letters, 7 digits) and Spanish ones (3 letters, 6 digits) look like
# nothing else, so they need no context word.
_PASSPORT_SHAPED = re.compile(r"(?<![\w-])(?:[A-Z]{2}\d{7}|[A-Z]{3}\d{6})(?![\w-])")


@register_recognizer("codice_fiscale")
def codice_fiscale_recognizer() -> PatternRecognizer:
    return PatternRecognizer(
        "codice_fiscale",
        (PatternRule(t.CODICE_FISCALE, _CODICE_FISCALE, 0.95, validator=codice_fiscale_valid),),
    )


@register_recognizer("partita_iva")
def partita_iva_recognizer() -> PatternRecognizer:
    # An 11-digit number passes the check 1 time in 10 and the office code about 1 in 8:
    # alone it is a likely VAT number, with "P.IVA" nearby a certain one.
    rule = PatternRule(
        t.PARTITA_IVA, _PARTITA_IVA, 0.6, 0.9, _PARTITA_IVA_CONTEXT, partita_iva_valid
    )
    return PatternRecognizer("partita_iva", (rule,))


@register_recognizer("spanish_id")
def spanish_id_recognizer() -> PatternRecognizer:
    return PatternRecognizer(
        "spanish_id",
        (
            PatternRule(t.ES_DNI, _DNI, 0.85, 0.95, _SPANISH_ID_CONTEXT, spanish_id_valid),
            PatternRule(t.ES_NIE, _NIE, 0.9, 0.95, _SPANISH_ID_CONTEXT, spanish_id_valid),
            PatternRule(t.ES_DNI, _NIF_KLM, 0.8, 0.95, _SPANISH_ID_CONTEXT, spanish_id_valid),
        ),
    )


@register_recognizer("us_ssn")
def us_ssn_recognizer() -> PatternRecognizer:
    return PatternRecognizer(
        "us_ssn",
        (
            PatternRule(t.US_SSN, _SSN_DASHED, 0.6, 0.95, _SSN_CONTEXT),
            PatternRule(t.US_SSN, _SSN_PLAIN, 0.0, 0.85, _SSN_CONTEXT),
        ),
    )


@register_recognizer("passport")
def passport_recognizer() -> PatternRecognizer:
    return PatternRecognizer(
        "passport",
        (
            PatternRule(t.PASSPORT, _DOCUMENT_NUMBER, 0.0, 0.88, _PASSPORT_CONTEXT),
            PatternRule(t.PASSPORT, _PASSPORT_SHAPED, 0.55, 0.9, _PASSPORT_CONTEXT),
        ),
    )


@register_recognizer("driver_license")
def driver_license_recognizer() -> PatternRecognizer:
    # Above a phone number's 0.85 near "number": "driver's license number is 2270-66-1551".
    rule = PatternRule(t.DRIVER_LICENSE, _DOCUMENT_NUMBER, 0.0, 0.88, _DRIVER_LICENSE_CONTEXT)
    return PatternRecognizer("driver_license", (rule,))
