"""The turn pipeline: language → retrieve → decide → generate → cite → persist.

Each stage is a small step over a :class:`TurnContext`. The pipeline never talks to a socket:
it emits committed events, and live delivery takes them from there.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from frontdesk.config import KnowledgeSettings
from frontdesk.conversation.citations import citations_for
from frontdesk.conversation.emitter import DeltaStream, EventEmitter
from frontdesk.conversation.model import PendingTurn
from frontdesk.conversation.phrases import DECLINED, NOT_AVAILABLE, phrase
from frontdesk.conversation.prompting import GroundedPrompt, load_prompt
from frontdesk.conversation.repository import INSERT_MESSAGE, update_turn
from frontdesk.gateway.call import CallContext
from frontdesk.gateway.model import ChatRequest, ContextPassage, Usage
from frontdesk.gateway.service import GatewayCall
from frontdesk.guard.model import GuardFinding
from frontdesk.guard.policy import canary_line
from frontdesk.guard.service import GuardService
from frontdesk.kit.clock import monotonic, utcnow
from frontdesk.kit.errors import FrontdeskError, LimitExceeded
from frontdesk.kit.ids import new_id
from frontdesk.kit.language import detect_language
from frontdesk.knowledge.model import ScoredPassage, Vectors
from frontdesk.ops.audit import AuditLog
from frontdesk.ops.metrics import Metrics
from frontdesk.ops.readiness import Readiness
from frontdesk.storage.write_batcher import WriteJob
from frontdesk.tenants import Tenant, TenantDirectory

log = logging.getLogger(__name__)


class ModelGateway(Protocol):
    def call(self, model: str, request: ChatRequest, ctx: CallContext) -> GatewayCall: ...


class Retriever(Protocol):
    async def embed_query(self, query: str) -> Vectors: ...

    async def retrieve(
        self,
        tenant_id: str,
        query: str,
        *,
        language: str | None = None,
        k: int = 4,
        query_vector: Vectors | None = None,
    ) -> list[ScoredPassage]: ...


@dataclass
class TurnContext:
    turn: PendingTurn
    tenant: Tenant
    started: float
    language: str = "en"
    passages: list[ScoredPassage] = field(default_factory=list)
    model_name: str = ""
    prompt_ref: str = ""
    abstained: bool = False
    declined: bool = False  # a guard blocked the message: no retrieval, no model
    model_question: str = ""  # the question as models may see it (pseudonymised)
    # The question's embedding, made once: the guard's topic and injection checks and
    # retrieval all use it.
    query_vector: Vectors | None = None
    guard_job: WriteJob = field(default_factory=WriteJob)  # audit records of guard findings
    usage: Usage = field(default_factory=Usage)
    model_seconds: float = 0.0
    # Stage timings (seconds), logged with each turn: where the time to first token went.
    retrieve_seconds: float = 0.0
    model_first_chunk_seconds: float | None = None


class TurnPipeline:
    def __init__(
        self,
        *,
        tenants: TenantDirectory,
        retriever: Retriever,
        gateway: ModelGateway,
        default_model: str,
        knowledge: KnowledgeSettings,
        max_output_tokens: int,
        emitter: EventEmitter,
        audit: AuditLog,
        metrics: Metrics,
        readiness: Readiness,
        guard: GuardService | None = None,
    ) -> None:
        self._tenants = tenants
        self._retriever = retriever
        self._gateway = gateway
        self._default_model = default_model
        self._knowledge = knowledge
        self._max_tokens = max_output_tokens
        self._emitter = emitter
        self._audit = audit
        self._metrics = metrics
        self._readiness = readiness
        self._guard = guard

    async def run(self, turn: PendingTurn) -> None:
        tenant = self._tenants.get(turn.tenant_id)
        ctx = TurnContext(turn=turn, tenant=tenant, started=monotonic())
        ctx.language = turn.language or detect_language(
            turn.text, tenant.config.languages, tenant.config.default_language
        )
        stream = DeltaStream(
            self._emitter,
            turn.session_id,
            turn.turn_id,
            first_job=update_turn(turn.turn_id, status="streaming"),
        )
        outcome = "answered"
        ctx.model_question = turn.text
        try:
            if self._guard is not None:
                ctx.query_vector = await self._retriever.embed_query(turn.text)
            if self._guard is not None and await self._declined(ctx, stream):
                outcome = "declined"
                return
            await self._readiness.wait()  # never answer from half-loaded knowledge
            retrieve_started = monotonic()
            ctx.passages = await self._retriever.retrieve(
                tenant.id,
                turn.text,
                language=ctx.language,
                k=self._knowledge.top_k,
                query_vector=ctx.query_vector,
            )
            ctx.retrieve_seconds = monotonic() - retrieve_started
            confident = (
                bool(ctx.passages) and ctx.passages[0].score >= self._knowledge.abstain_below
            )
            if confident:
                await self._generate(ctx, stream)
            if not confident or ctx.abstained or not stream.text.strip():
                ctx.abstained = True
                stream.feed(phrase(NOT_AVAILABLE, ctx.language))
            await stream.close()
            outcome = "abstained" if ctx.abstained else "answered"
            await self._finish(ctx, stream)
        except FrontdeskError as exc:
            outcome = "failed"
            await self._fail(ctx, stream, exc)
        finally:
            self._metrics.turns.labels(tenant.id, outcome).inc()

    async def _generate(self, ctx: TurnContext, stream: DeltaStream) -> None:
        template = load_prompt("answer", ctx.tenant.root)
        ctx.model_name = ctx.tenant.config.model or self._default_model
        ctx.prompt_ref = template.ref
        context = tuple(
            ContextPassage(
                n=i + 1,
                text=p.text,
                title=p.title,
                source=p.source,
                score=p.score,
                language=p.language,
            )
            for i, p in enumerate(ctx.passages)
        )
        turn = ctx.turn
        if self._guard is not None:
            texts, job = await self._guard.passages(
                ctx.tenant.id, [c.text for c in context], session=turn.session_id, turn=turn.turn_id
            )
            ctx.guard_job.extend(job)
            context = tuple(replace(c, text=t) for c, t in zip(context, texts, strict=True))
        canary = await self._guard.canary(ctx.tenant.id) if self._guard is not None else None
        request = GroundedPrompt(template, ctx.tenant.config.name).build(
            question=ctx.model_question,
            history=[],
            passages=context,
            language=ctx.language,
            max_output_tokens=self._max_tokens,
            metadata={"tenant": ctx.tenant.id, "request_id": turn.turn_id},
            confidential_line=canary_line(canary) if canary else None,
        )
        call = self._gateway.call(
            ctx.model_name,
            request,
            CallContext(
                tenant=ctx.tenant.id,
                request_id=turn.turn_id,
                surface="chat",
                user=turn.user_id,
                session=turn.session_id,
                turn=turn.turn_id,
            ),
        )
        started = monotonic()
        sentinel = template.abstain_token
        held = ""  # text held back while it could still be the start of the abstain token
        # The answer stays pseudonymised from here to storage; readers get the real values
        # back on delivery (see ``transcript_privacy``).
        gate = await self._outbound_gate(ctx, context, canary)
        try:
            async for chunk in call.stream():
                if ctx.model_first_chunk_seconds is None:
                    ctx.model_first_chunk_seconds = monotonic() - started
                if chunk.delta:
                    held += chunk.delta
                    if not sentinel.startswith(held.strip()) or len(held) > len(sentinel) + 2:
                        stream.feed(await gate.feed(held))
                        held = ""
                if chunk.finish_reason == "abstain":
                    ctx.abstained = True
            if held.strip() == sentinel:
                ctx.abstained = True
            elif held:
                stream.feed(await gate.feed(held))
            stream.feed(await gate.flush())
            if gate.blocked:  # the rest of the answer is withheld: say so in our own words
                ctx.declined = True
                stream.feed(" " + phrase(DECLINED, ctx.language))
        finally:
            if gate.findings and self._guard is not None:
                ctx.guard_job.extend(
                    self._guard.outbound_job(
                        ctx.tenant.id,
                        stream.text,
                        gate.findings,
                        session=turn.session_id,
                        turn=turn.turn_id,
                    )
                )
            ctx.model_seconds = monotonic() - started
            ctx.usage = call.record.usage
            ctx.model_name = call.record.answered_by or call.record.decision.target

    async def _declined(self, ctx: TurnContext, stream: DeltaStream) -> bool:
        """Run the inbound guards; a blocked message is declined politely, in full."""
        assert self._guard is not None
        turn = ctx.turn
        inbound = await self._guard.inbound(
            ctx.tenant.id,
            turn.session_id,
            turn.text,
            ctx.language,
            turn=turn.turn_id,
            masked=turn.stored_text,
            query_vector=ctx.query_vector,
        )
        ctx.guard_job, ctx.model_question = inbound.job, inbound.model_text
        if not inbound.blocked:
            return False
        ctx.declined = True
        stream.feed(phrase(DECLINED, ctx.language))
        await stream.close()
        await self._finish(ctx, stream)
        return True

    async def _outbound_gate(
        self, ctx: TurnContext, passages: tuple[ContextPassage, ...], canary: str | None
    ) -> Gate:
        if self._guard is None:
            return _NO_GATE
        support = ctx.tenant.config.support
        public = [v for v in (support.phone, support.ticket_url) if v]
        return await self._guard.outbound_gate(
            ctx.tenant.id, ctx.turn.session_id, passages, ctx.language, public, canary
        )

    async def _finish(self, ctx: TurnContext, stream: DeltaStream) -> None:
        turn = ctx.turn
        text = stream.text
        citations = [] if ctx.abstained else citations_for(text, ctx.passages)
        message_id = new_id("msg")
        now = utcnow()
        elapsed = monotonic() - ctx.started
        ttft = (stream.first_commit_at - ctx.started) if stream.first_commit_at else elapsed
        job = update_turn(
            turn.turn_id,
            status="done",
            model=ctx.model_name or None,
            prompt_version=ctx.prompt_ref or None,
            abstained=ctx.abstained,
            input_tokens=ctx.usage.input_tokens,
            output_tokens=ctx.usage.output_tokens,
            ttft_ms=int(ttft * 1000),
            latency_ms=int(elapsed * 1000),
            finished_at=now,
        ).add(
            INSERT_MESSAGE,
            {
                "id": message_id,
                "session_id": turn.session_id,
                "role": "assistant",
                "text": text,
                "client_id": None,
                "ack_seq": None,
                "turn_id": turn.turn_id,
                "language": ctx.language,
                "citations": citations,
                "created_at": now,
            },
        )
        job.extend(ctx.guard_job)
        for record in self._audit_records(ctx, elapsed, _outcome(ctx)):
            job.extend(self._audit.job_callback(ctx.tenant.id, record.pop("kind"), record))
        items: list[tuple[str, dict[str, Any]]] = []
        if citations:
            items.append(("citations", {"turn_id": turn.turn_id, "citations": citations}))
        items.append(
            (
                "done",
                {
                    "turn_id": turn.turn_id,
                    "message_id": message_id,
                    "abstained": ctx.abstained,
                    "declined": ctx.declined,
                    "offer": "ticket" if ctx.abstained or ctx.declined else None,
                    "model": ctx.model_name or None,
                },
            )
        )
        await self._emitter.emit(turn.session_id, items, job)
        tenant = ctx.tenant.id
        self._metrics.turn_latency.labels(tenant).observe(elapsed)
        self._metrics.turn_ttft.labels(tenant).observe(ttft)
        log.info(
            "turn done",
            extra={
                "turn_id": turn.turn_id,
                "session_id": turn.session_id,
                "abstained": ctx.abstained,
                "latency_ms": int(elapsed * 1000),
                "ttft_ms": int(ttft * 1000),
                "queued_ms": int((ctx.started - turn.accepted_at) * 1000)
                if turn.accepted_at
                else None,
                "retrieve_ms": int(ctx.retrieve_seconds * 1000),
                "model_first_chunk_ms": int(ctx.model_first_chunk_seconds * 1000)
                if ctx.model_first_chunk_seconds is not None
                else None,
            },
        )

    def _audit_records(
        self, ctx: TurnContext, elapsed: float, outcome: str
    ) -> list[dict[str, Any]]:
        base = {
            "tenant": ctx.tenant.id,
            "session": ctx.turn.session_id,
            "turn": ctx.turn.turn_id,
            "actor": "assistant",
            "user": ctx.turn.user_id,
        }
        records: list[dict[str, Any]] = []
        records.append(
            {
                **base,
                "kind": "turn",
                "language": ctx.language,
                "model": ctx.model_name or None,
                "prompt": ctx.prompt_ref or None,
                "passages": [p.chunk_id for p in ctx.passages],
                "top_score": round(ctx.passages[0].score, 4) if ctx.passages else None,
                "latency_ms": int(elapsed * 1000),
                "outcome": outcome,
            }
        )
        return records

    async def _fail(self, ctx: TurnContext, stream: DeltaStream, exc: FrontdeskError) -> None:
        log.warning("turn failed", extra={"turn_id": ctx.turn.turn_id, "code": exc.code})
        with contextlib.suppress(FrontdeskError):
            await stream.close()
        elapsed = monotonic() - ctx.started
        job = update_turn(
            ctx.turn.turn_id,
            status="failed",
            error=exc.code,
            latency_ms=int(elapsed * 1000),
            finished_at=utcnow(),
        )
        job.extend(ctx.guard_job)
        for record in self._audit_records(ctx, elapsed, f"failed:{exc.code}"):
            job.extend(self._audit.job_callback(ctx.tenant.id, record.pop("kind"), record))
        await self._emitter.emit(ctx.turn.session_id, [("error", _error_event(ctx, exc))], job)


def _error_event(ctx: TurnContext, exc: FrontdeskError) -> dict[str, Any]:
    if isinstance(exc, LimitExceeded):
        return {
            "code": "limit_exceeded",
            "turn_id": ctx.turn.turn_id,
            "limit": exc.limit,
            "scope": exc.scope,
            "retry_after": exc.retry_after,
            "message": f"{exc.message}; your message is saved",
        }
    return {
        "code": "turn_failed",
        "turn_id": ctx.turn.turn_id,
        "message": f"the answer could not be produced ({exc.code}); your message is saved",
    }


class Gate(Protocol):
    """Checks the answer a sentence at a time (see ``guard.outbound_gate``)."""

    async def feed(self, delta: str) -> str: ...

    async def flush(self) -> str: ...

    @property
    def blocked(self) -> bool: ...

    @property
    def findings(self) -> list[GuardFinding]: ...


class _NoGate:
    """No outbound checks (no guard configured)."""

    blocked = False
    findings: list[GuardFinding] = []  # noqa: RUF012 - never appended to

    async def feed(self, delta: str) -> str:
        return delta

    async def flush(self) -> str:
        return ""


_NO_GATE = _NoGate()


def _outcome(ctx: TurnContext) -> str:
    if ctx.declined:
        return "declined"
    return "abstained" if ctx.abstained else "ok"
