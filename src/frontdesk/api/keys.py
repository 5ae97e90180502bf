"""API keys: random secrets shown once, stored only as SHA-256 hashes.

A key may carry a model allow-list (``models``; ``None`` allows every model): the
OpenAI-compatible routes use such keys as "virtual keys" scoped to a tenant and its models.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import insert, select

from frontdesk.conversation.model import Principal
from frontdesk.conversation.tables import api_keys
from frontdesk.gateway.limits.model import LimitSpec
from frontdesk.kit.clock import utcnow
from frontdesk.kit.ids import new_id
from frontdesk.storage.sql import Database

KEY_PREFIX = "fd_"
_CACHE_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class VirtualKey:
    """A resolved key: who it acts as and which models it may call."""

    id: str
    principal: Principal
    models: frozenset[str] | None = None
    limits: LimitSpec | None = None  # budgets and quotas of this key; None: the tenant's

    def allows(self, model: str) -> bool:
        return self.models is None or model in self.models


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiKeyStore:
    def __init__(self, database: Database) -> None:
        self._db = database
        # Connecting 1,000 sockets must not cost 1,000 queries; revocation takes effect
        # within the cache lifetime.
        self._cache: dict[str, tuple[float, VirtualKey | None]] = {}

    async def create(
        self,
        tenant_id: str,
        user_id: str,
        name: str,
        roles: list[str],
        *,
        models: list[str] | None = None,
        limits: LimitSpec | None = None,
    ) -> str:
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        async with self._db.transaction() as conn:
            await conn.execute(
                insert(api_keys).values(
                    id=new_id("key"),
                    tenant_id=tenant_id,
                    user_id=user_id,
                    name=name,
                    key_hash=hash_key(secret),
                    roles=roles,
                    models=sorted(set(models)) if models is not None else None,
                    limits=limits.model_dump(mode="json", exclude_none=True) if limits else None,
                    created_at=utcnow(),
                    revoked_at=None,
                )
            )
        return secret

    async def resolve(self, secret: str) -> Principal | None:
        key = await self.resolve_key(secret)
        return key.principal if key else None

    async def resolve_key(self, secret: str) -> VirtualKey | None:
        digest = hash_key(secret)
        cached = self._cache.get(digest)
        now = time.monotonic()
        if cached and now - cached[0] < _CACHE_SECONDS:
            return cached[1]
        query = select(api_keys).where(
            api_keys.c.key_hash == digest, api_keys.c.revoked_at.is_(None)
        )
        async with self._db.read() as conn:
            row = (await conn.execute(query)).first()
        key = None
        if row is not None:
            principal = Principal(row.tenant_id, row.user_id, frozenset(row.roles))
            models = frozenset(row.models) if row.models is not None else None
            limits = LimitSpec.model_validate(row.limits) if row.limits else None
            key = VirtualKey(row.id, principal, models, limits)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[digest] = (now, key)
        return key
