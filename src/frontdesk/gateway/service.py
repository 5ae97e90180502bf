"""The gateway: every model call of the product goes through :meth:`Gateway.call`.

A call passes these stages, each a small collaborator behind a port:

1. **route** — the caller's model name may be a tenant route (weighted targets, sticky A/B,
   canary); the decision (route, target, why) is kept on the call's :class:`CallRecord`;
2. **cache** — an exact or semantic hit answers without spending anything;
3. **limits** — budgets and quotas reserve the call's maximum (cost, tokens, one request,
   one stream) atomically; a refusal either degrades a chat turn to the offline model or
   raises :class:`~frontdesk.kit.errors.LimitExceeded` (a 429 for the API);
4. **model** — the target's resilient chain (timeouts, retries, breaker, fallback with
   mid-stream continuation, ending at the offline model);
5. **account** — whatever happened (finished, failed, abandoned by the client): price the
   call, observe the route (canary guards) and count metrics at once; then, in the
   background, settle the reservation with the actual usage, store the usage row and one
   ``model_call`` audit record, and store a finished answer in the cache.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator, Callable, Coroutine, Sequence
from typing import Any, Protocol

from frontdesk.gateway.cache.model import CacheHit, ResponseCache
from frontdesk.gateway.call import CallContext, CallRecord, RouteDecision
from frontdesk.gateway.limits.model import Demand, LimitSpec, Reservation, Scope
from frontdesk.gateway.model import ChatChunk, ChatModel, ChatRequest, Usage
from frontdesk.gateway.routing.model import Router
from frontdesk.kit.errors import FrontdeskError, LimitExceeded, Unavailable

log = logging.getLogger(__name__)


class Chains(Protocol):
    def resolve(self, name: str) -> ChatModel: ...

    def answered_by(self, request_id: str, requested: str) -> str: ...


class Limits(Protocol):
    async def reserve(
        self, scoped: Sequence[tuple[Scope, LimitSpec]], demand: Demand
    ) -> Reservation: ...

    async def settle(self, reservation: Reservation, actual: Demand) -> None: ...


class Prices(Protocol):
    def cost_micros(self, tenant: str, model: str, usage: Usage) -> int: ...

    def estimate_micros(
        self, tenant: str, model: str, input_tokens: int, max_output_tokens: int
    ) -> int: ...


class Ledger(Protocol):
    """Stores the usage row and audit record of a finished call; counts its metrics."""

    async def record(self, ctx: CallContext, record: CallRecord) -> None: ...

    def count(self, ctx: CallContext, record: CallRecord) -> None: ...


class LimitPolicy(Protocol):
    """Whose limits apply to a call, and what a chat turn does when they refuse it."""

    def scoped(self, ctx: CallContext) -> list[tuple[Scope, LimitSpec]]: ...

    def degrade_chat(self, tenant: str) -> bool: ...


def estimate_input_tokens(request: ChatRequest) -> int:
    """An upper-side estimate (about four characters per token) used only for reservations;
    settling replaces it with what the provider reports."""
    chars = sum(len(m.content) for m in request.messages)
    chars += sum(len(p.text) + len(p.title) for p in request.passages)
    return chars // 3 + 16


class Gateway:
    def __init__(
        self,
        *,
        chains: Chains,
        router: Router,
        limits: Limits,
        policy: LimitPolicy,
        prices: Prices,
        ledger: Ledger,
        cache: ResponseCache | None,
        offline_model: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._chains = chains
        self._router = router
        self._limits = limits
        self._policy = policy
        self._prices = prices
        self._ledger = ledger
        self._cache = cache
        self._offline = offline_model
        self._clock = clock
        self._background: set[asyncio.Task[None]] = set()

    def call(self, model: str, request: ChatRequest, ctx: CallContext) -> GatewayCall:
        decision = self._router.decide(ctx.tenant, model, ctx.sticky_key)
        self._chains.resolve(decision.target)  # an unknown model fails here, before any work
        return GatewayCall(self, request, ctx, CallRecord(decision=decision))

    def background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._background.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("recording a model call failed", exc_info=task.exception())

    async def drain(self) -> None:
        """Wait for background work (cache stores) to finish; called at shutdown."""
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)

    def degraded(self, decision: RouteDecision, reason: str) -> RouteDecision:
        return RouteDecision(
            logical=decision.logical,
            target=self._offline,
            variant="degraded",
            reason=f"{reason}; answered offline",
            route=decision.route,
        )


class GatewayCall:
    """One call: iterate :meth:`stream` once; :attr:`record` says how it went."""

    def __init__(
        self, gateway: Gateway, request: ChatRequest, ctx: CallContext, record: CallRecord
    ) -> None:
        self._gw = gateway
        self._request = request
        self._ctx = ctx
        self.record = record
        self._text: list[str] = []

    @property
    def text(self) -> str:
        return "".join(self._text)

    async def stream(self) -> AsyncGenerator[ChatChunk, None]:
        gw, record = self._gw, self.record
        started = gw._clock()
        reservation: Reservation | None = None
        hit: CacheHit | None = None
        try:
            hit = await self._lookup()
            if hit is None:
                reservation = await self._reserve()
            chunks = self._replay(hit) if hit is not None else self._model_stream()
            async for chunk in chunks:
                if record.ttft_s is None and (chunk.delta or chunk.finish_reason):
                    record.ttft_s = gw._clock() - started
                if chunk.delta:
                    self._text.append(chunk.delta)
                record.tool_calls += len(chunk.tool_calls)
                if chunk.usage is not None:
                    record.usage = chunk.usage
                if chunk.finish_reason == "abstain":
                    record.outcome = "abstained"
                yield chunk
            if record.outcome == "pending":
                record.outcome = "ok"
        except FrontdeskError as exc:
            record.outcome = f"error:{exc.code}"
            raise
        except (asyncio.CancelledError, GeneratorExit):
            record.outcome = "cancelled"
            raise
        finally:
            record.latency_s = gw._clock() - started
            self._conclude(hit)
            gw._ledger.count(self._ctx, record)
            # In the background, so the caller does not wait for a commit (at concurrency 1
            # that wait was most of the gateway's added latency), and a client that hangs up
            # cannot cancel the record of what it cost. Shutdown drains it.
            gw.background(self._account(reservation, hit))

    async def _lookup(self) -> CacheHit | None:
        cache, record = self._gw._cache, self.record
        # Tool-calling requests are never cached: the answer is an action, not text.
        off = self._request.tools or self._request.metadata.get("cache") == "off"
        if cache is None or off:
            record.cache = "off"
            return None
        hit = await cache.lookup(self._ctx.tenant, record.decision.target, self._request)
        record.cache = hit.kind if hit is not None else "miss"
        return hit

    async def _reserve(self) -> Reservation | None:
        gw, ctx, record = self._gw, self._ctx, self.record
        scoped = gw._policy.scoped(ctx)
        if not scoped:  # nothing limited: no estimate, no store call
            return None
        target = record.decision.target
        input_tokens = estimate_input_tokens(self._request)
        max_out = self._request.max_output_tokens
        demand = Demand(
            cost_micros=gw._prices.estimate_micros(ctx.tenant, target, input_tokens, max_out),
            tokens=input_tokens + max_out,
        )
        try:
            return await gw._limits.reserve(scoped, demand)
        except LimitExceeded as refusal:
            record.limited = refusal.limit
            reason = f"{refusal.scope} {refusal.limit} limit reached"
            failure: FrontdeskError = refusal
        except Unavailable as exc:
            # The limit store is down: budgets cannot be checked, so nothing is spent on a
            # provider (fail closed); a chat turn is still answered offline.
            reason, failure = "limits unavailable", exc
        if ctx.surface != "chat" or not gw._policy.degrade_chat(ctx.tenant):
            record.outcome = f"error:{failure.code}"
            raise failure
        log.warning("answering offline", extra={"tenant": ctx.tenant, "reason": reason})
        record.decision = gw.degraded(record.decision, reason)
        return None

    async def _model_stream(self) -> AsyncGenerator[ChatChunk, None]:
        model = self._gw._chains.resolve(self.record.decision.target)
        async for chunk in model.stream(self._request):
            yield chunk

    async def _replay(self, hit: CacheHit) -> AsyncGenerator[ChatChunk, None]:
        yield ChatChunk(delta=hit.text)
        yield ChatChunk(usage=Usage(), finish_reason="stop")

    def _conclude(self, hit: CacheHit | None) -> None:
        """Who answered, what it cost, and how the route did: known when the stream ends."""
        gw, ctx, record = self._gw, self._ctx, self.record
        target = record.decision.target
        if hit is not None:
            record.answered_by = hit.model
            record.usage = Usage()
            record.saved_micros = gw._prices.cost_micros(ctx.tenant, hit.model, hit.usage)
        else:
            record.answered_by = gw._chains.answered_by(ctx.request_id, target)
            record.switched = record.answered_by != target
            record.cost_micros = gw._prices.cost_micros(
                ctx.tenant, record.answered_by, record.usage
            )
            if record.decision.variant != "degraded":  # canary guards judge on this
                ok = record.outcome in ("ok", "abstained") and not record.switched
                gw._router.observe(record.decision, ok=ok, latency_s=record.latency_s)

    async def _account(self, reservation: Reservation | None, hit: CacheHit | None) -> None:
        gw, ctx, record = self._gw, self._ctx, self.record
        target = record.decision.target
        if reservation is not None:
            used = record.usage
            await gw._limits.settle(
                reservation,
                Demand(
                    cost_micros=record.cost_micros,
                    tokens=used.input_tokens + used.output_tokens,
                    streams=0,
                ),
            )
        await gw._ledger.record(ctx, record)
        text = self.text
        # Only the target's own answers: never an offline or fallback answer under its key.
        cacheable = (
            hit is None
            and record.cache != "off"
            and record.outcome == "ok"
            and not record.switched
            and record.decision.variant != "degraded"
        )
        if gw._cache is not None and cacheable and text:
            await gw._cache.store(
                ctx.tenant, target, self._request, text, record.usage, record.answered_by
            )
