"""The provider-fault scenarios and the behaviour each is designed to have, in one table.

Every row drives the tests of its ``layer`` (``test_<layer>_faults.py``): the adapter alone
must raise the listed error, and the resilient chain (retries, breaker, fallback to a second
upstream) must make the listed number of upstream attempts and end with the listed outcome.
``docs/resilience.md`` carries :func:`markdown_table` verbatim; regenerate it with
``python -m tests.integration.gateway.faults.scenarios`` after changing a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

# Ways of provoking a fault that are not a fault of the fake: nothing listens on the port,
# or the host name is in ``.invalid`` (RFC 2606), which resolves nowhere.
REFUSED = "refused"
UNRESOLVABLE = "unresolvable"

# The chain every scenario runs through (see ``support.resilient``): small, so timeouts
# and retries stay quick.
ATTEMPTS = 3
BASE_DELAY_S = 0.01
MAX_DELAY_S = 2.0
TIMEOUT_S = 0.5  # the provider's read timeout, which also bounds the wait for headers

Layer = Literal["network", "http", "stream"]


class Outcome(StrEnum):
    ANSWERED = "answered"  # the primary answered on its first attempt
    RETRIED_THEN_SUCCEEDED = "retried-then-succeeded"  # same model, after a backoff
    FAILED_OVER = "failed-over-to-next"  # nothing was shown; the next model answers
    CONTINUED_MID_STREAM = "continued-mid-stream"  # the next model finishes the answer
    REFUSED = "refused-no-retry-no-fallback"  # the caller gets the error as it is


OUTCOME_MEANING: dict[Outcome, str] = {
    Outcome.ANSWERED: "the primary's answer, unchanged",
    Outcome.RETRIED_THEN_SUCCEEDED: "the primary's answer, after a jittered backoff "
    "(at least Retry-After when the provider sent one)",
    Outcome.FAILED_OVER: "the next model's answer to the same request; the switch is "
    "reported with `after_chars == 0`",
    Outcome.CONTINUED_MID_STREAM: "one answer: the text already streamed, then the next "
    "model's continuation of it (no repetition); the switch is reported with "
    "`after_chars > 0`",
    Outcome.REFUSED: "a `content_filter` error; no retry, no fallback (a safety refusal is "
    "an answer, not an outage)",
}


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str  # as the issue names it
    layer: Layer
    provoke: str  # a fault of the fakes, or REFUSED / UNRESOLVABLE
    kind: str | None  # ProviderError.kind the adapter raises; None: it answers
    retryable: bool
    status: int | None  # ProviderError.status_code
    attempts: int  # upstream attempts at the primary through the chain
    outcome: Outcome
    fault_times: int | None = None  # the upstream recovers after this many faults
    retry_after: float | None = None  # seconds, from the provider's Retry-After
    timeouts: int = 0  # provider timeouts the chain sits through, TIMEOUT_S each
    max_delay_s: float = MAX_DELAY_S  # the retry wrapper's ceiling for this scenario
    note: str = ""  # why this is the designed behaviour, for the doc

    @property
    def id(self) -> str:
        return self.name.replace(" ", "_")

    @property
    def mid_stream(self) -> bool:
        """Some of the answer reached the caller before the fault."""
        return self.outcome is Outcome.CONTINUED_MID_STREAM

    @property
    def provocation(self) -> str:
        if self.provoke == REFUSED:
            return "a port nothing listens on"
        if self.provoke == UNRESOLVABLE:
            return "a host in `.invalid`"
        if self.fault_times is None:
            return f"fake fault `{self.provoke}`"
        times = "once" if self.fault_times == 1 else f"{self.fault_times} times"
        return f"fake fault `{self.provoke}` {times}, then recovers"


SCENARIOS: tuple[Scenario, ...] = (
    # --- below HTTP ---
    Scenario(
        "connection refused",
        "network",
        REFUSED,
        "connect",
        True,
        None,
        3,
        Outcome.FAILED_OVER,
        note="retried with backoff: a restarting server or another replica may answer",
    ),
    Scenario(
        "unresolvable host",
        "network",
        UNRESOLVABLE,
        "connect",
        True,
        None,
        3,
        Outcome.FAILED_OVER,
        note="as a refused connection: DNS may be flapping (a bad URL scheme is not retried)",
    ),
    # --- an HTTP error status ---
    Scenario(
        "429 with Retry-After",
        "http",
        "http_429",
        "rate_limited",
        True,
        429,
        2,
        Outcome.RETRIED_THEN_SUCCEEDED,
        fault_times=1,
        retry_after=1.0,
        note="the wait is at least Retry-After (the fake sends 1 s)",
    ),
    Scenario(
        "429 with Retry-After beyond max delay",
        "http",
        "http_429",
        "rate_limited",
        True,
        429,
        1,
        Outcome.FAILED_OVER,
        retry_after=1.0,
        max_delay_s=0.5,
        note="Retry-After (1 s) exceeds max_delay (0.5 s): no wait, the next model answers now",
    ),
    Scenario(
        "500",
        "http",
        "http_500",
        "server",
        True,
        500,
        2,
        Outcome.RETRIED_THEN_SUCCEEDED,
        fault_times=1,
        note="one jittered backoff, then the same model answers",
    ),
    Scenario(
        "503",
        "http",
        "http_503",
        "server",
        True,
        503,
        3,
        Outcome.FAILED_OVER,
        note="every attempt fails: backoff between them, then the next model",
    ),
    Scenario(
        "401",
        "http",
        "http_401",
        "auth",
        False,
        401,
        1,
        Outcome.FAILED_OVER,
        note="not retried: the key stays wrong; the next provider has its own",
    ),
    Scenario(
        "context-length error",
        "http",
        "context_length",
        "context_length",
        False,
        400,
        1,
        Outcome.FAILED_OVER,
        note="not retried: it would fail the same way; the next model may have a larger window",
    ),
    Scenario(
        "content-policy refusal",
        "http",
        "content_filter",
        "content_filter",
        False,
        400,
        1,
        Outcome.REFUSED,
        note="the provider's safety system answered: routing around it would defeat it",
    ),
    # --- the response or its stream (every fake implements these) ---
    Scenario(
        "timeout before first byte",
        "stream",
        "timeout_first_byte",
        "timeout",
        True,
        None,
        2,
        Outcome.RETRIED_THEN_SUCCEEDED,
        fault_times=1,
        timeouts=1,
        note="ends after timeout_s, then one retry",
    ),
    Scenario(
        "wrong content type",
        "stream",
        "wrong_content_type",
        "wrong_content_type",
        False,
        200,
        1,
        Outcome.FAILED_OVER,
        note="an HTML page (proxy login) instead of a stream: not retried",
    ),
    Scenario(
        "malformed JSON",
        "stream",
        "malformed_json",
        "malformed",
        False,
        None,
        1,
        Outcome.CONTINUED_MID_STREAM,
        note="not retried (text is out), the next model continues",
    ),
    Scenario(
        "stream dies mid-answer",
        "stream",
        "die_mid_stream",
        "stream_interrupted",
        True,
        None,
        1,
        Outcome.CONTINUED_MID_STREAM,
        note="the text already streamed is never repeated",
    ),
    Scenario(
        "stream stalls",
        "stream",
        "stall",
        "timeout",
        True,
        None,
        1,
        Outcome.CONTINUED_MID_STREAM,
        timeouts=1,
        note="ends after timeout_s of silence, then as above",
    ),
    Scenario(
        "truncated SSE",
        "stream",
        "truncated_sse",
        "stream_interrupted",
        True,
        None,
        1,
        Outcome.CONTINUED_MID_STREAM,
        note="half an event, then a clean end of body: not a complete answer",
    ),
    Scenario(
        "invalid UTF-8",
        "stream",
        "invalid_utf8",
        "invalid_utf8",
        False,
        None,
        1,
        Outcome.CONTINUED_MID_STREAM,
        note="the events before the bad one are kept",
    ),
    Scenario(
        "slow drip",
        "stream",
        "slow_drip",
        None,
        False,
        None,
        1,
        Outcome.ANSWERED,
        note="one byte per write: the timeout bounds each read, not the whole answer",
    ),
    # OpenAI's fake only: an error reported inside a stream that began with HTTP 200
    Scenario(
        "error event mid-stream",
        "stream",
        "error_event",
        "server",
        True,
        None,
        1,
        Outcome.CONTINUED_MID_STREAM,
        note='`data: {"error": ...}` after HTTP 200, as vLLM and proxies send',
    ),
)


def in_layer(layer: Layer) -> list[Scenario]:
    return [s for s in SCENARIOS if s.layer == layer]


def markdown_table() -> str:
    """The scenario table and the outcomes' meaning, as docs/resilience.md shows them."""
    rows = [
        "| Scenario | Provoked by | Error kind | Retryable | Upstream attempts | Outcome | Why |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in SCENARIOS:
        kind = f"`{s.kind}`" if s.kind else "none"
        retryable = "yes" if s.retryable else "no"
        rows.append(
            f"| {s.name} | {s.provocation} | {kind} | {retryable} | {s.attempts} "
            f"| {s.outcome} | {s.note} |"
        )
    rows.append("")
    rows.extend(f"* **{outcome}**: {meaning}." for outcome, meaning in OUTCOME_MEANING.items())
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
