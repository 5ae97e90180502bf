"""The composition root: every adapter is chosen from settings here, and only here.

``open_runtime`` builds the object graph for the server and for CLI commands alike and tears
it down in reverse order. Nothing else reads settings or the environment.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from frontdesk.api.auth import Authenticator
from frontdesk.api.keys import ApiKeyStore
from frontdesk.config import Settings
from frontdesk.conversation.emitter import EventEmitter
from frontdesk.conversation.live import InProcessLiveEvents
from frontdesk.conversation.pipeline import TurnPipeline
from frontdesk.conversation.repository import ConversationRepository
from frontdesk.conversation.service import ConversationService
from frontdesk.conversation.tickets import TicketService
from frontdesk.gateway.chains import ModelChains
from frontdesk.gateway.limits.limiter import Limiter
from frontdesk.gateway.metrics import create_gateway_metrics
from frontdesk.gateway.pricing.table import PriceTable
from frontdesk.gateway.registry import ProviderRegistry, load_providers
from frontdesk.gateway.routing.router import RouteRouter
from frontdesk.gateway.service import Gateway
from frontdesk.gateway.wiring import build_gateway
from frontdesk.guard.service import GuardService
from frontdesk.guard.wiring import build_guard, build_pii_detector, knowledge_redactor
from frontdesk.kit.language import warm_up as warm_up_language
from frontdesk.knowledge.wiring import KnowledgeService, build_knowledge
from frontdesk.ops.audit import SqlAuditLog
from frontdesk.ops.metrics import Metrics, create_metrics
from frontdesk.ops.readiness import Readiness
from frontdesk.storage import migrate
from frontdesk.storage.sql import Database, create_database
from frontdesk.storage.write_batcher import WriteBatcher
from frontdesk.tenants import TenantDirectory, load_tenants

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    database: Database
    batcher: WriteBatcher
    tenants: TenantDirectory
    metrics: Metrics
    audit: SqlAuditLog
    models: ProviderRegistry
    chains: ModelChains  # the resilient models (retries, fallback) every caller uses
    gateway: Gateway  # routes, cache, limits and accounting around ``chains``
    router: RouteRouter
    prices: PriceTable
    limiter: Limiter
    guard: GuardService  # inbound policy, injection and pseudonymisation; re-identification
    knowledge: KnowledgeService
    live: InProcessLiveEvents
    conversation: ConversationService
    keys: ApiKeyStore
    auth: Authenticator
    tickets: TicketService
    readiness: Readiness


@asynccontextmanager
async def open_runtime(settings: Settings, *, serve: bool = False) -> AsyncIterator[Runtime]:
    """``serve=True`` also recovers interrupted turns and loads tenants' knowledge."""
    async with AsyncExitStack() as stack:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        database = create_database(
            settings.database_url,
            echo=settings.database.echo,
            pool_size=settings.database.pool_size,
        )
        stack.push_async_callback(database.dispose)
        await migrate.upgrade(database)
        batcher = WriteBatcher(database)
        await batcher.start()
        stack.push_async_callback(batcher.stop)
        tenants = load_tenants(settings.tenants.paths)
        metrics = create_metrics()
        audit = SqlAuditLog(database, batcher)
        models = load_providers(ProviderRegistry(settings=dict(settings.gateway.providers)))
        models.resolve(settings.gateway.default_model)  # fail fast on a typo
        stack.push_async_callback(models.aclose)
        detector = await build_pii_detector(tenants)
        knowledge = await build_knowledge(
            database, settings.knowledge, redactor=knowledge_redactor(detector)
        )
        stack.callback(knowledge.close)
        guard = await build_guard(
            settings,
            database=database,
            batcher=batcher,
            tenants=tenants,
            audit=audit,
            detector=detector,
            embedder=knowledge.embedder,
        )
        if guard.external is not None:
            stack.push_async_callback(guard.external.aclose)
        readiness = Readiness()
        live = InProcessLiveEvents()
        repository = ConversationRepository(database)
        emitter = EventEmitter(repository, batcher, live)
        conversation = ConversationService(
            repository=repository,
            batcher=batcher,
            emitter=emitter,
            tenants=tenants,
            max_queued_turns=settings.server.max_queued_turns,
            max_message_chars=settings.server.max_message_chars,
            privacy=guard.service,
        )
        chains = ModelChains(
            models,
            settings.gateway,
            on_switch=lambda s: metrics.model_switches.labels(
                s.from_model, s.to_model, s.error_kind
            ).inc(),
        )
        parts = await build_gateway(
            settings,
            database=database,
            batcher=batcher,
            tenants=tenants,
            audit=audit,
            metrics=create_gateway_metrics(metrics.registry, chains.breaker_states),
            models=models,
            chains=chains,
            embedder=knowledge.embedder,
            stack=stack,
        )
        pipeline = TurnPipeline(
            tenants=tenants,
            retriever=knowledge,
            gateway=parts.gateway,
            default_model=settings.gateway.default_model,
            knowledge=settings.knowledge,
            max_output_tokens=settings.gateway.max_output_tokens,
            emitter=emitter,
            audit=audit,
            metrics=metrics,
            readiness=readiness,
            guard=guard.service,
        )
        conversation.set_runner(pipeline.run)
        stack.push_async_callback(conversation.drain)
        keys = ApiKeyStore(database)
        runtime = Runtime(
            settings=settings,
            database=database,
            batcher=batcher,
            tenants=tenants,
            metrics=metrics,
            audit=audit,
            models=models,
            chains=chains,
            gateway=parts.gateway,
            router=parts.router,
            prices=parts.prices,
            limiter=parts.limiter,
            guard=guard.service,
            knowledge=knowledge,
            live=live,
            conversation=conversation,
            keys=keys,
            auth=Authenticator(keys, settings.auth.anonymous_tenant),
            tickets=TicketService(database, batcher, audit),
            readiness=readiness,
        )
        if serve:
            await _prepare_serving(runtime, stack)
        yield runtime


async def _prepare_serving(runtime: Runtime, stack: AsyncExitStack) -> None:
    """Load knowledge in the background, then recover interrupted turns. The server is up
    meanwhile; turns wait for the knowledge (see ``Readiness``)."""
    runtime.readiness.begin("knowledge", "starting")
    task = asyncio.create_task(_load_knowledge(runtime), name="load-knowledge")

    async def stop() -> None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    stack.push_async_callback(stop)
    recovered = await runtime.conversation.recover()
    if recovered:
        log.info("recovered interrupted turns", extra={"count": recovered})


async def _warm_up(runtime: Runtime) -> None:
    """Pay one-time costs (language model, first query embedding, first index search) now,
    so the first customers do not wait for them."""
    for tenant in runtime.tenants:
        await asyncio.to_thread(warm_up_language, tenant.config.languages)
        await runtime.knowledge.retrieve(tenant.id, "warm up", k=1)


async def _load_knowledge(runtime: Runtime) -> None:
    error = None
    try:
        if runtime.settings.tenants.ingest_on_start:
            for tenant in runtime.tenants:
                for path in tenant.knowledge_paths:

                    def progress(
                        done: int, total: int, current: str | None, t: str = tenant.id
                    ) -> None:
                        runtime.readiness.progress("knowledge", f"{t}: {done}/{total} files")

                    report = await runtime.knowledge.ingest_path(
                        tenant.id,
                        tenant.root,
                        path,
                        progress=progress,
                        personal_data=tuple(tenant.config.knowledge.personal_data),
                    )
                    log.info("knowledge loaded", extra={"tenant": tenant.id, **report.counts()})
        await _warm_up(runtime)
    except Exception as exc:
        log.exception("loading knowledge failed; answering from what is stored")
        error = f"{type(exc).__name__}: {exc}"
    finally:
        runtime.readiness.end("knowledge", error)
