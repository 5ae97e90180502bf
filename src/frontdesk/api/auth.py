"""Who is calling: an API key (header or, for browsers' WebSockets, ``?token=``), or an
anonymous visitor of the tenant whose public widget is open (the embedded demo)."""

from __future__ import annotations

import hashlib
import re
import secrets

from starlette.requests import HTTPConnection
from starlette.responses import Response

from frontdesk.api.keys import ApiKeyStore
from frontdesk.conversation.model import Principal
from frontdesk.kit.errors import Unauthorized

VISITOR_COOKIE = "fd_visitor"
_VISITOR = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class Authenticator:
    def __init__(self, keys: ApiKeyStore, anonymous_tenant: str | None) -> None:
        self._keys = keys
        self._anonymous_tenant = anonymous_tenant

    async def principal(
        self,
        conn: HTTPConnection,
        *,
        allow_new_visitor: bool = False,
        response: Response | None = None,
    ) -> Principal:
        secret = bearer_token(conn) or conn.query_params.get("token")
        if secret:
            principal = await self._keys.resolve(secret)
            if principal is None:
                raise Unauthorized("invalid or revoked API key")
            return principal
        if self._anonymous_tenant is None:
            raise Unauthorized("an API key is required: send Authorization: Bearer <key>")
        visitor = conn.cookies.get(VISITOR_COOKIE, "")
        if not _VISITOR.match(visitor):
            if not allow_new_visitor or response is None:
                raise Unauthorized("no credentials: create a session first or send an API key")
            visitor = secrets.token_urlsafe(24)
            response.set_cookie(
                VISITOR_COOKIE, visitor, httponly=True, samesite="lax", max_age=60 * 60 * 24 * 30
            )
        # The cookie is a bearer secret: store and audit only its hash.
        digest = hashlib.sha256(visitor.encode()).hexdigest()[:32]
        return Principal(self._anonymous_tenant, f"visitor:{digest}")


def bearer_token(conn: HTTPConnection) -> str | None:
    header = conn.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None
