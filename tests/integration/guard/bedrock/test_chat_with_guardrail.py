"""Bedrock ApplyGuardrail as a stage of a chat turn, against the fake over a socket: it
sees only pseudonymised text, an intervention on a message declines it before any model is
called, an intervention on an answer withholds the rest of it, and an unreachable
guardrail declines (``on_error: block``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from frontdesk.config import GatewaySettings, GuardSettings, ProviderSettings
from frontdesk.fakes.bedrock_guardrail_server import run_fake_bedrock_guardrail
from frontdesk.fakes.openai_server import run_fake_openai
from tests.integration.guard.bedrock.test_apply_guardrail import GUARDRAIL, settings_for
from tests.support.chat import ChatClient, answer_text, collect_until_done, next_event
from tests.support.server import make_settings, running_server

EMAIL = "maria.rossi@example.com"


async def _turns(base_url: str, *texts: str) -> list[list[dict[str, Any]]]:
    client = ChatClient(base_url)
    session = await client.create_session("en")
    results = []
    async with client.stream(session) as ws:
        await next_event(ws)
        for n, text in enumerate(texts):
            await ws.send(json.dumps({"type": "user_message", "client_id": f"b{n}", "text": text}))
            results.append(await collect_until_done(ws))
    await client.aclose()
    return results


async def _chat(tmp_path: Path, texts: list[str], **fake: Any) -> tuple[list[Any], Any, Any]:
    answer = fake.pop("answer", None)
    async with (
        run_fake_bedrock_guardrail(
            guardrail_id=GUARDRAIL, denied_topics={"Investments": ["bitcoin"]}, **fake
        ) as guardrail,
        run_fake_openai(answer=answer) as upstream,
    ):
        settings = make_settings(
            tmp_path,
            gateway=GatewaySettings(
                default_model="openai:gpt-4o-mini",
                providers={"openai": ProviderSettings(base_url=upstream.base_url, timeout_s=5)},
            ),
            guard=GuardSettings(bedrock_guardrail=settings_for(guardrail.base_url)),
        )
        async with running_server(settings) as base_url:
            results = await _turns(base_url, *texts)
    return results, guardrail.requests, upstream.requests


async def test_the_guardrail_sees_placeholders_and_blocks_a_message(tmp_path: Path) -> None:
    results, checked, models = await _chat(
        tmp_path, [f"Reset the router for {EMAIL} please", "Should I buy bitcoin now?"]
    )
    personal, investing = results
    assert EMAIL in answer_text(personal)  # the user still sees their own value
    sent = [r.json() for r in checked]
    assert not any(EMAIL in json.dumps(body) for body in sent)
    inputs = [b["content"][0]["text"]["text"] for b in sent if b["source"] == "INPUT"]
    assert inputs[0] == "Reset the router for <EMAIL_1> please"
    assert any(b["source"] == "OUTPUT" for b in sent)  # the answer was checked too
    assert investing[-1]["declined"] and len(models) == 1  # declined before any model


async def test_an_intervention_on_the_answer_withholds_the_rest(tmp_path: Path) -> None:
    answer = "Hold the reset button for ten seconds [1]. Then buy bitcoin with the refund. Done."
    results, _, _ = await _chat(tmp_path, ["How do I reset the router?"], answer=answer)
    text = answer_text(results[0])
    assert "Hold the reset button" in text and "bitcoin" not in text and "Done" not in text
    assert results[0][-1]["declined"]


async def test_an_unreachable_guardrail_declines(tmp_path: Path) -> None:
    results, _, models = await _chat(tmp_path, ["How do I reset the router?"], fault="http_500")
    assert results[0][-1]["declined"] and models == []
