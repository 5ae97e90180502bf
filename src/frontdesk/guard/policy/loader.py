"""Each tenant's ``guard.yaml``: loaded with errors naming file and line, reloaded on change.

Like ``routes.yaml``, the file is looked at (a ``stat``) at most every ``reload_s`` seconds
on the request path and read again only when its size or modification time changed. A
broken edit keeps the policy in force and leaves the error for operators; a tenant
without the file gets the defaults of :class:`GuardPolicySpec`. Reading, validating and
compiling run in a worker thread, and embedding the topic descriptions goes through the
embedder's own pool, so a reload never stalls the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from frontdesk.guard.policy.compiled import GuardPolicy, TopicVectors, compile_policy
from frontdesk.guard.policy.spec import GuardPolicySpec
from frontdesk.kit.clock import monotonic
from frontdesk.kit.errors import ConfigError
from frontdesk.kit.yamlfile import load_yaml_model
from frontdesk.knowledge.model import Embedder

log = logging.getLogger(__name__)

GUARD_FILE = "guard.yaml"
DEFAULT_POLICY = compile_policy(GuardPolicySpec())
Signature = tuple[int, int]  # (mtime_ns, size)


def read_guard_spec(path: Path) -> GuardPolicySpec:
    """The validated file; a ConfigError names the file and the line."""
    return load_yaml_model(GuardPolicySpec, path)


async def embed_topics(spec: GuardPolicySpec, embedder: Embedder) -> TopicVectors | None:
    """The denied topics' descriptions (and the in-scope examples) in the embedder's space,
    embedded as queries: they are compared with the user's question, a query too."""
    rows = [
        (index, text)
        for index, topic in enumerate(spec.inbound.denied_topics)
        for texts in topic.descriptions.values()
        for text in texts
    ]
    if not rows:
        return None
    in_scope = [text for texts in spec.inbound.in_scope.values() for text in texts]
    vectors = await embedder.embed_queries([text for _, text in rows] + in_scope)
    vectors = np.asarray(vectors, dtype=np.float32)
    return TopicVectors(
        matrix=vectors[: len(rows)],
        topic_of_row=np.array([index for index, _ in rows], dtype=np.int32),
        in_scope=vectors[len(rows) :] if in_scope else None,
        embedder=embedder.name,
    )


async def load_guard_policy(path: Path, embedder: Embedder | None = None) -> GuardPolicy:
    """The policy of ``path``; the defaults when the file does not exist. Without an
    embedder the topics' descriptions are unused and only their keywords apply."""
    if not await asyncio.to_thread(path.is_file):
        return DEFAULT_POLICY
    spec = await asyncio.to_thread(read_guard_spec, path)
    vectors = await embed_topics(spec, embedder) if embedder is not None else None
    if embedder is None and any(t.descriptions for t in spec.inbound.denied_topics):
        log.warning(
            "guard policy has topic descriptions but no embedder; keywords only",
            extra={"path": str(path)},
        )
    return await asyncio.to_thread(compile_policy, spec, source=str(path), vectors=vectors)


@dataclass(slots=True)
class TenantGuard:
    path: Path
    policy: GuardPolicy = DEFAULT_POLICY
    signature: Signature | None = None
    error: ConfigError | None = None  # the last load's; ``policy`` is the previous one
    checked_at: float = float("-inf")
    loaded: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def _signature(path: Path) -> Signature | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


class GuardPolicies:
    """The guard policy of every tenant, keyed by tenant id."""

    def __init__(
        self,
        tenant_roots: Mapping[str, Path],
        embedder: Embedder | None = None,
        *,
        reload_s: float = 2.0,
        ticks: Callable[[], float] = monotonic,
    ) -> None:
        self._tenants = {t: TenantGuard(root / GUARD_FILE) for t, root in tenant_roots.items()}
        self._embedder = embedder
        self._reload_s = reload_s
        self._ticks = ticks

    async def load_all(self) -> None:
        """Load every tenant's file now; at start-up a broken file is an error."""
        for tenant in self._tenants:
            entry = await self.refresh(tenant, force=True)
            if entry.error is not None:
                raise entry.error

    async def policy(self, tenant: str) -> GuardPolicy:
        """The tenant's policy, after a reload if its file changed. An unknown tenant gets
        the defaults."""
        if tenant not in self._tenants:
            return DEFAULT_POLICY
        return (await self.refresh(tenant)).policy

    def state(self, tenant: str) -> TenantGuard | None:
        return self._tenants.get(tenant)

    async def refresh(self, tenant: str, *, force: bool = False) -> TenantGuard:
        entry = self._tenants[tenant]
        if not force and entry.loaded and self._ticks() - entry.checked_at < self._reload_s:
            return entry
        async with entry.lock:  # concurrent turns of one tenant share one reload
            if not force and entry.loaded and self._ticks() - entry.checked_at < self._reload_s:
                return entry
            entry.checked_at = self._ticks()
            signature = _signature(entry.path)
            if entry.loaded and signature == entry.signature:
                return entry
            entry.signature = signature
            await self._load(tenant, entry)
            entry.loaded = True
        return entry

    async def _load(self, tenant: str, entry: TenantGuard) -> None:
        try:
            entry.policy = await load_guard_policy(entry.path, self._embedder)
        except ConfigError as exc:
            # Keep the policy in force: a typo must not switch the guards off.
            entry.error = exc
            log.error(
                "guard policy rejected; keeping the previous one",
                extra={"tenant": tenant, "path": exc.path, "line": exc.line, "error": exc.message},
            )
            return
        entry.error = None
        log.info("guard policy loaded", extra={"tenant": tenant, "source": entry.policy.source})
