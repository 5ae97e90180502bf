"""The Bedrock guardrail stage (real aiobotocore client, SigV4-signed) against the fake
ApplyGuardrail over a socket."""

from __future__ import annotations

import logging
import socket
from typing import Any

import pytest

from frontdesk.fakes.bedrock_guardrail_server import BLOCKED_MESSAGE, run_fake_bedrock_guardrail
from frontdesk.guard.bedrock_guardrail import (
    BedrockGuardrailSettings,
    BedrockGuardrailStage,
    GuardrailError,
    read_response,
)

GUARDRAIL = "gr-unaempresa"


def settings_for(endpoint_url: str, **overrides: Any) -> BedrockGuardrailSettings:
    values: dict[str, Any] = {
        "enabled": True,
        "guardrail_id": GUARDRAIL,
        "version": "3",
        "region": "eu-west-1",
        "endpoint_url": endpoint_url,
        "aws_access_key_id": "AKIDFAKE",
        "aws_secret_access_key": "fake-secret",
        **overrides,
    }
    return BedrockGuardrailSettings(**values)


@pytest.fixture
async def fake() -> Any:
    async with run_fake_bedrock_guardrail(
        guardrail_id=GUARDRAIL,
        blocked_words=["cheapskate"],
        denied_topics={"Investments": ["stocks", "bitcoin"]},
        anonymize_emails=True,
    ) as running:
        yield running


async def check(settings: BedrockGuardrailSettings, text: str, source: Any = "INPUT") -> Any:
    stage = BedrockGuardrailStage(settings)
    try:
        return await stage.check(text, source)
    finally:
        await stage.aclose()


async def test_nothing_found(fake: Any) -> None:
    verdict = await check(settings_for(fake.base_url), "How do I reset my router?")
    assert verdict.findings == []
    assert verdict.text == "How do I reset my router?"
    [sent] = fake.requests
    assert sent.method == "POST"
    assert sent.path == f"/guardrail/{GUARDRAIL}/version/3/apply"
    assert sent.headers["authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDFAKE/")
    assert "/eu-west-1/bedrock/aws4_request" in sent.headers["authorization"]
    assert sent.json() == {
        "source": "INPUT",
        "content": [{"text": {"text": "How do I reset my router?"}}],
    }


async def test_intervention_blocks(fake: Any) -> None:
    text = "Should I buy bitcoin, you cheapskate?"
    verdict = await check(settings_for(fake.base_url), text, "OUTPUT")
    assert verdict.blocked
    assert sorted((f.category, f.action) for f in verdict.findings) == [
        ("topic:Investments", "block"),
        ("word:custom", "block"),
    ]
    assert all(f.detector == "bedrock_guardrail" for f in verdict.findings)
    # Bedrock echoes the matched words; they never reach a finding.
    assert not any("cheapskate" in f.detail or "bitcoin" in f.detail for f in verdict.findings)
    assert verdict.text == text  # not Bedrock's canned refusal: the caller words its own
    assert fake.requests[0].json()["source"] == "OUTPUT"
    assert BLOCKED_MESSAGE not in verdict.text


async def test_intervention_only_warns_when_configured(fake: Any) -> None:
    settings = settings_for(fake.base_url, action_on_intervention="warn")
    verdict = await check(settings, "Tell me about stocks")
    assert not verdict.blocked
    assert [(f.category, f.action) for f in verdict.findings] == [("topic:Investments", "warn")]


async def test_anonymised_output_is_a_strip(fake: Any) -> None:
    verdict = await check(settings_for(fake.base_url), "Write to laura@example.com please")
    [finding] = verdict.findings
    assert (finding.category, finding.action) == ("pii:EMAIL", "strip")
    assert verdict.text == "Write to {EMAIL} please"


@pytest.mark.parametrize(
    ("fault", "kind", "retryable"),
    [
        ("http_throttling", "rate_limited", True),
        ("http_503", "server", True),
        ("http_access_denied", "auth", False),
        ("http_validation", "bad_request", False),
    ],
)
async def test_service_errors_are_clear(fault: str, kind: str, retryable: bool) -> None:
    async with run_fake_bedrock_guardrail(guardrail_id=GUARDRAIL, fault=fault) as failing:
        with pytest.raises(GuardrailError) as caught:
            await check(settings_for(failing.base_url), "hello")
    error = caught.value
    assert error.message.startswith("Bedrock ApplyGuardrail failed: ")
    assert (error.kind, error.retryable, error.code) == (kind, retryable, "guardrail_error")
    assert error.provider == "bedrock_guardrail"


async def test_unknown_guardrail(fake: Any) -> None:
    with pytest.raises(GuardrailError) as caught:
        await check(settings_for(fake.base_url, guardrail_id="gr-other"), "hello")
    assert caught.value.status_code == 404
    assert "ResourceNotFoundException" in caught.value.message


async def test_unsigned_request_is_refused(fake: Any) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        url = f"{fake.base_url}/guardrail/{GUARDRAIL}/version/3/apply"
        body = {"source": "INPUT", "content": [{"text": {"text": "hi"}}]}
        async with session.post(url, json=body) as response:
            assert response.status == 403
            assert response.headers["x-amzn-errortype"].startswith(
                "MissingAuthenticationTokenException"
            )


async def test_unreachable_endpoint_is_a_clear_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed when the block ends: nothing listens
    settings = settings_for(f"http://127.0.0.1:{port}", connect_timeout_s=1.0)
    with pytest.raises(GuardrailError) as caught:
        await check(settings, "hello")
    assert caught.value.kind == "connect"


async def test_disabled_stage_is_skipped(fake: Any, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="frontdesk.guard.bedrock_guardrail"):
        stage = BedrockGuardrailStage(BedrockGuardrailSettings())
    assert not stage.enabled
    verdict = await stage.check("buy bitcoin", "INPUT")
    await stage.aclose()
    assert verdict.findings == [] and verdict.text == "buy bitcoin"
    assert fake.requests == []
    assert caplog.records == []  # no warning: nothing leaves


async def test_direction_switched_off_is_skipped(fake: Any) -> None:
    verdict = await check(settings_for(fake.base_url, check_output=False), "bitcoin", "OUTPUT")
    assert verdict.findings == []
    assert fake.requests == []


def test_enabling_warns_that_text_leaves_the_premises(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="frontdesk.guard.bedrock_guardrail"):
        BedrockGuardrailStage(settings_for("http://127.0.0.1:1", check_output=False))
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    message = record.getMessage()
    assert message.startswith("text leaves the premises: ")
    assert "every checked message to Amazon Bedrock" in message
    assert GUARDRAIL in message and "eu-west-1" in message


def test_enabled_needs_a_guardrail_id() -> None:
    with pytest.raises(ValueError, match="guardrail_id is required"):
        BedrockGuardrailSettings(enabled=True)


def test_detect_only_assessments_warn_and_unitemised_interventions_count() -> None:
    detect_only = {
        "action": "NONE",
        "outputs": [],
        "assessments": [
            {
                "contentPolicy": {
                    "filters": [
                        {"type": "INSULTS", "confidence": "MEDIUM", "filterStrength": "HIGH",
                         "action": "NONE", "detected": True},
                        {"type": "HATE", "confidence": "NONE", "filterStrength": "HIGH",
                         "action": "NONE", "detected": False},
                    ]
                }
            }
        ],
    }  # fmt: skip
    verdict = read_response("text", detect_only, "block")
    [finding] = verdict.findings
    assert (finding.category, finding.score, finding.action) == ("content:INSULTS", 0.7, "warn")

    reasoning = {
        "action": "GUARDRAIL_INTERVENED",
        "assessments": [{"automatedReasoningPolicy": {}}],
    }
    [finding] = read_response("text", reasoning, "block").findings
    assert (finding.category, finding.action) == ("intervened", "block")


def test_contextual_grounding_scores_the_shortfall() -> None:
    response = {
        "action": "GUARDRAIL_INTERVENED",
        "assessments": [
            {
                "contextualGroundingPolicy": {
                    "filters": [
                        {"type": "GROUNDING", "threshold": 0.75, "score": 0.25,
                         "action": "BLOCKED", "detected": True}
                    ]
                }
            }
        ],
    }  # fmt: skip
    [finding] = read_response("answer", response, "block").findings
    assert (finding.category, finding.score, finding.action) == (
        "grounding:GROUNDING",
        0.75,
        "block",
    )
    assert finding.detail == "score 0.25, threshold 0.75"
