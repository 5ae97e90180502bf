"""The person recognizer's cues, shapes and vetoes (Italian, Spanish, English; made-up names)."""

from __future__ import annotations

import pytest

from frontdesk.guard.pii import MultilingualPiiDetector, default_recognizer_names


@pytest.fixture(scope="module")
def detector() -> MultilingualPiiDetector:
    return MultilingualPiiDetector()


@pytest.fixture(scope="module")
def without_ner() -> MultilingualPiiDetector:
    names = [n if n != "person" else "person_without_ner" for n in default_recognizer_names()]
    return MultilingualPiiDetector(names)


def people(detector: MultilingualPiiDetector, text: str) -> set[str]:
    return {text[e.start : e.end] for e in detector.detect(text) if e.type == "PERSON"}


FOUND = [
    # an initial between two capitalised words
    ("Ho parlato ieri con Yolendi R. Castañar", "Yolendi R. Castañar"),
    ("The form was signed by Odalric J Pemberton yesterday", "Odalric J Pemberton"),
    # a surname ending no everyday word has
    ("Ho incontrato Zorvek Petrović in negozio", "Zorvek Petrović"),
    ("Hablé con Ulmira Kowalska por teléfono", "Ulmira Kowalska"),
    ("The parcel is for Taavet Halvorsson", "Taavet Halvorsson"),
    # a verb said of people after the name
    ("Ilvane lives in Leeds and wants to move her contract", "Ilvane"),
    ("Ortensio abita a Bari da due anni", "Ortensio"),
    ("Xaviera trabaja en Cádiz", "Xaviera"),
    # a company suffix that is also a word does not cut a name short
    ("Please add Thelma Mitchell as guardian", "Thelma Mitchell"),
]


@pytest.mark.parametrize(("text", "name"), FOUND)
def test_names_found_by_shape_and_cue(
    without_ner: MultilingualPiiDetector, text: str, name: str
) -> None:
    assert name in people(without_ner, text)


def test_letterhead_first_line(without_ner: MultilingualPiiDetector) -> None:
    text = "Teodor Vrancu\nVrancu Impianti\nVia Manzoni 4, 20121 Milano\nTel. 02 1234 5678"
    assert "Teodor Vrancu" in people(without_ner, text)


def test_second_name_after_a_speech_verb(without_ner: MultilingualPiiDetector) -> None:
    assert people(without_ner, '"Not again!" said Orlena to Baptiste') >= {"Orlena", "Baptiste"}
    assert {"Ginevra", "Piero"} <= people(without_ner, "Ha detto Ginevra a Piero di aspettare")


def test_surnames_listed_after_a_people_noun(without_ner: MultilingualPiiDetector) -> None:
    text = "Our founders: Kowal, Brandt and Okafor started in a garage."
    assert people(without_ner, text) == {"Kowal", "Brandt", "Okafor"}


NOT_PEOPLE = [
    # companies named after their founders
    "I worked at Harlow, Pendry and Voss for two years",
    "Marsh, Ferrante and Lutz is a law firm in Rome",
    "The Baker, Holt and Reyes Orchestra plays on Friday",
    # titles in Title Case
    'We sang "Carry Me Back To Old Virginny" at the party',
    # a first name inside a longer place name, a nationality
    "We flew back to San Bernardino last week",
    "Is there a German version of the manual?",
    # model names and acronyms
    "Is the Pixel 8 in stock?",
    "Quanto costa TIM Vision al mese?",
    # typed in lower case: everyday words that are also first names
    "can you roll the dice for me",
    "add eggs to my shopping list",
    "i'm going to madrid tomorrow",
    "quiero cambiar de tarifa",
    # lower-case Italian and Spanish: no dictionary to tell "sim" or "luna" from a name
    "cual es el pin de la sim nueva?",
    "la lucina fibra sul modem è rossa, che faccio?",
    "quanto dista la luna dalla terra",
    # a possessive after an introduction is not the name
    "quiero poner el contrato a nombre de mi hija",
]


@pytest.mark.parametrize("text", NOT_PEOPLE)
def test_not_people(detector: MultilingualPiiDetector, text: str) -> None:
    assert people(detector, text) == set()


def test_lower_case_names_still_found(detector: MultilingualPiiDetector) -> None:
    assert "aksel kristensen" in people(detector, "aksel kristensen needs a new sim card")
    assert "nijole varga" in people(detector, "my name is nijole varga")
    assert "giulia" in people(detector, "ciao, mi chiamo giulia e ho un problema")
