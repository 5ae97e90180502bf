"""Each tenant's ``routes.yaml``, reloaded without a restart when the file changes.

Reading happens on the request path but rarely: at most once every ``reload_s`` seconds a
lookup stats the file (a cheap syscall), and only a changed size or mtime makes it read
and validate the file again (a few milliseconds for a file of routes). A broken edit keeps
the previous table and leaves the error, with file and line, for ``status`` to show.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from frontdesk.gateway.routing.spec import ModelCheck, RouteSpec, load_routes
from frontdesk.kit.clock import monotonic, utcnow
from frontdesk.kit.errors import ConfigError

log = logging.getLogger(__name__)

ROUTES_FILE = "routes.yaml"
Signature = tuple[int, int]  # (mtime_ns, size)


@dataclass(slots=True)
class TenantRoutes:
    """What is known of one tenant's file: the table in force and how it got there."""

    path: Path
    routes: dict[str, RouteSpec] = field(default_factory=dict)
    signature: Signature | None = None
    loaded_at: datetime | None = None
    error: str | None = None  # the last load's error; the table above is the previous one
    checked_at: float = float("-inf")
    seen: bool = False  # the file was looked at once (a signature of None means "absent")


def _signature(path: Path) -> Signature | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


class RouteFiles:
    """The route tables of every tenant, keyed by tenant id."""

    def __init__(
        self,
        tenant_roots: Mapping[str, Path],
        check_model: ModelCheck | None,
        *,
        reload_s: float = 5.0,
        ticks: Callable[[], float] = monotonic,
        on_reload: Callable[[str, dict[str, RouteSpec]], None] | None = None,
    ) -> None:
        self._tenants = {t: TenantRoutes(root / ROUTES_FILE) for t, root in tenant_roots.items()}
        self._check = check_model
        self._reload_s = reload_s
        self._ticks = ticks
        self._on_reload = on_reload

    @property
    def tenants(self) -> list[str]:
        return sorted(self._tenants)

    def load_all(self) -> None:
        for tenant in self._tenants:
            self.refresh(tenant, force=True)

    def routes(self, tenant: str) -> Mapping[str, RouteSpec]:
        """The tenant's routes, after a reload if the file changed (checked every
        ``reload_s`` seconds). An unknown tenant has no routes."""
        if tenant not in self._tenants:
            return {}
        return self.refresh(tenant).routes

    def state(self, tenant: str) -> TenantRoutes | None:
        return self._tenants.get(tenant)

    def refresh(self, tenant: str, *, force: bool = False) -> TenantRoutes:
        entry = self._tenants[tenant]
        now = self._ticks()
        if not force and now - entry.checked_at < self._reload_s:
            return entry
        entry.checked_at = now
        signature = _signature(entry.path)
        if entry.seen and signature == entry.signature:
            return entry
        entry.seen = True
        entry.signature = signature
        if signature is None:
            self._install(tenant, entry, {})
        else:
            self._load(tenant, entry)
        return entry

    def _load(self, tenant: str, entry: TenantRoutes) -> None:
        try:
            parsed = load_routes(entry.path, self._check)
        except ConfigError as exc:
            # Keep serving the table in force: a typo must not take routes down.
            entry.error = exc.message
            log.error(
                "routes file rejected; keeping the previous routes",
                extra={"tenant": tenant, "path": exc.path, "line": exc.line, "error": exc.message},
            )
            return
        self._install(tenant, entry, dict(parsed.routes))

    def _install(self, tenant: str, entry: TenantRoutes, routes: dict[str, RouteSpec]) -> None:
        changed = routes != entry.routes
        entry.routes = routes
        entry.loaded_at = utcnow()
        entry.error = None
        if changed:
            log.info("routes loaded", extra={"tenant": tenant, "routes": sorted(routes)})
        if self._on_reload is not None:
            self._on_reload(tenant, routes)
