"""Kill the server in the middle of a streamed answer, restart it, reconnect.

Every acknowledged user message must be in the transcript, and the client must resume from
its last seq with every missed event once and none twice.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

from frontdesk.fakes.openai_server import run_fake_openai
from tests.support.chat import ChatClient, next_event
from tests.support.process import frontdesk_process
from tests.support.server import TINY_TENANT, free_port


def _env(data_dir: Path, upstream: str) -> dict[str, str]:
    return {
        "FRONTDESK_DATA_DIR": str(data_dir),
        "FRONTDESK_TENANTS__PATHS": json.dumps([str(TINY_TENANT)]),
        "FRONTDESK_AUTH__ANONYMOUS_TENANT": "acme",
        "FRONTDESK_KNOWLEDGE__EMBEDDER": "hashing",
        "FRONTDESK_KNOWLEDGE__VECTOR_INDEX": "exact",
        "FRONTDESK_KNOWLEDGE__ABSTAIN_BELOW": "0",
        "FRONTDESK_GATEWAY__DEFAULT_MODEL": "openai:fake-model",
        "FRONTDESK_GATEWAY__PROVIDERS__OPENAI__BASE_URL": upstream,
        "FRONTDESK_LOGGING__LEVEL": "WARNING",
    }


async def test_kill_mid_answer_then_resume_without_loss_or_duplicates(tmp_path: Path) -> None:
    # A slow upstream: 40 tokens at 20 tokens/s keeps the answer streaming for 2 s.
    async with run_fake_openai(ttft_ms=50, tokens_per_s=20, answer_tokens=40) as upstream:
        env = _env(tmp_path, upstream.base_url)
        port = free_port()
        seen: list[dict[str, object]] = []
        with frontdesk_process(env, port=port, log_path=tmp_path / "first.log") as (base, proc):
            client = ChatClient(base)
            session = await client.create_session("en")
            async with client.stream(session) as ws:
                await next_event(ws)
                await ws.send(
                    json.dumps(
                        {
                            "type": "user_message",
                            "client_id": "keep-me",
                            "text": "How do I reset the router?",
                        }
                    )
                )
                while sum(e["type"] == "delta" for e in seen) < 3:
                    seen.append(await next_event(ws))
                proc.send_signal(signal.SIGKILL)
                proc.wait()
            cookies = dict(client.http.cookies)
            await client.aclose()
        assert seen[0]["type"] == "ack"
        last_seq = int(seen[-1]["seq"])  # type: ignore[call-overload]
        first_turn = seen[0]["turn_id"]

        with frontdesk_process(env, port=port, log_path=tmp_path / "second.log") as (base, _):
            client = ChatClient(base)
            client.http.cookies.update(cookies)
            async with client.stream(session, last_seq=last_seq) as ws:
                ready = await next_event(ws)
                assert ready["type"] == "ready"
                resumed: list[dict[str, object]] = []
                while not resumed or resumed[-1]["type"] != "done":
                    resumed.append(await next_event(ws))
            transcript = (await client.http.get(f"/v1/sessions/{session}/messages")).json()
            await client.aclose()

    seqs = [int(e["seq"]) for e in resumed]  # type: ignore[call-overload]
    assert seqs == sorted(set(seqs)) and seqs[0] == last_seq + 1  # nothing twice, nothing lost
    interrupted = next(e for e in resumed if e["type"] == "turn_interrupted")
    assert interrupted["turn_id"] == first_turn
    new_turn = interrupted["new_turn_id"]
    assert resumed[-1]["turn_id"] == new_turn
    after = resumed[resumed.index(interrupted) + 1 :]
    assert all(e.get("turn_id") == new_turn for e in after)
    messages = transcript["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert messages[0]["client_id"] == "keep-me"
    assert messages[1]["turn_id"] == new_turn
