"""Builds the gateway from settings (called by the composition root only).

Besides constructing the stages, this connects their events to operations: canary steps and
rollbacks, and budget alerts at 80% and 100%, become a log line, a metric and an audit
record each.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import AsyncExitStack
from dataclasses import asdict, dataclass
from typing import Any

from frontdesk.config import Settings
from frontdesk.gateway.cache.factory import create_response_cache
from frontdesk.gateway.cache.model import ResponseCache
from frontdesk.gateway.chains import ModelChains
from frontdesk.gateway.ledger import UsageLedger
from frontdesk.gateway.limit_policy import TenantLimitPolicy
from frontdesk.gateway.limits.factory import create_limit_store
from frontdesk.gateway.limits.limiter import Limiter
from frontdesk.gateway.limits.model import Alert
from frontdesk.gateway.metrics import GatewayMetrics
from frontdesk.gateway.pricing.table import PriceTable, load_price_table
from frontdesk.gateway.registry import ProviderRegistry
from frontdesk.gateway.routing.canary import RouteEvent
from frontdesk.gateway.routing.repository import RouteStateRepository
from frontdesk.gateway.routing.router import RouteRouter
from frontdesk.gateway.service import Gateway
from frontdesk.knowledge.model import Embedder
from frontdesk.ops.audit import AuditLog
from frontdesk.storage.sql import Database
from frontdesk.storage.write_batcher import WriteBatcher
from frontdesk.tenants import TenantDirectory

log = logging.getLogger(__name__)


@dataclass
class GatewayParts:
    gateway: Gateway
    router: RouteRouter
    prices: PriceTable
    limiter: Limiter
    cache: ResponseCache | None


class OperationsEvents:
    """Turns route events and budget alerts into logs, metrics and audit records. Audit
    writes run as tasks (the callbacks are synchronous); ``drain`` waits for them."""

    def __init__(self, audit: AuditLog, metrics: GatewayMetrics) -> None:
        self._audit = audit
        self._metrics = metrics
        self._tasks: set[asyncio.Task[None]] = set()

    def route_event(self, event: RouteEvent) -> None:
        level = logging.WARNING if event.kind == "canary_rolled_back" else logging.INFO
        log.log(level, "route event", extra=asdict(event))
        self._metrics.route_events.labels(event.tenant, event.kind).inc()
        self._record(event.tenant, "route_event", asdict(event))

    def limit_alert(self, alert: Alert) -> None:
        threshold = f"{alert.threshold:.0%}"
        body = {
            "scope": alert.scope.label,
            "limit": alert.kind,
            "window": alert.window,
            "threshold": threshold,
            "used": alert.used,
            "limit_value": alert.limit,
        }
        log.warning("limit alert", extra={"tenant": alert.scope.tenant, **body})
        self._metrics.limit_alerts.labels(
            alert.scope.tenant, alert.scope.kind, alert.kind, threshold
        ).inc()
        self._record(alert.scope.tenant, "limit_alert", body)

    def _record(self, tenant: str, kind: str, body: dict[str, Any]) -> None:
        task = asyncio.get_running_loop().create_task(self._audit.record(tenant, kind, body))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


async def build_gateway(
    settings: Settings,
    *,
    database: Database,
    batcher: WriteBatcher,
    tenants: TenantDirectory,
    audit: AuditLog,
    metrics: GatewayMetrics,
    models: ProviderRegistry,
    chains: ModelChains,
    embedder: Embedder | None,
    stack: AsyncExitStack,
) -> GatewayParts:
    events = OperationsEvents(audit, metrics)
    stack.push_async_callback(events.drain)
    gw = settings.gateway
    prices = await asyncio.to_thread(
        load_price_table, gw.prices_path, {t.id: t.config.prices for t in tenants}
    )
    router = RouteRouter(
        tenant_roots={t.id: t.root for t in tenants},
        check_model=models.resolve,
        states=RouteStateRepository(database),
        on_event=events.route_event,
        reload_s=gw.routes_reload_s,
    )
    await router.load()
    stack.push_async_callback(router.aclose)
    store = create_limit_store(gw.limits_backend, database, settings.redis.url, batcher=batcher)
    stack.push_async_callback(store.aclose)
    limiter = Limiter(store, on_alert=events.limit_alert)
    cache = create_response_cache(gw.cache, embedder, settings.redis.url)
    if cache is not None:
        stack.push_async_callback(cache.aclose)
    gateway = Gateway(
        chains=chains,
        router=router,
        limits=limiter,
        policy=TenantLimitPolicy(tenants),
        prices=prices,
        ledger=UsageLedger(batcher, audit, metrics),
        cache=cache,
        offline_model=gw.fallback[-1] if gw.fallback else "local:extractive",
    )
    stack.push_async_callback(gateway.drain)
    return GatewayParts(gateway, router, prices, limiter, cache)
