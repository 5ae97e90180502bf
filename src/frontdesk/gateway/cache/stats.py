"""Counters per tenant: hits by kind, misses, stores, what the hits saved, store failures.

Tenants only: no user, session or request ids (unbounded sets, and personal). The lead's
metrics collector reads :meth:`CacheStats.snapshot` into ``frontdesk_gateway_cache_*``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from frontdesk.gateway.model import Usage


@dataclass(slots=True)
class TenantCacheStats:
    exact_hits: int = 0
    semantic_hits: int = 0
    misses: int = 0
    stores: int = 0
    # Tokens the hits did not spend (the usage of the calls that produced the answers).
    saved_input_tokens: int = 0
    saved_output_tokens: int = 0
    # Store or embedder failures, each answered as a miss (or a skipped store).
    errors: int = 0


class CacheStats:
    def __init__(self) -> None:
        self._tenants: dict[str, TenantCacheStats] = {}

    def hit(self, tenant: str, kind: Literal["exact", "semantic"], saved: Usage) -> None:
        stats = self._for(tenant)
        if kind == "exact":
            stats.exact_hits += 1
        else:
            stats.semantic_hits += 1
        stats.saved_input_tokens += saved.input_tokens
        stats.saved_output_tokens += saved.output_tokens

    def miss(self, tenant: str) -> None:
        self._for(tenant).misses += 1

    def stored(self, tenant: str) -> None:
        self._for(tenant).stores += 1

    def error(self, tenant: str) -> None:
        self._for(tenant).errors += 1

    def snapshot(self) -> dict[str, TenantCacheStats]:
        """A copy per tenant: counters only ever grow (Prometheus counters)."""
        return {tenant: replace(stats) for tenant, stats in self._tenants.items()}

    def _for(self, tenant: str) -> TenantCacheStats:
        stats = self._tenants.get(tenant)
        if stats is None:
            stats = self._tenants[tenant] = TenantCacheStats()
        return stats
