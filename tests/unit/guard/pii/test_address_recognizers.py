"""Street forms of the address recognizer (Italian, Spanish, English and neighbours), and
numbers that other recognizers could read the same way (licences, phones)."""

from __future__ import annotations

import pytest

from frontdesk.guard.pii import MultilingualPiiDetector


@pytest.fixture(scope="module")
def detector() -> MultilingualPiiDetector:
    return MultilingualPiiDetector()


def found(detector: MultilingualPiiDetector, text: str) -> set[tuple[str, str]]:
    return {(e.type, text[e.start : e.end]) for e in detector.detect(text)}


ADDRESSES = [
    # a street word followed by particles
    ("Il negozio è in Piazza della Repubblica 1, Firenze", "Piazza della Repubblica 1, Firenze"),
    ("La oficina está en Calle de la Montera 23", "Calle de la Montera 23"),
    ("She lives on 33 avenue de Provence", "33 avenue de Provence"),
    ("Deliver to 12 rue La Fontaine, please", "12 rue La Fontaine"),
    # the Italian comma before the house number
    (
        "Incrocio Benedetti, 14, 58044, Roccalbegna (GR)",
        "Incrocio Benedetti, 14, 58044, Roccalbegna (GR)",
    ),
    # a street word in lower case, with the number after the name
    ("Spedire a ul. Miła 53", "ul. Miła 53"),
    ("abito in via dei Mille 5", "via dei Mille 5"),
    ("vivo en rúa do Vilar 14", "rúa do Vilar 14"),
    # Estonian street word; a town with a particle in it
    ("4418 Kase tee 12", "4418 Kase tee 12"),
    ("ul. Polna 12, Nowe Miasto nad Pilicą 26420", "ul. Polna 12, Nowe Miasto nad Pilicą 26420"),
    # US military post typed in lower case
    ("send it to psc 5420, box 2708 apo aa 33879", "psc 5420, box 2708 apo aa 33879"),
    # a number before a post-office box
    ("45818 P.O. Box 242", "45818 P.O. Box 242"),
    # a postcode of 3 + 2 digits after ZIP
    ("ZIP: 394 13", "394 13"),
]


@pytest.mark.parametrize(("text", "address"), ADDRESSES)
def test_address_forms(detector: MultilingualPiiDetector, text: str, address: str) -> None:
    assert ("ADDRESS", address) in found(detector, text)


def test_corner_of_is_an_address_cue(detector: MultilingualPiiDetector) -> None:
    text = "the shop is on the corner of Lindgata 14"
    assert any(t == "ADDRESS" and "Lindgata 14" in v for t, v in found(detector, text))


@pytest.mark.parametrize(
    "text",
    [
        "contact us via WhatsApp 24/7",
        "book a table for 4 people at 7",
        "find the square root of 95",
        "Can I pay via PayPal 2 times?",
        # "al" (Polish "aleja") is also the Italian and Spanish "to the"
        "quanto si paga al mese la fibra da 1 giga?",
    ],
)
def test_no_address(detector: MultilingualPiiDetector, text: str) -> None:
    assert not any(t == "ADDRESS" for t, _ in found(detector, text))


def test_driver_licence_number_beats_a_phone_reading(detector: MultilingualPiiDetector) -> None:
    text = "my driver's license number is 2270-66-1551"
    assert found(detector, text) == {("DRIVER_LICENSE", "2270-66-1551")}


def test_a_driver_by_trade_has_a_phone_not_a_licence(detector: MultilingualPiiDetector) -> None:
    text = "Local bus driver\nPhone:\n201-948-1927"
    assert ("PHONE", "201-948-1927") in found(detector, text)


def test_italian_landline_without_separators(detector: MultilingualPiiDetector) -> None:
    assert ("PHONE", "0765904550") in found(detector, "Per info 0765904550 dopo le 15")
    assert not any(t == "PHONE" for t, _ in found(detector, "ordine n. 1234567890"))
