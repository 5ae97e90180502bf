"""A fake Bedrock Runtime ``ApplyGuardrail``: ``POST /guardrail/{id}/version/{v}/apply``.

JSON in, JSON out, as the real service: ``{source, content: [{text: {text}}]}`` becomes
``{usage, action, actionReason, outputs, assessments, guardrailCoverage}``. A request
without a SigV4 ``Authorization`` header is refused as AWS refuses it (403,
``MissingAuthenticationTokenException``). The guardrail it plays:

* ``blocked_words``: a word policy; each word found is a blocked ``customWords`` match;
* ``denied_topics``: name → trigger words; a topic policy that blocks on any of them;
* ``anonymize_emails``: a sensitive-information policy masking e-mail addresses as
  ``{EMAIL}`` (the intervention's output is the masked text).

Faults (``x-fake-fault`` header or the ``fault`` option): the HTTP errors of
:data:`HTTP_FAULTS`, named by ``x-amzn-ErrorType`` as botocore expects.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import unquote

from frontdesk.fakes.asgi import Receive, Scope, Send, send_json
from frontdesk.fakes.base import FakeUpstream
from frontdesk.fakes.behaviour import FakeBehaviour
from frontdesk.fakes.runner import RunningFake, serve_in_process

HTTP_FAULTS: dict[str, tuple[int, str, str]] = {
    "http_throttling": (429, "ThrottlingException", "Rate exceeded."),
    "http_validation": (400, "ValidationException", "Invalid input."),
    "http_access_denied": (
        403,
        "AccessDeniedException",
        "You don't have access to this guardrail.",
    ),
    "http_500": (500, "InternalServerException", "Internal server error."),
    "http_503": (503, "ServiceUnavailableException", "Service unavailable. Try again later."),
}
BLOCKED_MESSAGE = "Sorry, the model cannot answer this question."
_PATH = re.compile(r"^/guardrail/([^/]+)/version/([^/]+)/apply$")
_VERSION = re.compile(r"^(DRAFT|[1-9][0-9]{0,7})$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


class FakeBedrockGuardrail(FakeUpstream):
    """The ASGI app. ``requests`` holds what it received, oldest first."""

    FAULTS = frozenset(HTTP_FAULTS)

    def __init__(
        self,
        behaviour: FakeBehaviour | None = None,
        *,
        guardrail_id: str = "fake-guardrail",
        blocked_words: Sequence[str] = (),
        denied_topics: Mapping[str, Sequence[str]] | None = None,
        anonymize_emails: bool = False,
        **options: Any,
    ) -> None:
        super().__init__(behaviour, **options)
        self.guardrail_id = guardrail_id
        self._words = {w: _word_pattern(w) for w in blocked_words}
        self._topics = {
            name: [_word_pattern(w) for w in words] for name, words in (denied_topics or {}).items()
        }
        self._anonymize_emails = anonymize_emails

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        recorded = await self.intercept(scope, receive, send)
        if recorded is None:
            return
        route = _PATH.match(recorded.raw_path.split("?", 1)[0])
        if scope["method"] != "POST" or route is None:
            await aws_error(send, 404, "UnknownOperationException", "Unknown operation")
            return
        authorization = recorded.headers.get("authorization", "")
        if not authorization.startswith("AWS4-HMAC-SHA256 ") or "Signature=" not in authorization:
            await aws_error(
                send, 403, "MissingAuthenticationTokenException", "Missing Authentication Token"
            )
            return
        fault = self.pick_fault(scope)
        if fault is not None:
            error = HTTP_FAULTS.get(fault, (400, "ValidationException", f"unknown fault {fault}"))
            await aws_error(send, *error)
            return
        guardrail, version = unquote(route.group(1)), unquote(route.group(2))
        if guardrail != self.guardrail_id:
            message = f"The guardrail {guardrail} was not found."
            await aws_error(send, 404, "ResourceNotFoundException", message)
            return
        if not _VERSION.match(version):
            await aws_error(send, 400, "ValidationException", f"Invalid version {version}.")
            return
        try:
            request = recorded.json()
            source = request["source"]
            texts = [str(block["text"]["text"]) for block in request["content"]]
        except (ValueError, KeyError, TypeError):
            await aws_error(send, 400, "ValidationException", "Malformed input request.")
            return
        if source not in ("INPUT", "OUTPUT") or not texts:
            await aws_error(send, 400, "ValidationException", "Invalid source or content.")
            return
        await send_json(send, 200, self._assess(" ".join(texts)))

    def _assess(self, text: str) -> dict[str, Any]:
        assessment: dict[str, Any] = {}
        words = [
            {"match": m.group(), "action": "BLOCKED", "detected": True}
            for pattern in self._words.values()
            for m in pattern.finditer(text)
        ]
        if words:
            assessment["wordPolicy"] = {"customWords": words, "managedWordLists": []}
        topics = [
            {"name": name, "type": "DENY", "action": "BLOCKED", "detected": True}
            for name, patterns in self._topics.items()
            if any(p.search(text) for p in patterns)
        ]
        if topics:
            assessment["topicPolicy"] = {"topics": topics}
        emails = _EMAIL.findall(text) if self._anonymize_emails else []
        if emails:
            entities = [
                {"match": e, "type": "EMAIL", "action": "ANONYMIZED", "detected": True}
                for e in emails
            ]
            assessment["sensitiveInformationPolicy"] = {"piiEntities": entities, "regexes": []}
        blocked = bool(words or topics)
        intervened = blocked or bool(emails)
        if blocked:
            outputs = [{"text": BLOCKED_MESSAGE}]
        elif emails:
            outputs = [{"text": _EMAIL.sub("{EMAIL}", text)}]
        else:
            outputs = []
        assessment["invocationMetrics"] = {
            "guardrailProcessingLatency": 1,
            "usage": _usage(text),
            "guardrailCoverage": _coverage(text),
        }
        return {
            "usage": _usage(text),
            "action": "GUARDRAIL_INTERVENED" if intervened else "NONE",
            "actionReason": "Guardrail blocked." if intervened else "No action.",
            "outputs": outputs,
            "assessments": [assessment] if intervened else [],
            "guardrailCoverage": _coverage(text),
        }


def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)


def _usage(text: str) -> dict[str, int]:
    units = len(text) // 1000 + 1  # AWS bills a text unit per 1000 characters
    return {
        "topicPolicyUnits": units,
        "contentPolicyUnits": 0,
        "wordPolicyUnits": units,
        "sensitiveInformationPolicyUnits": units,
        "sensitiveInformationPolicyFreeUnits": 0,
        "contextualGroundingPolicyUnits": 0,
    }


def _coverage(text: str) -> dict[str, Any]:
    return {"textCharacters": {"guarded": len(text), "total": len(text)}}


async def aws_error(send: Send, status: int, error_type: str, message: str) -> None:
    # botocore's REST-JSON parser takes the error code from x-amzn-ErrorType, up to the colon.
    error_type_header = f"{error_type}:http://internal.amazon.com/coral/com.amazon.bedrock/"
    await send_json(
        send, status, {"message": message}, [(b"x-amzn-errortype", error_type_header.encode())]
    )


@asynccontextmanager
async def run_fake_bedrock_guardrail(
    behaviour: FakeBehaviour | None = None, **options: Any
) -> AsyncIterator[RunningFake[FakeBedrockGuardrail]]:
    """Serve a :class:`FakeBedrockGuardrail` on a free local port; ``base_url`` is the
    ``endpoint_url`` for :class:`~frontdesk.guard.bedrock_guardrail.BedrockGuardrailSettings`."""
    async with serve_in_process(FakeBedrockGuardrail(behaviour, **options)) as fake:
        yield fake
