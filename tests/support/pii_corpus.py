"""A seeded synthetic corpus of customer messages carrying personal data, in Italian,
Spanish and English, for the leak-scan test.

Values come from Faker's locale providers (valid IBAN and Luhn checksums, real codice
fiscale and DNI/NIE check letters, national phone formats, street addresses); the sentences
around them are the ones customers write to a support desk. Each message keeps the list of
values it carries, so a scan can look for every one of them anywhere.

Faker's US phone numbers may carry an ``x1234`` extension and US street addresses name a
"Suite"; both are kept as Faker makes them: they are what real messages contain.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker


@dataclass(frozen=True)
class CorpusMessage:
    language: str
    text: str
    values: tuple[tuple[str, str], ...]  # (entity type, value)


Template = tuple[str, tuple[str, ...]]  # format string, the value kinds it takes

_TEMPLATES: dict[str, tuple[Template, ...]] = {
    "it": (
        ("Buongiorno, sono {0}, il mio codice fiscale è {1}.", ("PERSON", "CF")),
        ("Vorrei il rimborso sull'IBAN {0}, intestato a {1}.", ("IBAN", "PERSON")),
        ("Potete richiamarmi al {0}? Oppure scrivete a {1}.", ("PHONE", "EMAIL")),
        ("Ho cambiato indirizzo: ora abito in {0}.", ("ADDRESS",)),
        ("Mi chiamo {0} e sono nata il {1}.", ("PERSON", "DOB")),
        ("La fattura va alla partita IVA {0}, referente {1}.", ("VAT", "PERSON")),
        ("Mi hanno addebitato due volte sulla carta {0}.", ("CARD",)),
        ("Il mio passaporto è {0}, scade l'anno prossimo.", ("PASSPORT",)),
    ),
    "es": (
        ("Hola, soy {0} y mi DNI es {1}.", ("PERSON", "DNI")),
        ("Mi NIE es {0}, necesito cambiar la titularidad.", ("NIE",)),
        ("Devolvedme el dinero a la cuenta {0}, por favor.", ("IBAN",)),
        ("Llamadme al {0} o escribidme a {1}.", ("PHONE", "EMAIL")),
        ("Me he mudado a {0}, actualizad la dirección.", ("ADDRESS",)),
        ("La titular es {0}, fecha de nacimiento {1}.", ("PERSON", "DOB")),
        ("Han cobrado dos veces en mi tarjeta {0}.", ("CARD",)),
    ),
    "en": (
        ("Hi, this is {0}, my email is {1}.", ("PERSON", "EMAIL")),
        ("Please call me back on {0}.", ("PHONE",)),
        ("I moved to {0}, please update my address.", ("ADDRESS",)),
        ("My card {0} was charged twice last week.", ("CARD",)),
        ("Refund to IBAN {0} please, account holder {1}.", ("IBAN", "PERSON")),
        ("The router at {0} keeps dropping, can you check it?", ("IP",)),
        ("I am {0}, date of birth {1}, and I need to verify my account.", ("PERSON", "DOB")),
        ("My passport number is {0}.", ("PASSPORT",)),
    ),
}

_LOCALES = {"it": ("it_IT",), "es": ("es_ES",), "en": ("en_US", "en_GB")}


def _values(fake: Faker, language: str) -> dict[str, Callable[[], str]]:
    def dob() -> str:
        born = fake.date_of_birth(minimum_age=18, maximum_age=90)
        return born.strftime("%d/%m/%Y" if language != "en" else "%B %d, %Y")

    return {
        "PERSON": fake.name,
        "EMAIL": fake.free_email,
        "PHONE": fake.phone_number,
        "IBAN": fake.iban,
        "CARD": fake.credit_card_number,
        "ADDRESS": lambda: fake.address().replace("\n", ", "),
        "DOB": dob,
        "IP": fake.ipv4_public,
        "PASSPORT": fake.passport_number,
        "CF": lambda: str(fake.ssn()),
        "VAT": lambda: str(fake.company_vat()),
        "DNI": lambda: str(fake.nif()),
        "NIE": lambda: str(fake.nie()),
    }


def pii_corpus(per_language: int = 40, seed: int = 20261205) -> list[CorpusMessage]:
    """``per_language`` messages in each of it, es and en, the same for the same seed."""
    chooser = random.Random(seed)
    corpus: list[CorpusMessage] = []
    for language, templates in _TEMPLATES.items():
        fakers = [Faker(locale) for locale in _LOCALES[language]]
        for n, fake in enumerate(fakers):
            fake.seed_instance(seed + n)
        for i in range(per_language):
            fake = fakers[i % len(fakers)]
            makers = _values(fake, language)
            template, kinds = templates[i % len(templates)]
            values = tuple((kind, makers[kind]()) for kind in kinds)
            text = template.format(*(value for _, value in values))
            if chooser.random() < 0.3:  # people often write two things at once
                extra, extra_kinds = chooser.choice(templates)
                more = tuple((kind, makers[kind]()) for kind in extra_kinds)
                text += " " + extra.format(*(value for _, value in more))
                values += more
            corpus.append(CorpusMessage(language, text, values))
    return corpus
