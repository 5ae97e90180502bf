"""Whose budgets and quotas apply to a call: the tenant's, the user's, the API key's."""

from __future__ import annotations

from frontdesk.gateway.call import CallContext
from frontdesk.gateway.limits.model import LimitSpec, Scope
from frontdesk.tenants import TenantDirectory


class TenantLimitPolicy:
    def __init__(self, tenants: TenantDirectory) -> None:
        self._tenants = tenants

    def scoped(self, ctx: CallContext) -> list[tuple[Scope, LimitSpec]]:
        limits = self._tenants.get(ctx.tenant).config.limits
        found: list[tuple[Scope, LimitSpec]] = []
        candidates: list[tuple[str, str | None, LimitSpec | None]] = [
            ("tenant", ctx.tenant, limits.tenant),
            ("user", ctx.user, limits.per_user),
            ("key", ctx.api_key, ctx.key_limits or limits.per_key),
        ]
        for kind, ident, spec in candidates:
            if ident is not None and spec is not None and spec.limits():
                found.append((Scope(ctx.tenant, kind, ident), spec))  # type: ignore[arg-type]
        return found

    def degrade_chat(self, tenant: str) -> bool:
        return self._tenants.get(tenant).config.limits.chat_when_exhausted == "local"
