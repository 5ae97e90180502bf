"""The guard stages of a chat turn, in one place.

``inbound`` runs before anything leaves the process for a model: the tenant's policy
(length, languages, denied topics, word filters), the injection detector when one is
configured, then reversible pseudonymisation — the text the gateway sends is the masked
one, whatever target the route picks. Every finding becomes an audit record with a keyed
fingerprint of the input (committed with the turn's own records).

``reidentifier`` gives back the real values in the answer as it streams, so the user sees
what they wrote while no third-party model ever did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from frontdesk.gateway.model import Message
from frontdesk.guard.decisions import GuardAudit
from frontdesk.guard.injection.policy import InjectionPolicy
from frontdesk.guard.model import GuardFinding, GuardVerdict, PiiDetector
from frontdesk.guard.outbound_gate import OutboundGate
from frontdesk.guard.policy import (
    GuardPolicies,
    derive_canary,
    enforce_inbound,
    enforce_outbound,
)
from frontdesk.guard.policy.early_release import early_release
from frontdesk.guard.policy.inbound import QueryVector
from frontdesk.guard.policy.outbound import CitablePassage
from frontdesk.guard.remote_stage import RemoteCheckedGate, RemoteStage
from frontdesk.guard.vault import Pseudonymiser
from frontdesk.guard.vault.placeholders import NUMBERED
from frontdesk.guard.vault.stream import ReidentifyingStream
from frontdesk.storage.write_batcher import WriteJob


class InjectionCheck(Protocol):
    async def inspect(
        self, text: str, policy: InjectionPolicy, *, query_vector: QueryVector | None = None
    ) -> GuardVerdict: ...

    def inspect_passages(
        self, texts: Sequence[str], policy: InjectionPolicy
    ) -> list[GuardVerdict]: ...


@dataclass
class Inbound:
    model_text: str  # what may be sent to a model: policy-stripped and pseudonymised
    findings: list[GuardFinding] = field(default_factory=list)
    job: WriteJob = field(default_factory=WriteJob)  # the audit records of the findings

    @property
    def blocked(self) -> bool:
        return any(f.action == "block" for f in self.findings)


class GuardService:
    def __init__(
        self,
        *,
        policies: GuardPolicies,
        pseudonymiser: Pseudonymiser,
        detector: PiiDetector,
        audit: GuardAudit,
        injection: InjectionCheck | None = None,
        canary_key: bytes | None = None,
        remote: RemoteStage | None = None,
        answer_detector: PiiDetector | None = None,
    ) -> None:
        self._policies = policies
        self._canary_key = canary_key
        self._remote = remote  # opt-in external guardrail: sees only pseudonymised text
        self._detector = detector
        # For answers: without the named-entity pass unless a policy asks for names.
        self._answer_detector = answer_detector or detector
        self._pseudonymiser = pseudonymiser
        self._audit = audit
        self._injection = injection

    async def inbound(
        self,
        tenant: str,
        conversation: str,
        text: str,
        language: str,
        *,
        turn: str,
        masked: str | None = None,
        query_vector: QueryVector | None = None,
    ) -> Inbound:
        """``masked`` is ``text`` already pseudonymised (as stored when the message was
        accepted): reused when the policy left the text unchanged, so it is not scanned
        twice. ``query_vector`` is the message's retrieval embedding (same embedder as the
        policies'): with it, denied topics are also recognised by meaning."""
        policy = await self._policies.policy(tenant)
        verdict = enforce_inbound(policy, text, language, query_vector=query_vector)
        findings = list(verdict.findings)
        if self._injection is not None:
            injection = await self._injection.inspect(
                verdict.text, policy.spec.injection, query_vector=query_vector
            )
            findings.extend(injection.findings)
        result = Inbound(model_text=verdict.text, findings=findings)
        if not result.blocked:
            if masked is not None and verdict.text == text:
                result.model_text, count = masked, len(NUMBERED.findall(masked))
            else:
                pseudonymised = await self._pseudonymiser.pseudonymise(
                    tenant, conversation, verdict.text, language=language
                )
                result.model_text, count = pseudonymised.text, pseudonymised.entities_count
            if count:
                result.findings.append(
                    GuardFinding(
                        "pii",
                        "pseudonymised",
                        1.0,
                        "strip",
                        f"{count} value(s) replaced by placeholders",
                    )
                )
            if self._remote is not None:
                remote = await self._remote.check(result.model_text, "INPUT")
                result.model_text = remote.text
                result.findings.extend(remote.findings)
        result.job = self._audit.job(
            tenant, "inbound", text, result.findings, session=conversation, turn=turn
        )
        return result

    async def passages(
        self, tenant: str, texts: Sequence[str], **ids: str | None
    ) -> tuple[list[str], WriteJob]:
        """Retrieved passages as a model may read them: spans carrying instructions for the
        model (indirect injection) stripped; the findings as audit records."""
        if self._injection is None:
            return list(texts), WriteJob()
        policy = await self._policies.policy(tenant)
        verdicts = self._injection.inspect_passages(texts, policy.spec.injection)
        job = WriteJob()
        for text, verdict in zip(texts, verdicts, strict=True):
            job.extend(self._audit.job(tenant, "passage", text, verdict.findings, **ids))
        return [v.text for v in verdicts], job

    async def canary(self, tenant: str) -> str | None:
        """The token to plant in the tenant's system prompt, or None when its policy does
        not check for it. One per tenant, not per conversation: a per-conversation token
        would make every system prompt unique and defeat the gateway's response cache."""
        policy = await self._policies.policy(tenant)
        if self._canary_key is None or policy.spec.outbound.system_prompt_canary == "off":
            return None
        return derive_canary(self._canary_key, tenant)

    async def outbound_gate(
        self,
        tenant: str,
        conversation: str,
        passages: Sequence[CitablePassage],
        language: str,
        public_values: Sequence[str] = (),
        canary: str | None = None,
    ) -> RemoteCheckedGate:
        """A gate that checks the (pseudonymised) answer sentence by sentence; ``canary``
        is the token planted in this answer's system prompt."""
        policy = await self._policies.policy(tenant)
        vault = await self._pseudonymiser.vaults.get((tenant, conversation))
        given = set(vault.values.values())  # what the user gave: never a leak
        names = policy.spec.outbound.pii_leak_names
        detector = self._detector if names else self._answer_detector

        def check(sentence: str) -> GuardVerdict:
            return enforce_outbound(
                policy,
                sentence,
                passages=passages,
                user_pii_values=given,
                detector=detector,
                canary=canary,
                language=language,
                public_values=public_values,
            )

        # An external stage judges what the gate releases: give it whole sentences.
        remote_output = self._remote is not None and self._remote.applies_to("OUTPUT")
        plain_word = None if remote_output else early_release(policy, language)
        return RemoteCheckedGate(OutboundGate(check, plain_word=plain_word), self._remote)

    def outbound_job(
        self, tenant: str, text: str, findings: Sequence[GuardFinding], **ids: str | None
    ) -> WriteJob:
        return self._audit.job(tenant, "outbound", text, findings, **ids)

    async def erase(self, tenant: str, conversation: str | None = None) -> int:
        """Crypto-shred one conversation's personal data, or the whole tenant's."""
        if conversation is not None:
            return await self._pseudonymiser.shred_conversation(tenant, conversation)
        return await self._pseudonymiser.shred_tenant(tenant)

    async def for_storage(
        self, tenant: str, conversation: str, text: str, language: str | None
    ) -> str:
        """A message as stored in the transcript: pseudonymised (``TranscriptPrivacy``)."""
        return (
            await self._pseudonymiser.pseudonymise(tenant, conversation, text, language=language)
        ).text

    async def for_reader(self, tenant: str, conversation: str, text: str) -> str:
        """A stored message with real values back; after erasure placeholders stay."""
        return await self._pseudonymiser.reidentify(tenant, conversation, text)

    async def reidentifier(self, tenant: str, conversation: str) -> ReidentifyingStream:
        return await self._pseudonymiser.reidentifying_stream(tenant, conversation)

    async def reidentify(self, tenant: str, conversation: str, text: str) -> str:
        return await self._pseudonymiser.reidentify(tenant, conversation, text)

    async def mask_messages(
        self, tenant: str, conversation: str, messages: Sequence[Message], language: str
    ) -> tuple[Message, ...]:
        """Every message as a third-party model may see it: contents and tool-call
        arguments pseudonymised with the conversation's placeholders."""
        masked: list[Message] = []
        for message in messages:
            content = await self._mask(tenant, conversation, message.content, language)
            calls = [
                replace(
                    call, arguments=await self._mask(tenant, conversation, call.arguments, language)
                )
                for call in message.tool_calls
            ]
            masked.append(replace(message, content=content, tool_calls=tuple(calls)))
        return tuple(masked)

    async def _mask(self, tenant: str, conversation: str, text: str, language: str) -> str:
        if not text:
            return text
        result = await self._pseudonymiser.pseudonymise(
            tenant, conversation, text, language=language
        )
        return result.text
