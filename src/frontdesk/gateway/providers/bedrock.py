"""Amazon Bedrock ConverseStream through aiobotocore.

One client per model, created on first use (creating it reads the service model from disk
and resolves credentials, neither of which belongs in a constructor) and closed in
:meth:`BedrockChatModel.aclose`. botocore's own retries are off: retrying is the job of the
gateway's retry wrapper, which sees ``ProviderError.retryable``.

Extra settings: ``region`` (default ``us-east-1``), ``endpoint_url``, ``aws_access_key_id``,
``aws_secret_access_key``, ``aws_session_token``, ``profile``. Without keys or a profile the
default AWS credential chain applies (environment, instance role, IRSA).
``cache_system_prompt: true`` puts a cache point after the system prompt, so models that
support prompt caching bill the (long, passage-laden) system prompt at the cached rate.
Tool calls: see :mod:`.bedrock_tools`.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from frontdesk.config import ProviderSettings
from frontdesk.gateway.model import ChatChunk, ChatRequest, FinishReason, Usage
from frontdesk.gateway.providers.bedrock_client import BedrockClientOptions, LazyBedrockRuntime
from frontdesk.gateway.providers.bedrock_errors import PROVIDER, translate
from frontdesk.gateway.providers.bedrock_tools import tool_config, wire_messages
from frontdesk.gateway.providers.http_errors import interrupted, malformed
from frontdesk.gateway.providers.tool_calls import ToolCallAssembler
from frontdesk.gateway.providers.turns import split_system
from frontdesk.gateway.registry import ProviderRegistry

KNOWN_MODELS = (
    "anthropic.claude-3-5-sonnet-20240620-v1:0",
    "anthropic.claude-3-5-haiku-20241022-v1:0",
    "anthropic.claude-3-7-sonnet-20250219-v1:0",
    "amazon.nova-pro-v1:0",
    "amazon.nova-lite-v1:0",
    "amazon.nova-micro-v1:0",
    "meta.llama3-1-70b-instruct-v1:0",
    "mistral.mistral-large-2407-v1:0",
)

_STOP_REASONS: dict[str, FinishReason] = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "tool_use": "tool_calls",
    "max_tokens": "length",
    "guardrail_intervened": "content_filter",
    "content_filtered": "content_filter",
}


class BedrockChatModel:
    def __init__(self, model_id: str, settings: ProviderSettings) -> None:
        self._model_id = model_id
        self._settings = settings
        extras = settings.model_extra or {}
        self._region = str(extras.get("region") or "us-east-1")
        self._extras = extras
        self._runtime = LazyBedrockRuntime(
            BedrockClientOptions(
                region=self._region,
                connect_timeout_s=settings.connect_timeout_s,
                read_timeout_s=settings.timeout_s,
                endpoint_url=extras.get("endpoint_url") or settings.base_url,
                profile=extras.get("profile"),
                aws_access_key_id=extras.get("aws_access_key_id"),
                aws_secret_access_key=extras.get("aws_secret_access_key"),
                aws_session_token=extras.get("aws_session_token"),
                max_connections=settings.max_connections,
            )
        )

    @property
    def name(self) -> str:
        return f"{PROVIDER}:{self._model_id}"

    async def stream(self, request: ChatRequest) -> AsyncGenerator[ChatChunk, None]:
        reader = _EventReader()
        event_stream: Any = None
        try:
            client = await self._bedrock()
            response = await client.converse_stream(**self._arguments(request))
            event_stream = response["stream"]
            async for event in event_stream:
                chunk = reader.read(event)
                if chunk is not None:
                    yield chunk
        except Exception as exc:
            error = translate(exc)
            if error is None:
                raise
            raise error from exc
        finally:
            if event_stream is not None:
                event_stream.close()  # an abandoned stream must not hold its connection
        if reader.finish_reason is None:
            raise interrupted(PROVIDER, "no messageStop event")
        yield ChatChunk(finish_reason=reader.finish_reason, usage=reader.usage)

    def _arguments(self, request: ChatRequest) -> dict[str, Any]:
        system = split_system(request).system
        inference: dict[str, Any] = {"maxTokens": request.max_output_tokens}
        if request.temperature is not None:
            inference["temperature"] = request.temperature
        if request.stop:
            inference["stopSequences"] = list(request.stop)
        arguments: dict[str, Any] = {
            "modelId": self._model_id,
            "messages": wire_messages(request),
            "inferenceConfig": inference,
        }
        if (tools := tool_config(request)) is not None:
            arguments["toolConfig"] = tools
        if system:
            arguments["system"] = [{"text": system}]
            if self._extras.get("cache_system_prompt"):
                arguments["system"].append({"cachePoint": {"type": "default"}})
        return arguments

    async def _bedrock(self) -> Any:
        return await self._runtime.get()

    async def aclose(self) -> None:
        await self._runtime.aclose()


class _EventReader:
    def __init__(self) -> None:
        self.finish_reason: FinishReason | None = None
        self.usage: Usage | None = None
        self._tool_calls = ToolCallAssembler(PROVIDER)

    def read(self, event: dict[str, Any]) -> ChatChunk | None:
        """Consume one ConverseStream event; returns what it brings the caller, if anything."""
        try:
            if "contentBlockDelta" in event:
                return self._read_delta(event["contentBlockDelta"])
            if "contentBlockStart" in event:
                start = event["contentBlockStart"]
                use = (start.get("start") or {}).get("toolUse")
                if use is not None:
                    index = int(start.get("contentBlockIndex", 0))
                    self._tool_calls.start(index, use.get("toolUseId"), use.get("name"))
            elif "contentBlockStop" in event:
                index = int(event["contentBlockStop"].get("contentBlockIndex", 0))
                call = self._tool_calls.finish(index)
                return ChatChunk(tool_calls=(call,)) if call is not None else None
            elif "messageStop" in event:
                reason = str(event["messageStop"].get("stopReason") or "")
                self.finish_reason = _STOP_REASONS.get(reason, "stop")
            elif "metadata" in event:
                usage = event["metadata"].get("usage") or {}
                cache_read = int(usage.get("cacheReadInputTokens") or 0)
                cache_write = int(usage.get("cacheWriteInputTokens") or 0)
                # Bedrock's inputTokens excludes cached tokens; ours counts all of them.
                self.usage = Usage(
                    input_tokens=int(usage.get("inputTokens") or 0) + cache_read + cache_write,
                    output_tokens=int(usage.get("outputTokens") or 0),
                    cached_input_tokens=cache_read,
                )
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise malformed(PROVIDER, f"unexpected event shape ({exc})") from exc
        return None  # messageStart and text blocks' start and stop bring nothing

    def _read_delta(self, block: dict[str, Any]) -> ChatChunk | None:
        delta = block["delta"]
        if delta.get("text"):
            return ChatChunk(delta=str(delta["text"]))
        index = int(block.get("contentBlockIndex", 0))
        if "toolUse" in delta and index in self._tool_calls:
            self._tool_calls.add(index, str(delta["toolUse"].get("input") or ""))
        return None


def register(registry: ProviderRegistry) -> None:
    registry.register(PROVIDER, BedrockChatModel, known_models=KNOWN_MODELS, accepts_any_model=True)
