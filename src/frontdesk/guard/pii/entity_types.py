"""The PII types the detector reports: the ``type`` of a :class:`PiiEntity`."""

from __future__ import annotations

from typing import Final

PERSON: Final = "PERSON"
EMAIL: Final = "EMAIL"
PHONE: Final = "PHONE"
IBAN: Final = "IBAN"
CREDIT_CARD: Final = "CREDIT_CARD"
CODICE_FISCALE: Final = "CODICE_FISCALE"  # Italian personal fiscal code
PARTITA_IVA: Final = "PARTITA_IVA"  # Italian VAT number
ES_DNI: Final = "ES_DNI"  # Spanish DNI / NIF of a citizen (also K, L, M NIFs)
ES_NIE: Final = "ES_NIE"  # Spanish foreigner's number
US_SSN: Final = "US_SSN"
DRIVER_LICENSE: Final = "DRIVER_LICENSE"
PASSPORT: Final = "PASSPORT"
ADDRESS: Final = "ADDRESS"  # postal address: street, number, flat, town, postcode
DATE_OF_BIRTH: Final = "DATE_OF_BIRTH"
IP_ADDRESS: Final = "IP_ADDRESS"
# Tenant patterns report their own names (upper-cased), e.g. CONTRACT_NUMBER.

ALL: Final = (
    PERSON, EMAIL, PHONE, IBAN, CREDIT_CARD, CODICE_FISCALE, PARTITA_IVA, ES_DNI, ES_NIE,
    US_SSN, DRIVER_LICENSE, PASSPORT, ADDRESS, DATE_OF_BIRTH, IP_ADDRESS,
)  # fmt: skip
