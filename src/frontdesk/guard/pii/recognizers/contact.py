"""E-mail addresses, phone numbers (national and international formats) and IP addresses."""

from __future__ import annotations

import ipaddress
import re

from frontdesk.guard.pii import entity_types as t
from frontdesk.guard.pii.patterns import PatternRecognizer, PatternRule
from frontdesk.guard.pii.registry import register_recognizer

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,24}(?![\w])")

_PHONE_CONTEXT = frozenset({
    "phone", "tel", "call", "mobile", "cell", "fax", "office", "desk", "home", "work",
    "whatsapp", "sms", "text", "messag", "answer", "reach", "ring", "dial", "contact",
    "number", "numero", "número", "telefon", "teléfon", "cellular", "chiam", "llam",
    "móvil", "movil", "fijo", "fisso", "registered", "registrat", "registrad",
})  # fmt: skip
# Digits in groups separated by single spaces, dots, dashes, slashes or a bracketed area code,
# optionally after + or 00 and before an extension. Validity is decided in _phone_shape.
_PHONE = re.compile(
    r"(?<![\w+/.-])(?:\+|00)?(?:\(\d{1,4}\)[ ]?)?\d(?:[ .\-/]?\d|[ ]?\(\d{1,4}\)[ ]?\d){5,16}"
    r"(?:[ ]?(?:x|ext\.?|int\.?)[ ]?\d{1,5})?(?![\w/]|[.\-:]\d)",
    re.IGNORECASE,
)
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_DATE_THEN_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d")
_EXTENSION = re.compile(r"[ ]?(?:x|ext\.?|int\.?)[ ]?\d{1,5}$", re.IGNORECASE)


def _digits(value: str) -> str:
    return "".join(c for c in _EXTENSION.sub("", value) if c.isdigit())


def _phone_shape(value: str) -> bool:
    digits = _digits(value)
    bare = _EXTENSION.sub("", value)
    if not 7 <= len(digits) <= 15 or _DATE.fullmatch(bare) or _DATE_THEN_TIME.match(bare):
        return False
    return len(set(digits)) > 2  # 0000000, 1111111 are placeholders


def _international(value: str) -> bool:
    return value.startswith(("+", "00")) and 8 <= len(_digits(value)) <= 15 and _phone_shape(value)


def _grouped(value: str) -> bool:
    """Printed like a phone number: separators between groups, or a national number
    (Italian mobile 3xx xxxxxxx and landline 0 + area code, 9 to 11 digits; Spanish mobile
    6xx xxx xxx / 7xx xxx xxx)."""
    digits = _digits(value)
    if not _phone_shape(value):
        return False
    if re.fullmatch(r"3\d{9}|0[1-9]\d{7,9}|[67]\d{8}", digits):
        return True
    return len(digits) >= 9 and any(not c.isdigit() for c in _EXTENSION.sub("", value))


_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_IP_CONTEXT = frozenset({"ip", "address", "indirizz", "direcci", "server", "host", "router",
                         "gateway", "dns", "client"})  # fmt: skip


def _ipv6_valid(value: str) -> bool:
    try:
        return value.count(":") >= 2 and ipaddress.IPv6Address(value).version == 6
    except ValueError:
        return False


@register_recognizer("email")
def email_recognizer() -> PatternRecognizer:
    return PatternRecognizer("email", (PatternRule(t.EMAIL, _EMAIL, 0.95),))


@register_recognizer("phone")
def phone_recognizer() -> PatternRecognizer:
    return PatternRecognizer(
        "phone",
        (
            PatternRule(t.PHONE, _PHONE, 0.75, 0.9, _PHONE_CONTEXT, _international),
            PatternRule(t.PHONE, _PHONE, 0.6, 0.85, _PHONE_CONTEXT, _grouped),
            PatternRule(t.PHONE, _PHONE, 0.0, 0.7, _PHONE_CONTEXT, _phone_shape),
        ),
    )


@register_recognizer("ip_address")
def ip_address_recognizer() -> PatternRecognizer:
    return PatternRecognizer(
        "ip_address",
        (
            PatternRule(t.IP_ADDRESS, _IPV4, 0.75, 0.95, _IP_CONTEXT),
            PatternRule(t.IP_ADDRESS, _IPV6, 0.8, 0.95, _IP_CONTEXT, _ipv6_valid),
        ),
    )
