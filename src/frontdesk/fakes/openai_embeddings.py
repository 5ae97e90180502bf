"""``POST /v1/embeddings`` for the fake OpenAI server: deterministic feature-hashed vectors.

Each word adds ±1 to a bucket chosen by a stable hash, then the vector is L2-normalised.
Texts sharing words get similar vectors, which is enough for retrieval tests to rank the
right passage first without a real model, and the same text gives the same vector in every
process.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
import struct
from typing import Any

from frontdesk.fakes.asgi import Send, send_json
from frontdesk.fakes.behaviour import count_tokens
from frontdesk.fakes.recording import RecordedRequest

DEFAULT_DIMENSIONS = 1536
_WORD = re.compile(r"\w+")


def embed(text: str, dimensions: int) -> list[float]:
    vector = [0.0] * dimensions
    for word in _WORD.findall(text.lower()):
        digest = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
        vector[digest % dimensions] += 1.0 if digest >> 63 else -1.0
    norm = math.sqrt(sum(v * v for v in vector))
    if norm == 0:
        vector[0] = 1.0
        return vector
    return [v / norm for v in vector]


async def respond(request: RecordedRequest, send: Send) -> None:
    try:
        body = request.json()
        inputs = body["input"]
        texts = [inputs] if isinstance(inputs, str) else [str(t) for t in inputs]
        dimensions = int(body.get("dimensions") or DEFAULT_DIMENSIONS)
    except (ValueError, KeyError, TypeError, AttributeError):
        error = {"message": "Invalid embeddings request", "type": "invalid_request_error"}
        await send_json(send, 400, {"error": error})
        return
    as_base64 = body.get("encoding_format") == "base64"
    data = []
    for index, text in enumerate(texts):
        vector = embed(text, dimensions)
        encoded: Any = vector
        if as_base64:  # the official SDK asks for this: little-endian float32
            encoded = base64.b64encode(struct.pack(f"<{dimensions}f", *vector)).decode()
        data.append({"object": "embedding", "index": index, "embedding": encoded})
    tokens = sum(count_tokens(t) for t in texts)
    await send_json(
        send,
        200,
        {
            "object": "list",
            "data": data,
            "model": str(body.get("model", "fake-embedding")),
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        },
    )
