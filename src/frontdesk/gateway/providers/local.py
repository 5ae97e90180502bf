"""``local:extractive``: the offline model that quotes the retrieved passages.

It is the default on a fresh machine and the degraded mode when remote providers fail or a
budget is spent, so it speaks the same port as every other provider: text deltas, then a final
chunk with ``finish_reason`` and ``usage``. The answer itself comes from
:func:`~frontdesk.gateway.providers.extractive_answer.compose_answer`; this module only adapts
it to streaming.

Settings (``gateway.providers.local`` in the YAML file): ``min_support``, the support below
which the model abstains (see ``extractive_answer`` for how support is computed).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Literal

from frontdesk.config import ProviderSettings
from frontdesk.gateway.model import ChatChunk, ChatModel, ChatRequest, Usage
from frontdesk.gateway.providers.extractive_answer import (
    DEFAULT_MIN_SUPPORT,
    ExtractiveAnswer,
    compose_answer,
)
from frontdesk.gateway.registry import ProviderRegistry
from frontdesk.kit.errors import ConfigError

__all__ = ["LocalExtractiveModel", "register"]

PROVIDER = "local"
MODEL = "extractive"
# Words per streamed delta: enough to look like a model typing, few enough that a client
# sees the answer grow.
WORDS_PER_CHUNK = 3
# Questions are compared against passages, not generated from; a long paste of text would
# only slow scoring down, so only its end (where the question usually is) is read.
_MAX_QUESTION_CHARS = 2_000

_PIECE_RE = re.compile(r"\S+\s*")


class LocalExtractiveModel:
    """Answers by quoting passages with citations, or abstains. Same request, same answer."""

    # It quotes whole passages, so it cannot continue another model's sentence: after a
    # mid-stream failure the fallback shows its own answer after a separator instead.
    continuation: Literal["none"] = "none"

    def __init__(self, *, min_support: float = DEFAULT_MIN_SUPPORT) -> None:
        self._min_support = min_support

    @property
    def name(self) -> str:
        return f"{PROVIDER}:{MODEL}"

    def answer(self, request: ChatRequest) -> ExtractiveAnswer:
        return compose_answer(
            request.last_user_text[-_MAX_QUESTION_CHARS:],
            request.passages,
            request.language,
            request.max_output_tokens,
            min_support=self._min_support,
        )

    async def stream(self, request: ChatRequest) -> AsyncIterator[ChatChunk]:
        answer = self.answer(request)
        input_tokens = estimate_input_tokens(request)
        if answer.abstained:
            yield ChatChunk(finish_reason="abstain", usage=Usage(input_tokens=input_tokens))
            return
        for delta in chunk_text(answer.text):
            yield ChatChunk(delta=delta)
        yield ChatChunk(
            finish_reason="length" if answer.truncated else "stop",
            usage=Usage(input_tokens=input_tokens, output_tokens=len(answer.text.split())),
        )

    async def aclose(self) -> None:
        return None


def chunk_text(text: str, words_per_chunk: int = WORDS_PER_CHUNK) -> list[str]:
    """Split ``text`` into deltas of a few words; joined, they give back ``text`` exactly."""
    pieces = _PIECE_RE.findall(text)
    leading = text[: len(text) - len(text.lstrip())]
    if leading and pieces:
        pieces[0] = leading + pieces[0]
    return [
        "".join(pieces[i : i + words_per_chunk]) for i in range(0, len(pieces), words_per_chunk)
    ]


def estimate_input_tokens(request: ChatRequest) -> int:
    """Whitespace-separated words the model reads: the messages, and the passages not
    already rendered into one of them (the grounded prompt puts them in the system message).

    The model has no tokenizer, so usage counts words on both sides: about 0.75 of the tokens
    a BPE model would count for English prose, less for Italian and Spanish. That is accurate
    enough for dashboards and budgets, where this model costs nothing anyway.
    """
    words = sum(len(m.content.split()) for m in request.messages)
    rendered = "\n".join(m.content for m in request.messages)
    return words + sum(len(p.text.split()) for p in request.passages if p.text not in rendered)


def _factory(model_id: str, settings: ProviderSettings) -> ChatModel:
    extra = settings.model_extra or {}
    raw = extra.get("min_support", DEFAULT_MIN_SUPPORT)
    try:
        min_support = float(raw)
    except (TypeError, ValueError):
        min_support = -1.0
    if not 0.0 <= min_support <= 1.0:
        raise ConfigError(
            f"gateway.providers.local.min_support must be a number in [0, 1], got {raw!r}"
        )
    return LocalExtractiveModel(min_support=min_support)


def register(registry: ProviderRegistry) -> None:
    registry.register(PROVIDER, _factory, known_models=(MODEL,), accepts_any_model=False)
