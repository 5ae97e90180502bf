"""An external guard service (Amazon Bedrock ApplyGuardrail) as one more stage of a turn.

It sees what a third-party model would see — the pseudonymised message, the answer as the
model wrote it — so personal data stays on the premises. Messages are checked once, after
the local guards; answers a released piece at a time, after the local sentence gate, so
nothing is shown before the external service has passed it. An unreachable service is a
finding too: ``on_error`` says whether that blocks or lets the text through.
"""

from __future__ import annotations

import logging
from typing import Protocol

from frontdesk.guard.bedrock_guardrail import DETECTOR, GuardrailError, Source
from frontdesk.guard.model import GuardAction, GuardFinding, GuardVerdict

log = logging.getLogger(__name__)


class ExternalGuardrail(Protocol):
    def applies_to(self, source: Source) -> bool: ...

    async def check(self, text: str, source: Source) -> GuardVerdict: ...


class RemoteStage:
    def __init__(self, guardrail: ExternalGuardrail, *, on_error: str = "block") -> None:
        self._guardrail = guardrail
        self._on_error = on_error

    def applies_to(self, source: Source) -> bool:
        return self._guardrail.applies_to(source)

    async def check(self, text: str, source: Source) -> GuardVerdict:
        if not self._guardrail.applies_to(source) or not text.strip():
            return GuardVerdict(text=text)
        try:
            return await self._guardrail.check(text, source)
        except GuardrailError as exc:
            log.warning("external guardrail failed", extra={"kind": exc.kind, "source": source})
            action: GuardAction = "block" if self._on_error == "block" else "warn"
            finding = GuardFinding(DETECTOR, "unavailable", 1.0, action, exc.kind)
            return GuardVerdict(text="" if action == "block" else text, findings=[finding])


class SentenceGate(Protocol):
    blocked: bool
    findings: list[GuardFinding]

    def feed(self, text: str) -> str: ...

    def flush(self) -> str: ...


class RemoteCheckedGate:
    """The local sentence gate, then the external stage on whatever it releases."""

    def __init__(self, local: SentenceGate, remote: RemoteStage | None) -> None:
        self._local = local
        self._remote = remote if remote is not None and remote.applies_to("OUTPUT") else None
        self._remote_blocked = False
        self._remote_findings: list[GuardFinding] = []

    @property
    def blocked(self) -> bool:
        return self._local.blocked or self._remote_blocked

    @property
    def findings(self) -> list[GuardFinding]:
        return [*self._local.findings, *self._remote_findings]

    async def feed(self, text: str) -> str:
        return await self._checked(self._local.feed(text))

    async def flush(self) -> str:
        return await self._checked(self._local.flush())

    async def _checked(self, released: str) -> str:
        if self._remote is None or not released or self._remote_blocked:
            return "" if self._remote_blocked else released
        verdict = await self._remote.check(released, "OUTPUT")
        self._remote_findings.extend(verdict.findings)
        if verdict.blocked:
            self._remote_blocked = True
            return ""
        return verdict.text
