"""REST: sessions, transcripts, stored events, cited passages."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from frontdesk.runtime import Runtime

router = APIRouter(prefix="/v1")


class CreateSession(BaseModel):
    model_config = {"extra": "forbid"}
    language: Literal["it", "es", "en"] | None = None


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


@router.post("/sessions", status_code=201)
async def create_session(
    request: Request, response: Response, body: CreateSession | None = None
) -> dict[str, Any]:
    rt = _runtime(request)
    principal = await rt.auth.principal(request, allow_new_visitor=True, response=response)
    session = await rt.conversation.create_session(principal, body.language if body else None)
    return session.to_dict()


@router.get("/sessions")
async def list_sessions(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    before: Annotated[str | None, Query(max_length=40)] = None,
) -> dict[str, Any]:
    rt = _runtime(request)
    principal = await rt.auth.principal(request)
    user = None if principal.is_admin else principal.user_id
    items = await rt.conversation.repository.list_sessions(
        principal.tenant_id, user, limit=limit, before=before
    )
    return {"sessions": [s.to_dict() for s in items]}


@router.get("/sessions/{session_id}")
async def get_session(request: Request, session_id: str) -> dict[str, Any]:
    rt = _runtime(request)
    session = await rt.conversation.session_for(await rt.auth.principal(request), session_id)
    return session.to_dict()


@router.get("/sessions/{session_id}/messages")
async def transcript(request: Request, session_id: str) -> dict[str, Any]:
    rt = _runtime(request)
    session = await rt.conversation.session_for(await rt.auth.principal(request), session_id)
    return {
        "session": session.to_dict(),
        "messages": await rt.conversation.readable_transcript(session),
    }


@router.get("/sessions/{session_id}/events")
async def events(
    request: Request,
    session_id: str,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> dict[str, Any]:
    rt = _runtime(request)
    session = await rt.conversation.session_for(await rt.auth.principal(request), session_id)
    stored = await rt.conversation.repository.events_after(session.id, after, limit)
    return {"events": [await rt.conversation.readable(session, e) for e in stored]}


class OpenTicket(BaseModel):
    model_config = {"extra": "forbid"}
    turn_id: str | None = Field(default=None, max_length=40)


@router.post("/sessions/{session_id}/tickets")
async def open_ticket(
    request: Request, response: Response, session_id: str, body: OpenTicket | None = None
) -> dict[str, Any]:
    """Ask for a person to follow up on this conversation (idempotent per answer)."""
    rt = _runtime(request)
    principal = await rt.auth.principal(request)
    session = await rt.conversation.session_for(principal, session_id)
    ticket, created = await rt.tickets.open(principal, session, body.turn_id if body else None)
    response.status_code = 201 if created else 200
    return ticket


class PassageOut(BaseModel):
    chunk_id: str
    source_id: str
    source: str
    title: str
    anchor: str
    text: str
    language: str | None = Field(default=None)


@router.get("/sources/{source_id}/passages/{chunk_id}")
async def passage(request: Request, source_id: str, chunk_id: str) -> PassageOut:
    rt = _runtime(request)
    principal = await rt.auth.principal(request)
    found = await rt.knowledge.get_passage(principal.tenant_id, chunk_id)
    if found is None or found.source_id != source_id:
        from frontdesk.kit.errors import NotFound

        raise NotFound("no such passage")
    return PassageOut(
        chunk_id=found.chunk_id,
        source_id=found.source_id,
        source=found.source,
        title=found.title,
        anchor=found.anchor,
        text=found.text,
        language=found.language,
    )
