"""Every guard decision is an audit record: detector, category, score, action, where it
happened, and the keyed fingerprint of the input — never the input itself."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from frontdesk.guard.fingerprint import InputFingerprints
from frontdesk.guard.model import Direction, GuardFinding
from frontdesk.ops.audit import AuditLog
from frontdesk.storage.write_batcher import WriteJob

AUDIT_KIND = "guard_decision"


def decision_records(
    tenant: str,
    direction: Direction,
    findings: Sequence[GuardFinding],
    *,
    fingerprint: str,
    ids: dict[str, str | None],
) -> list[dict[str, Any]]:
    """One record body per finding; ``ids`` are session/turn/request ids (no content)."""
    return [
        {
            "tenant": tenant,
            "direction": direction,
            "detector": f.detector,
            "category": f.category,
            "score": round(f.score, 4),
            "action": f.action,
            "detail": f.detail,
            "input": fingerprint,
            **ids,
        }
        for f in findings
    ]


class GuardAudit:
    def __init__(self, audit: AuditLog, fingerprints: InputFingerprints) -> None:
        self._audit = audit
        self._fingerprints = fingerprints

    def job(
        self,
        tenant: str,
        direction: Direction,
        text: str,
        findings: Sequence[GuardFinding],
        **ids: str | None,
    ) -> WriteJob:
        """A write job with the records, to commit with the change they describe."""
        job = WriteJob()
        if not findings:
            return job
        fingerprint = self._fingerprints.of(tenant, text)
        for body in decision_records(tenant, direction, findings, fingerprint=fingerprint, ids=ids):
            job.extend(self._audit.job_callback(tenant, AUDIT_KIND, body))
        return job
