"""The chat WebSocket, protocol ``frontdesk.v1`` (docs/protocol.md).

The receive loop validates frames and submits user messages; a sender task replays stored
events after the client's ``last_seq`` and then forwards live ones, skipping any seq it has
already sent, so each event reaches the client once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, WebSocket
from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from starlette.websockets import WebSocketDisconnect, WebSocketState

from frontdesk.conversation.live import Subscription
from frontdesk.conversation.model import Event, Session
from frontdesk.kit.errors import Forbidden, FrontdeskError, NotFound, RateLimited, Unauthorized
from frontdesk.runtime import Runtime

log = logging.getLogger(__name__)
router = APIRouter()

PROTOCOL = "frontdesk.v1"
CLOSE_UNSUPPORTED_DATA = 1003
CLOSE_TOO_BIG = 1009
CLOSE_INTERNAL = 1011
CLOSE_TRY_AGAIN = 1013
CLOSE_BAD_REQUEST = 4400
_AUTH_CLOSE = {Unauthorized: 4401, Forbidden: 4403, NotFound: 4404}


class UserMessage(BaseModel):
    model_config = {"extra": "forbid"}
    type: Literal["user_message"]
    client_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")
    text: str = Field(min_length=1)
    language: Literal["it", "es", "en"] | None = None


class Ping(BaseModel):
    model_config = {"extra": "forbid"}
    type: Literal["ping"]


ClientFrame = TypeAdapter(Annotated[UserMessage | Ping, Field(discriminator="type")])
CLIENT_TYPES = ("user_message", "ping")


@router.websocket("/v1/sessions/{session_id}/stream")
async def stream(websocket: WebSocket, session_id: str) -> None:
    rt: Runtime = websocket.app.state.runtime
    if PROTOCOL not in websocket.scope.get("subprotocols", []):
        await websocket.accept()
        await _close(rt, websocket, CLOSE_BAD_REQUEST, f"subprotocol {PROTOCOL} required")
        return
    await websocket.accept(subprotocol=PROTOCOL)
    try:
        principal = await rt.auth.principal(websocket)
        session = await rt.conversation.session_for(principal, session_id)
    except (Unauthorized, Forbidden, NotFound) as exc:
        await _close(rt, websocket, _AUTH_CLOSE[type(exc)], exc.message[:120])
        return
    raw_last = websocket.query_params.get("last_seq", "0")
    if not raw_last.isdigit():
        await _close(rt, websocket, CLOSE_BAD_REQUEST, "last_seq must be a non-negative integer")
        return
    rt.metrics.ws_connections.inc()
    try:
        await _Connection(rt, websocket, session).run(int(raw_last))
    finally:
        rt.metrics.ws_connections.dec()


async def _close(rt: Runtime, websocket: WebSocket, code: int, reason: str) -> None:
    rt.metrics.ws_closes.labels(str(code)).inc()
    if websocket.application_state != WebSocketState.DISCONNECTED:
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            await websocket.close(code, reason)


class _Connection:
    def __init__(self, rt: Runtime, websocket: WebSocket, session: Session) -> None:
        self.rt = rt
        self.ws = websocket
        self.session = session
        self.max_frame = rt.settings.server.max_frame_bytes

    async def run(self, last_seq: int) -> None:
        sub = self.rt.live.subscribe(self.session.id)
        sender = asyncio.create_task(self._send_loop(sub, last_seq))
        try:
            code, reason = await self._receive_loop(sub, sender)
        finally:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await sender
            self.rt.live.unsubscribe(sub)
        if code is not None:
            await _close(self.rt, self.ws, code, reason)

    async def _receive_loop(
        self, sub: Subscription, sender: asyncio.Task[None]
    ) -> tuple[int | None, str]:
        receive = asyncio.ensure_future(self.ws.receive())
        while True:
            done, _ = await asyncio.wait({receive, sender}, return_when=asyncio.FIRST_COMPLETED)
            if sender in done:
                receive.cancel()
                if sub.overflowed:
                    return CLOSE_TRY_AGAIN, "client too slow; reconnect with last_seq"
                if not sender.cancelled() and sender.exception() is not None:
                    log.error("sender failed", exc_info=sender.exception())
                    return CLOSE_INTERNAL, "internal error; reconnect with last_seq"
                return None, ""
            message = receive.result()
            if message["type"] == "websocket.disconnect":
                return None, ""
            if message.get("bytes") is not None:
                return CLOSE_UNSUPPORTED_DATA, "binary frames are not supported"
            text: str = message.get("text") or ""
            if len(text) > self.max_frame or len(text.encode()) > self.max_frame:
                return CLOSE_TOO_BIG, f"frame larger than {self.max_frame} bytes"
            await self._handle(sub, text)
            receive = asyncio.ensure_future(self.ws.receive())

    async def _handle(self, sub: Subscription, text: str) -> None:
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError:
            sub.reply(_error("bad_json", "the frame is not valid JSON"))
            return
        if not isinstance(data, dict):
            sub.reply(_error("bad_json", "the frame must be a JSON object"))
            return
        if data.get("type") not in CLIENT_TYPES:
            sub.reply(_error("unknown_type", f"type must be one of {', '.join(CLIENT_TYPES)}"))
            return
        try:
            frame = ClientFrame.validate_python(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"][1:]) or "frame"
            sub.reply(
                _error(
                    "invalid_message", f"{field}: {first['msg']}", client_id=data.get("client_id")
                )
            )
            return
        if isinstance(frame, Ping):
            sub.reply({"type": "pong"})
            return
        await self._submit(sub, frame)

    async def _submit(self, sub: Subscription, frame: UserMessage) -> None:
        try:
            accepted = await self.rt.conversation.submit(
                self.session, client_id=frame.client_id, text=frame.text, language=frame.language
            )
        except RateLimited as exc:
            sub.reply(_error("busy", exc.message, client_id=frame.client_id))
            return
        except FrontdeskError as exc:
            sub.reply(_error("invalid_message", exc.message, client_id=frame.client_id))
            return
        if accepted.duplicate:
            sub.reply(accepted.ack.to_wire())

    async def _send_loop(self, sub: Subscription, last_seq: int) -> None:
        conversation = self.rt.conversation
        repo = conversation.repository
        stored_max = await repo.max_seq(self.session.id)
        await self._send(
            {
                "type": "ready",
                "protocol": PROTOCOL,
                "session_id": self.session.id,
                "last_seq": stored_max,
            }
        )
        sent = last_seq
        while sent < stored_max:
            page = await repo.events_after(self.session.id, sent, limit=1000)
            if not page:
                break
            for event in page:
                await self._send(await conversation.readable(self.session, event))
                sent = event.seq
        while True:
            item = await sub.queue.get()
            if item is None:
                return
            if isinstance(item, Event):
                if item.seq <= sent:
                    continue
                sent = item.seq
                await self._send(await conversation.readable(self.session, item))
            else:
                await self._send(item)

    async def _send(self, message: dict[str, Any]) -> None:
        await self.ws.send_text(orjson.dumps(message).decode())


def _error(code: str, message: str, **extra: Any) -> dict[str, Any]:
    body = {"type": "error", "code": code, "message": message}
    body.update({k: v for k, v in extra.items() if v is not None})
    return body
