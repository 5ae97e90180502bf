"""When the configured model fails, the turn is still answered by the offline model."""

from __future__ import annotations

from pathlib import Path

from frontdesk.config import GatewaySettings, ProviderSettings
from frontdesk.fakes.openai_server import run_fake_openai
from tests.support.chat import ChatClient, answer_text, collect_until_done, next_event
from tests.support.server import make_settings, running_server


async def test_failing_provider_falls_back_to_the_local_model(tmp_path: Path) -> None:
    async with run_fake_openai(fault="http_401") as upstream:
        gateway = GatewaySettings(
            default_model="openai:gpt-4o-mini",
            providers={"openai": ProviderSettings(base_url=upstream.base_url, timeout_s=5)},
        )
        async with running_server(make_settings(tmp_path, gateway=gateway)) as base_url:
            client = ChatClient(base_url)
            session = await client.create_session("en")
            async with client.stream(session) as ws:
                await next_event(ws)
                await ws.send(
                    '{"type":"user_message","client_id":"d1","text":"How do I reset the router?"}'
                )
                events = await collect_until_done(ws)
            metrics = (await client.http.get("/metrics")).text
            await client.aclose()
        assert len(upstream.requests) == 1  # 401 is not retried
    assert events[-1]["type"] == "done" and not events[-1]["abstained"]
    assert events[-1]["model"] == "local:extractive"  # the model that answered
    assert "RESET" in answer_text(events) and "[1]" in answer_text(events)
    assert (
        'frontdesk_model_switches_total{from_model="openai:gpt-4o-mini",'
        'kind="auth",to_model="local:extractive"} 1.0' in metrics
    )
