"""The OpenAI-compatible API is guarded like chat: upstream models get placeholders, the
caller gets real values back (streamed too), and a blocked message is answered by Frontdesk
with finish reason ``content_filter`` and no model call."""

from __future__ import annotations

from pathlib import Path

import openai

from frontdesk.config import GatewaySettings, ProviderSettings, TenantsSettings
from frontdesk.fakes.openai_server import run_fake_openai
from tests.integration.api.test_openai_sdk import REMOTE, serve
from tests.support.server import make_settings
from tests.support.tenants import tenant_copy

EMAIL, IBAN = "maria.rossi@example.com", "IT60X0542811101000000123456"
PERSONAL = f"Reset the router for {EMAIL} and refund {IBAN} please"
GUARD = """\
inbound:
  denied_topics:
    - name: medical_advice
      action: block
      keywords: {en: [antibiotic*]}
"""


async def test_upstream_sees_placeholders_and_the_caller_real_values(tmp_path: Path) -> None:
    root = tenant_copy(tmp_path)
    (root / "guard.yaml").write_text(GUARD)
    async with run_fake_openai() as upstream:
        gateway = GatewaySettings(
            providers={"openai": ProviderSettings(base_url=upstream.base_url)}
        )
        settings = make_settings(tmp_path, gateway=gateway, tenants=TenantsSettings(paths=[root]))
        async with serve(settings) as server:
            client = server.client(await server.key())
            messages: list[dict[str, str]] = [{"role": "user", "content": PERSONAL}]
            reply = await client.chat.completions.create(model=REMOTE, messages=messages)  # type: ignore[arg-type]
            stream = await client.chat.completions.create(
                model=REMOTE,
                messages=messages,  # type: ignore[arg-type]
                stream=True,
            )
            streamed = "".join(
                [c.choices[0].delta.content or "" async for c in stream if c.choices]
            )
            declined = await client.chat.completions.create(
                model=REMOTE,
                messages=[{"role": "user", "content": "Which antibiotic should I take?"}],
            )
        sent = b"".join(r.body for r in upstream.requests).decode()
    # The declined message never left; the streamed repeat was answered by the cache, which
    # holds the masked answer — re-identified with this request's own values.
    assert len(upstream.requests) == 1
    assert EMAIL not in sent and IBAN not in sent and "<EMAIL_1>" in sent
    for text in (reply.choices[0].message.content or "", streamed):
        assert EMAIL in text and IBAN in text and "<IBAN_1>" not in text
    assert declined.choices[0].finish_reason == "content_filter"
    assert "can't help" in (declined.choices[0].message.content or "")
    assert isinstance(declined, openai.types.chat.ChatCompletion)
