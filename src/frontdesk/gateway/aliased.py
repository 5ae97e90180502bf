"""A model served through another provider's adapter under the configured provider's name
(``vllm:llama-3`` spoken through the ``openai`` adapter), so records, metrics and breakers
name what the operator configured."""

from __future__ import annotations

from collections.abc import AsyncIterator

from frontdesk.gateway.model import ChatChunk, ChatModel, ChatRequest
from frontdesk.gateway.resilience.wrapper import ModelWrapper


class AliasedModel(ModelWrapper):
    def __init__(self, inner: ChatModel, name: str) -> None:
        super().__init__(inner)
        self._name = name

    @property
    def name(self) -> str:
        return self._name

    def stream(self, request: ChatRequest) -> AsyncIterator[ChatChunk]:
        return self.inner.stream(request)
