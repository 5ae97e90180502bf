"""Status codes and Retry-After, decided once for every HTTP provider."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from frontdesk.gateway.providers.http_errors import error_for_status, parse_retry_after

NOW = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"Retry-After": "Thu, 01 Jan 2026 12:00:30 GMT"}, 30.0),
        ({"Retry-After": "Thu, 01 Jan 2026 11:00:00 GMT"}, 0.0),  # in the past: go now
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),
        ({"Retry-After": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after(headers: dict[str, str], expected: float | None) -> None:
    assert parse_retry_after(httpx.Headers(headers), now=NOW) == expected


def test_retry_after_reads_lower_cased_botocore_headers() -> None:
    assert parse_retry_after({"retry-after": "3"}) == 3.0


@pytest.mark.parametrize(
    ("status", "kind", "retryable"),
    [
        (429, "rate_limited", True),
        (408, "timeout", True),
        (500, "server", True),
        (503, "server", True),
        (529, "server", True),
        (401, "auth", False),
        (403, "auth", False),
        (413, "context_length", False),
        (400, "bad_request", False),
        (404, "bad_request", False),
    ],
)
def test_status_kinds(status: int, kind: str, retryable: bool) -> None:
    error = error_for_status("openai", status, httpx.Headers(), "boom")
    assert (error.kind, error.retryable, error.status_code) == (kind, retryable, status)
    assert error.provider == "openai"


def test_provider_recognised_kind_overrides_the_status() -> None:
    error = error_for_status("openai", 400, httpx.Headers(), "too long", kind="context_length")
    assert (error.kind, error.retryable) == ("context_length", False)


def test_upstream_message_is_truncated() -> None:
    error = error_for_status("openai", 500, httpx.Headers(), "x" * 5000)
    assert len(error.message) < 400
