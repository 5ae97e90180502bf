"""Where recognizers register: the detector is built from names, never from an if-chain.

A recognizer module registers a zero-argument factory under a stable name at import time;
``frontdesk.guard.pii.recognizers`` imports them all. A third party adds one the same way
(import its module before building the detector).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from frontdesk.guard.model import PiiEntity

__all__ = ["PiiRecognizer", "RecognizerFactory", "create_recognizers", "register_recognizer",
           "registered_recognizers"]  # fmt: skip


class PiiRecognizer(Protocol):
    """Finds one family of entities; may return overlapping candidates (the detector
    resolves overlaps). ``language`` is the message's language (it, es, en)."""

    name: str

    def find(self, text: str, language: str) -> Iterable[PiiEntity]: ...


RecognizerFactory = Callable[[], PiiRecognizer]

_FACTORIES: dict[str, RecognizerFactory] = {}


def register_recognizer(name: str) -> Callable[[RecognizerFactory], RecognizerFactory]:
    """Decorator: ``@register_recognizer("iban")`` on a factory returning a recognizer."""

    def decorate(factory: RecognizerFactory) -> RecognizerFactory:
        if name in _FACTORIES and _FACTORIES[name] is not factory:
            raise ValueError(f"PII recognizer {name!r} is already registered")
        _FACTORIES[name] = factory
        return factory

    return decorate


def registered_recognizers() -> tuple[str, ...]:
    return tuple(_FACTORIES)


def create_recognizers(names: Iterable[str]) -> list[PiiRecognizer]:
    unknown = [name for name in names if name not in _FACTORIES]
    if unknown:
        known = ", ".join(sorted(_FACTORIES))
        raise KeyError(f"unknown PII recognizer(s) {unknown}; registered: {known}")
    return [_FACTORIES[name]() for name in names]
