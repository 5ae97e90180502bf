"""FallbackModel: next model before text, continuation after text, usage and switches."""

from __future__ import annotations

import pytest

from frontdesk.gateway.model import ChatRequest, ContextPassage, Message, Usage
from frontdesk.gateway.providers.local import LocalExtractiveModel
from frontdesk.gateway.resilience import (
    CONTINUE_INSTRUCTION,
    FallbackModel,
    Standalone,
    Switch,
    breakers,
    build_resilient,
    can_continue,
)
from frontdesk.kit.errors import ProviderError

from .scripted import ScriptedModel, Step, collect, fail

REQUEST = ChatRequest(
    (Message("system", "Be brief."), Message("user", "How do I reset the router?")),
    metadata={"request_id": "req-1"},
)
PASSAGE = ContextPassage(
    1, "To reset the router, unplug it for thirty seconds.", "Router", "kb/router.md", 0.9
)


async def test_failure_before_text_moves_to_the_next_model_with_the_same_request() -> None:
    first = ScriptedModel("a:1", Step(error=fail("server")))
    second = ScriptedModel("b:2", Step(("Hello ", "there.")))
    seen: list[Switch] = []
    model = FallbackModel([first, second], on_switch=seen.append)
    chunks = await collect(model, REQUEST)
    assert "".join(c.delta for c in chunks) == "Hello there."
    assert second.requests == [REQUEST]
    assert model.switches == seen == [Switch("a:1", "b:2", 0, "server", "req-1")]


async def test_mid_stream_failure_asks_the_next_model_to_continue() -> None:
    first = ScriptedModel("a:1", Step(("Unplug ", "the "), error=fail("stream_interrupted")))
    second = ScriptedModel("b:2", Step((" router ", "for 30 s."), usage=Usage(40, 5)))
    model = FallbackModel([first, second])
    chunks = await collect(model, REQUEST)
    assert "".join(c.delta for c in chunks) == "Unplug the router for 30 s."
    [sent] = second.requests
    assert sent.messages == (
        *REQUEST.messages,
        Message("assistant", "Unplug the "),
        Message("user", CONTINUE_INSTRUCTION),
    )
    assert model.switches == [Switch("a:1", "b:2", 11, "stream_interrupted", "req-1")]
    assert chunks[-1].finish_reason == "stop"
    assert chunks[-1].usage == Usage(40, 5)


async def test_prefill_models_get_the_partial_text_as_the_last_assistant_turn() -> None:
    first = ScriptedModel("a:1", Step(("Unplug ", "the "), error=fail("stream_interrupted")))
    second = ScriptedModel("anthropic:c", Step(("router.",)), continuation="prefill")
    chunks = await collect(FallbackModel([first, second]), REQUEST)
    assert "".join(c.delta for c in chunks) == "Unplug the router."
    assert second.requests[0].messages[-1] == Message("assistant", "Unplug the")
    assert second.requests[0].messages[-2] == Message("system", CONTINUE_INSTRUCTION)


async def test_usage_sums_every_attempt_that_reported_it() -> None:
    first = ScriptedModel("a:1", Step(("x",), usage=Usage(7, 1), finish="stop"))
    # A model that finished, then the chain's next one is never asked: usage is its own.
    chunks = await collect(FallbackModel([first]), REQUEST)
    assert chunks[-1].usage == Usage(7, 1)

    # Two models that each report usage: the second continues after a mid-stream error
    # raised after an intermediate usage report.
    class Reporting(ScriptedModel):
        async def stream(self, request: ChatRequest):  # type: ignore[no-untyped-def]
            from frontdesk.gateway.model import ChatChunk

            yield ChatChunk(delta="a ", usage=Usage(3, 1, 1))
            raise fail("stream_interrupted")

    second = ScriptedModel("b:2", Step(("b",), usage=Usage(10, 2)))
    chunks = await collect(FallbackModel([Reporting("r:1", Step()), second]), REQUEST)
    assert "".join(c.delta for c in chunks) == "a b"
    assert chunks[-1].usage == Usage(13, 3, 1)
    assert [c.usage for c in chunks[:-1]] == [None, None]


async def test_all_models_failing_raises_the_last_error() -> None:
    model = FallbackModel(
        [
            ScriptedModel("a:1", Step(error=fail("server"))),
            ScriptedModel("b:2", Step(error=fail("auth", retryable=False))),
        ]
    )
    with pytest.raises(ProviderError) as caught:
        await collect(model, REQUEST)
    assert caught.value.kind == "auth"


async def test_content_filter_is_not_routed_around() -> None:
    second = ScriptedModel("b:2", Step(("ok",)))
    model = FallbackModel(
        [ScriptedModel("a:1", Step(error=fail("content_filter", retryable=False))), second]
    )
    with pytest.raises(ProviderError):
        await collect(model, REQUEST)
    assert second.requests == []


async def test_a_model_that_cannot_continue_answers_afresh_after_a_separator() -> None:
    request = ChatRequest(REQUEST.messages, passages=(PASSAGE,))
    first = ScriptedModel("a:1", Step(("Unplug ",), error=fail("stream_interrupted")))
    local = LocalExtractiveModel()
    assert not can_continue(local)
    chunks = await collect(FallbackModel([first, local], separator="\n\n--\n\n"), request)
    text = "".join(c.delta for c in chunks)
    fresh = "".join([c.delta async for c in LocalExtractiveModel().stream(request)])
    assert text == "Unplug \n\n--\n\n" + fresh
    assert "[1]" in fresh


async def test_a_model_that_cannot_continue_is_skipped_without_passages() -> None:
    first = ScriptedModel("a:1", Step(("Unplug ",), error=fail("stream_interrupted")))
    standalone = Standalone(ScriptedModel("x:1", Step(("never",))))
    with pytest.raises(ProviderError) as caught:
        await collect(FallbackModel([first, standalone]), REQUEST)
    assert caught.value.kind == "stream_interrupted"


async def test_build_resilient_wraps_each_target_and_forwards_continuation() -> None:
    first = ScriptedModel("a:1", Step(error=fail("server")))
    stack = build_resilient([first, LocalExtractiveModel()], attempts=2, base_delay=0)
    assert [m.name for m in stack.chain] == ["a:1", "local:extractive"]
    assert [can_continue(m) for m in stack.chain] == [True, False]
    assert [b.state for b in breakers(stack)] == ["closed", "closed"]
    chunks = await collect(stack, ChatRequest(REQUEST.messages, passages=(PASSAGE,)))
    assert chunks[-1].finish_reason == "stop"
    assert len(first.requests) == 2
    await stack.aclose()
    assert first.closed
