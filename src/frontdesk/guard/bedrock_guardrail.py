"""Amazon Bedrock ``ApplyGuardrail`` as one more, opt-in guard stage.

**Text leaves the premises.** Every message and answer this stage checks is sent to AWS
(``POST /guardrail/{id}/version/{version}/apply`` on Bedrock Runtime) and processed under
the tenant's AWS account terms. It is off by default, logs a warning when it starts, and
should run after pseudonymisation so personal data stays in.

The call goes through aiobotocore's ``bedrock-runtime`` client, SigV4-signed like the
bedrock provider's. Assessments become findings, one per detected item, with the policy
and type as category (``topic:Investments``, ``content:INSULTS``, ``pii:EMAIL``) and never
the matched text (Bedrock echoes it back in ``match``; it stays here). An intervention
blocks unless ``action_on_intervention`` is ``warn``; masked personal data (``ANONYMIZED``)
is a ``strip`` whose rewritten text is Bedrock's output. A failed call raises
:class:`GuardrailError`; whether a turn then fails open or closed is the caller's policy.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, Self

from pydantic import BaseModel, Field, model_validator

from frontdesk.gateway.providers.bedrock_client import BedrockClientOptions, LazyBedrockRuntime
from frontdesk.guard.model import GuardAction, GuardFinding, GuardVerdict
from frontdesk.kit.errors import ProviderError

log = logging.getLogger(__name__)

DETECTOR = "bedrock_guardrail"
Source = Literal["INPUT", "OUTPUT"]
PREMISES_WARNING = (
    "text leaves the premises: the Bedrock guardrail stage sends every checked %s to "
    "Amazon Bedrock (guardrail %s, version %s, region %s), where AWS processes it under "
    "your AWS account's terms; pseudonymise before this stage to keep personal data in"
)


class BedrockGuardrailSettings(BaseModel):
    model_config = {"extra": "forbid"}

    enabled: bool = False  # opt-in: text leaves the premises
    guardrail_id: str = ""  # the guardrail's identifier or ARN
    version: str = Field("DRAFT", pattern=r"^(DRAFT|[1-9][0-9]{0,7})$")
    region: str = "us-east-1"
    endpoint_url: str | None = None
    action_on_intervention: Literal["block", "warn"] = "block"
    check_input: bool = True  # user messages (source INPUT)
    check_output: bool = True  # answers (source OUTPUT)
    timeout_s: float = Field(5.0, gt=0)
    connect_timeout_s: float = Field(2.0, gt=0)
    # When Bedrock cannot be reached: ``block`` declines the message / withholds the rest of
    # the answer (a stage a company turned on for compliance must not silently vanish);
    # ``allow`` lets it through. Either way the failure is audited.
    on_error: Literal["block", "allow"] = "block"
    # Without keys or a profile the default AWS credential chain applies.
    profile: str | None = None
    aws_access_key_id: str | None = None
    aws_secret_access_key: str | None = None
    aws_session_token: str | None = None

    @model_validator(mode="after")
    def _needs_a_guardrail(self) -> Self:
        if self.enabled and not self.guardrail_id:
            raise ValueError("guardrail_id is required when the Bedrock guardrail is enabled")
        return self


class GuardrailError(ProviderError):
    """ApplyGuardrail failed: no verdict. ``kind`` and ``retryable`` as for providers."""

    code = "guardrail_error"


class BedrockGuardrailStage:
    def __init__(self, settings: BedrockGuardrailSettings) -> None:
        self._settings = settings
        self._runtime = LazyBedrockRuntime(
            BedrockClientOptions(
                region=settings.region,
                connect_timeout_s=settings.connect_timeout_s,
                read_timeout_s=settings.timeout_s,
                endpoint_url=settings.endpoint_url,
                profile=settings.profile,
                aws_access_key_id=settings.aws_access_key_id,
                aws_secret_access_key=settings.aws_secret_access_key,
                aws_session_token=settings.aws_session_token,
            )
        )
        if settings.enabled:
            directions = [
                name
                for name, on in (
                    ("message", settings.check_input),
                    ("answer", settings.check_output),
                )
                if on
            ]
            log.warning(
                PREMISES_WARNING,
                " and ".join(directions) or "text",
                settings.guardrail_id,
                settings.version,
                settings.region,
            )

    @property
    def enabled(self) -> bool:
        return self._settings.enabled

    def applies_to(self, source: Source) -> bool:
        wanted = self._settings.check_input if source == "INPUT" else self._settings.check_output
        return self._settings.enabled and wanted

    async def check(self, text: str, source: Source) -> GuardVerdict:
        """Bedrock's verdict on ``text``; no call, no findings when the stage is off."""
        if not self.applies_to(source) or not text.strip():
            return GuardVerdict(text=text)
        try:
            client = await self._bedrock()
            async with asyncio.timeout(self._settings.timeout_s):
                response = await client.apply_guardrail(
                    guardrailIdentifier=self._settings.guardrail_id,
                    guardrailVersion=self._settings.version,
                    source=source,
                    content=[{"text": {"text": text}}],
                )
        except Exception as exc:
            raise _guardrail_error(exc) from exc
        return read_response(text, response, self._settings.action_on_intervention)

    async def _bedrock(self) -> Any:
        return await self._runtime.get()

    async def aclose(self) -> None:
        await self._runtime.aclose()


def _guardrail_error(exc: Exception) -> Exception:
    from frontdesk.gateway.providers.bedrock_errors import translate

    error = translate(exc)
    if error is None:
        return exc
    return GuardrailError(
        f"Bedrock ApplyGuardrail failed: {error.message}",
        provider=DETECTOR,
        retryable=error.retryable,
        status_code=error.status_code,
        retry_after=error.retry_after,
        kind=error.kind,
    )


@dataclass(frozen=True, slots=True)
class _Item:
    category: str
    score: float
    bedrock_action: str  # BLOCKED, ANONYMIZED, NONE
    detected: bool
    detail: str


def _item(category: str, score: float, raw: dict[str, Any], detail: str) -> _Item:
    action = str(raw.get("action", "NONE"))
    # ``detected`` is recent; older responses list only what acted.
    detected = bool(raw.get("detected", action != "NONE"))
    return _Item(category, score, action, detected, detail)


_CONFIDENCE = {"NONE": 0.0, "LOW": 0.4, "MEDIUM": 0.7, "HIGH": 1.0}


def _topics(policy: dict[str, Any]) -> Iterator[_Item]:
    for topic in policy.get("topics", ()):
        yield _item(f"topic:{topic.get('name')}", 1.0, topic, "denied topic")


def _content(policy: dict[str, Any]) -> Iterator[_Item]:
    for raw in policy.get("filters", ()):
        confidence = str(raw.get("confidence", "HIGH"))
        detail = f"confidence {confidence}, strength {raw.get('filterStrength', '?')}"
        yield _item(f"content:{raw.get('type')}", _CONFIDENCE.get(confidence, 1.0), raw, detail)


def _words(policy: dict[str, Any]) -> Iterator[_Item]:
    for raw in policy.get("customWords", ()):
        yield _item("word:custom", 1.0, raw, "custom word")
    for raw in policy.get("managedWordLists", ()):
        yield _item(f"word:{raw.get('type')}", 1.0, raw, "managed word list")


def _sensitive(policy: dict[str, Any]) -> Iterator[_Item]:
    for raw in policy.get("piiEntities", ()):
        yield _item(f"pii:{raw.get('type')}", 1.0, raw, "personal data")
    for raw in policy.get("regexes", ()):
        yield _item(f"regex:{raw.get('name')}", 1.0, raw, "tenant regex")


def _grounding(policy: dict[str, Any]) -> Iterator[_Item]:
    for raw in policy.get("filters", ()):
        score = float(raw.get("score", 0.0))
        detail = f"score {score:.2f}, threshold {float(raw.get('threshold', 0.0)):.2f}"
        yield _item(f"grounding:{raw.get('type')}", 1.0 - score, raw, detail)


# Assessment policy → the items it reports. Policies not listed here (automated
# reasoning) still count through the response's overall action.
ASSESSMENT_READERS: dict[str, Callable[[dict[str, Any]], Iterator[_Item]]] = {
    "topicPolicy": _topics,
    "contentPolicy": _content,
    "wordPolicy": _words,
    "sensitiveInformationPolicy": _sensitive,
    "contextualGroundingPolicy": _grounding,
}


def read_response(
    text: str, response: dict[str, Any], on_intervention: Literal["block", "warn"]
) -> GuardVerdict:
    """Findings from an ApplyGuardrail response, and the text to go on with."""
    intervened = response.get("action") == "GUARDRAIL_INTERVENED"
    items = [
        item
        for assessment in response.get("assessments", ())
        for key, read in ASSESSMENT_READERS.items()
        if key in assessment
        for item in read(assessment[key])
        if item.detected
    ]
    findings = [
        GuardFinding(
            DETECTOR,
            item.category,
            item.score,
            _action(item.bedrock_action, intervened, on_intervention),
            item.detail,
        )
        for item in items
    ]
    if intervened and not any(item.bedrock_action in ("BLOCKED", "ANONYMIZED") for item in items):
        # Intervened for a reason we do not itemise: the overall action still counts.
        findings.append(
            GuardFinding(DETECTOR, "intervened", 1.0, on_intervention, "guardrail intervened")
        )
    if any(f.action == "strip" for f in findings) and not any(
        f.action == "block" for f in findings
    ):
        outputs = response.get("outputs") or ()
        text = "".join(str(o.get("text", "")) for o in outputs) or text
    return GuardVerdict(text=text, findings=findings)


def _action(
    bedrock_action: str, intervened: bool, on_intervention: Literal["block", "warn"]
) -> GuardAction:
    if on_intervention == "warn":
        return "warn"
    if intervened and bedrock_action == "BLOCKED":
        return "block"
    if intervened and bedrock_action == "ANONYMIZED":
        return "strip"
    return "warn"  # detected in detect-only mode (action NONE): worth an audit record
