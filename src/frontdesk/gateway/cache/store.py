"""The ``CacheStore`` port: answers by (tenant, exact key), with a time to live.

The tenant is an argument of every call, never folded into the key by the caller, so no
store can be asked for another tenant's answer by a key collision. Values cross the port
as :class:`CachedAnswer`; stores that serialise use :func:`encode_answer` /
:func:`decode_answer` (JSON through orjson, versioned so an old format reads as a miss).
Shared stores raise :class:`frontdesk.kit.errors.Unavailable` when they cannot answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import orjson

from frontdesk.gateway.model import Usage

_FORMAT = 1


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    text: str
    usage: Usage  # what producing it cost: what a hit saves
    model: str  # the model that produced it


class CacheStore(Protocol):
    async def get(self, tenant: str, key: str) -> CachedAnswer | None: ...

    async def set(self, tenant: str, key: str, answer: CachedAnswer, ttl_s: float) -> None: ...

    async def delete(self, tenant: str, key: str) -> None: ...

    async def aclose(self) -> None: ...


def encode_answer(answer: CachedAnswer) -> bytes:
    usage = answer.usage
    return orjson.dumps(
        {
            "v": _FORMAT,
            "text": answer.text,
            "model": answer.model,
            "usage": [usage.input_tokens, usage.output_tokens, usage.cached_input_tokens],
        }
    )


def decode_answer(raw: bytes | str) -> CachedAnswer | None:
    """``None`` for anything this version did not write: a cache miss, not an error."""
    try:
        value = orjson.loads(raw)
        if value["v"] != _FORMAT:
            return None
        input_tokens, output_tokens, cached = (int(n) for n in value["usage"])
        return CachedAnswer(
            text=str(value["text"]),
            usage=Usage(input_tokens, output_tokens, cached),
            model=str(value["model"]),
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
