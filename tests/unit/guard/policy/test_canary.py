"""Canary tokens: random or derived, found in plain sight and in disguise."""

from __future__ import annotations

from frontdesk.guard.policy.canary import (
    PREFIX,
    canary_leaked,
    canary_line,
    derive_canary,
    find_canary,
    new_canary,
)


def test_new_tokens_are_random_and_well_formed() -> None:
    tokens = {new_canary() for _ in range(100)}
    assert len(tokens) == 100
    assert all(t.startswith(PREFIX) and len(t) == len(PREFIX) + 16 for t in tokens)


def test_derived_tokens_are_stable_per_context() -> None:
    key = b"server-secret"
    first = derive_canary(key, "unaempresa", "conv_1")
    assert first == derive_canary(key, "unaempresa", "conv_1")
    assert first != derive_canary(key, "unaempresa", "conv_2")
    assert first != derive_canary(b"other-secret", "unaempresa", "conv_1")
    assert first != derive_canary(key, "unaempresa", "conv", "_1")  # parts do not run together


def test_line_for_the_system_prompt_carries_the_token() -> None:
    token = new_canary()
    line = canary_line(token)
    assert token in line
    assert canary_leaked(line, token)


def test_spans_of_exact_copies() -> None:
    token = "FD-00112233aabbccdd"
    text = f"a {token} b fd-00112233AABBCCDD c 00112233aabbccdd"
    sighting = find_canary(text, token)
    assert sighting.leaked
    assert [text[s:e] for s, e in sighting.spans] == [
        token,
        "fd-00112233AABBCCDD",
        "00112233aabbccdd",
    ]


def test_disguised_copy_has_no_span_but_leaks() -> None:
    sighting = find_canary("0011-2233-aabb-ccdd", "FD-00112233aabbccdd")
    assert sighting.leaked
    assert sighting.spans == ()


def test_unrelated_text_does_not_leak() -> None:
    assert not canary_leaked("FD-0011 is not the whole token", "FD-00112233aabbccdd")
