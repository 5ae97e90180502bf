"""How a fake upstream behaves: latency, answer, faults; and the answer it composes.

The default answer is deterministic and built from the request, so assertions can predict
it: it mentions the last user message and, when the system prompt carries numbered
passages (``[1] ...``), cites the first two of them the way a grounded model would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Faults every fake implements in the stream itself; each server adds its HTTP-level ones.
STREAM_FAULTS = frozenset(
    {
        "die_mid_stream",  # the connection drops after some tokens, no terminal event
        "stall",  # some tokens, then silence until the client gives up
        "truncated_sse",  # half an event, then a clean end of body
        "invalid_utf8",  # an event carrying bytes that are not UTF-8
        "malformed_json",  # an event whose payload does not parse
        "slow_drip",  # the whole, correct response one byte at a time
        "wrong_content_type",  # HTTP 200 with an HTML page instead of a stream
        "timeout_first_byte",  # nothing at all for fault_delay_s
    }
)

_CITATION = re.compile(r"\[(\d+)\]")
_TOKEN = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True, slots=True)
class FakeBehaviour:
    ttft_ms: float = 0.0
    tokens_per_s: float = 0.0  # 0: every token at once
    answer: str | None = None  # None: composed from the request
    answer_tokens: int | None = None  # repeat or cut the answer to exactly this many tokens
    fault: str | None = None  # for requests without an x-fake-fault header
    fault_times: int | None = None  # the fault strikes this many requests, then none (None: all)
    fault_after_tokens: int = 3  # mid-stream faults strike after this many tokens
    fault_delay_s: float = 30.0  # how long timeout_first_byte keeps quiet
    drip_interval_ms: float = 2.0  # slow_drip: pause between bytes
    max_recorded: int = 10_000


def compose_answer(behaviour: FakeBehaviour, system: str, last_user: str) -> list[str]:
    """The answer as tokens (words with their trailing space); ``"".join`` restores it."""
    text = behaviour.answer if behaviour.answer is not None else _default(system, last_user)
    tokens = _TOKEN.findall(text) or ["ok"]
    wanted = behaviour.answer_tokens
    if wanted is None:
        return tokens
    if not tokens[-1].endswith(" "):
        tokens[-1] += " "  # repetitions must not glue words together
    return (tokens * (wanted // len(tokens) + 1))[:wanted]


def _default(system: str, last_user: str) -> str:
    topic = " ".join(last_user.split()[:16]).rstrip("?.!") or "your question"
    citations = sorted(set(_CITATION.findall(system)), key=int)[:2]
    if citations:
        refs = "".join(f"[{n}]" for n in citations)
        return f"According to the documentation, this is what applies to {topic} {refs}."
    return f"Here is a deterministic answer about {topic}."


def count_tokens(text: str) -> int:
    """A stable stand-in for a tokenizer: about four tokens for every three words."""
    return (len(text.split()) * 4 + 2) // 3
