"""The ledger of gateway calls: one usage row and one ``model_call`` audit record per call,
committed together (group commit) before the call is over, plus its metrics."""

from __future__ import annotations

from sqlalchemy import insert

from frontdesk.gateway.call import CallContext, CallRecord
from frontdesk.gateway.limits.model import MICROS_PER_USD
from frontdesk.gateway.metrics import GatewayMetrics, provider_of
from frontdesk.gateway.tables import model_usage
from frontdesk.kit.clock import utcnow
from frontdesk.kit.ids import new_id
from frontdesk.ops.audit import AuditLog
from frontdesk.storage.write_batcher import WriteBatcher

INSERT_USAGE = insert(model_usage)


class UsageLedger:
    def __init__(self, batcher: WriteBatcher, audit: AuditLog, metrics: GatewayMetrics) -> None:
        self._batcher = batcher
        self._audit = audit
        self._metrics = metrics

    async def record(self, ctx: CallContext, record: CallRecord) -> None:
        decision, usage = record.decision, record.usage
        row = {
            "id": new_id("use"),
            "at": utcnow(),
            "tenant_id": ctx.tenant,
            "user_id": ctx.user,
            "api_key_id": ctx.api_key,
            "session_id": ctx.session,
            "turn_id": ctx.turn,
            "request_id": ctx.request_id,
            "surface": ctx.surface,
            "logical_model": decision.logical,
            "route": decision.route,
            "target": decision.target,
            "variant": decision.variant,
            "reason": decision.reason[:300],
            "model": record.answered_by or decision.target,
            "input_tokens": usage.input_tokens,
            "output_tokens": usage.output_tokens,
            "cached_input_tokens": usage.cached_input_tokens,
            "cost_micros": record.cost_micros,
            "saved_micros": record.saved_micros,
            "cache": record.cache,
            "ttft_ms": None if record.ttft_s is None else int(record.ttft_s * 1000),
            "latency_ms": int(record.latency_s * 1000),
            "outcome": record.outcome[:60],
        }
        audit = {
            key: row[key]
            for key in (
                "tenant_id",
                "user_id",
                "api_key_id",
                "session_id",
                "turn_id",
                "request_id",
                "surface",
                "logical_model",
                "route",
                "target",
                "variant",
                "reason",
                "model",
                "input_tokens",
                "output_tokens",
                "cached_input_tokens",
                "cost_micros",
                "cache",
                "latency_ms",
                "outcome",
            )
        }
        audit["tool_calls"] = record.tool_calls
        job = self._audit.job_callback(ctx.tenant, "model_call", audit).add(INSERT_USAGE, row)
        await self._batcher.submit(job)

    def count(self, ctx: CallContext, record: CallRecord) -> None:
        """The call's metrics; synchronous, so a scrape right after an answer sees it."""
        m, decision = self._metrics, record.decision
        model = record.answered_by or decision.target
        labels = (ctx.tenant, provider_of(model), model, decision.route or "")
        m.requests.labels(*labels, decision.variant, _outcome_label(record.outcome)).inc()
        if record.outcome.startswith("error:"):
            m.errors.labels(*labels, record.outcome.removeprefix("error:")).inc()
        if record.limited is not None:
            m.limit_refusals.labels(ctx.tenant, record.limited).inc()
        m.tokens.labels(*labels, "input").inc(record.usage.input_tokens)
        m.tokens.labels(*labels, "output").inc(record.usage.output_tokens)
        m.tokens.labels(*labels, "cached_input").inc(record.usage.cached_input_tokens)
        m.cost.labels(*labels).inc(record.cost_micros / MICROS_PER_USD)
        if record.saved_micros:
            m.saved.labels(*labels).inc(record.saved_micros / MICROS_PER_USD)
        if record.cache != "off":
            m.cache.labels(ctx.tenant, record.cache).inc()
        timed = labels[1:]
        m.latency.labels(*timed).observe(record.latency_s)
        if record.ttft_s is not None:
            m.ttft.labels(*timed).observe(record.ttft_s)


def _outcome_label(outcome: str) -> str:
    """``ok``, ``abstained``, ``cancelled`` or ``error`` (the code goes to ``errors_total``)."""
    return "error" if outcome.startswith("error:") else outcome
