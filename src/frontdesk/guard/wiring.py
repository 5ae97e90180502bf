"""Builds the guard from settings (called by the composition root only)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from frontdesk.config import Settings
from frontdesk.guard.bedrock_guardrail import BedrockGuardrailStage
from frontdesk.guard.decisions import GuardAudit
from frontdesk.guard.fingerprint import InputFingerprints, derive_key
from frontdesk.guard.injection.detector import InjectionDetector
from frontdesk.guard.pii import MultilingualPiiDetector, TenantPiiPatterns
from frontdesk.guard.policy import GuardPolicies
from frontdesk.guard.remote_stage import RemoteStage
from frontdesk.guard.service import GuardService
from frontdesk.guard.vault import IrreversibleRedactor, LocalKeyProvider, Pseudonymiser
from frontdesk.guard.vault.master_key import load_or_create_master_key
from frontdesk.knowledge.model import Embedder
from frontdesk.ops.audit import AuditLog
from frontdesk.storage.sql import Database
from frontdesk.storage.write_batcher import WriteBatcher
from frontdesk.tenants import TenantDirectory


@dataclass
class GuardParts:
    service: GuardService
    pseudonymiser: Pseudonymiser
    external: BedrockGuardrailStage | None  # opt-in; its client is closed at shutdown


async def build_pii_detector(tenants: TenantDirectory) -> MultilingualPiiDetector:
    """The detector every guard path shares (chat, API, knowledge ingestion)."""
    patterns = {
        t.id: TenantPiiPatterns(t.config.pii_patterns) for t in tenants if t.config.pii_patterns
    }
    return await asyncio.to_thread(MultilingualPiiDetector, tenant_patterns=patterns)


def knowledge_redactor(detector: MultilingualPiiDetector) -> IrreversibleRedactor:
    return IrreversibleRedactor(detector)


async def build_guard(
    settings: Settings,
    *,
    database: Database,
    batcher: WriteBatcher,
    tenants: TenantDirectory,
    audit: AuditLog,
    detector: MultilingualPiiDetector,
    embedder: Embedder | None,
) -> GuardParts:
    vault = settings.guard.vault
    master_path = vault.master_key_path or settings.data_dir / "guard" / "master.key"
    master_key = await asyncio.to_thread(load_or_create_master_key, master_path)
    pseudonymiser = Pseudonymiser(
        database,
        batcher,
        detector=detector,
        keys=LocalKeyProvider(database, master_path),
        audit=audit,
        max_conversations=vault.cache_conversations,
        cache_ttl_s=vault.cache_ttl_s,
        inline_detect_chars=vault.inline_detect_chars,
    )
    policies = GuardPolicies(
        {t.id: t.root for t in tenants}, embedder, reload_s=settings.guard.policy_reload_s
    )
    await policies.load_all()  # a broken guard.yaml stops start-up, naming file and line
    injection = await InjectionDetector.create(embedder)  # embeds the attack set once
    bedrock = settings.guard.bedrock_guardrail
    external = BedrockGuardrailStage(bedrock) if bedrock.enabled else None  # warns: opt-in
    service = GuardService(
        policies=policies,
        pseudonymiser=pseudonymiser,
        detector=detector,
        injection=injection,
        audit=GuardAudit(audit, InputFingerprints(master_key)),
        canary_key=derive_key(master_key, "system-prompt-canary"),
        remote=RemoteStage(external, on_error=bedrock.on_error) if external else None,
        answer_detector=detector.without("person"),
    )
    return GuardParts(service, pseudonymiser, external)
