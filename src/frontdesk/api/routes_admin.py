"""REST for operators: the caller's routes and canaries, and evaluation scores for canaries.

Both endpoints need an admin API key: routes name the models and canaries a tenant runs,
which is operations data, not something a widget visitor should read.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from frontdesk.conversation.model import Principal
from frontdesk.kit.errors import Forbidden
from frontdesk.runtime import Runtime

router = APIRouter(prefix="/v1")


class EvaluationIn(BaseModel):
    model_config = {"extra": "forbid"}
    model: str = Field(min_length=1, max_length=200)  # the canary's provider:model
    score: float = Field(ge=0, le=1)


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def _admin(rt: Runtime, request: Request) -> Principal:
    principal = await rt.auth.principal(request)
    if not principal.is_admin:
        raise Forbidden("routes are for operators: use an API key with the admin role")
    return principal


@router.get("/routes")
async def list_routes(request: Request) -> dict[str, Any]:
    rt = _runtime(request)
    principal = await _admin(rt, request)
    status = await rt.router.status(principal.tenant_id)
    return status.to_dict()


@router.post("/routes/{route}/evaluations")
async def record_evaluation(request: Request, route: str, body: EvaluationIn) -> dict[str, Any]:
    """Judge a route's canary on an evaluation score (an offline evaluation run or the eval
    gate); a rolling mean below the guard's ``min_eval_score`` rolls the canary back."""
    rt = _runtime(request)
    principal = await _admin(rt, request)
    status = rt.router.record_evaluation(principal.tenant_id, route, body.model, body.score)
    await rt.router.flush()  # a rollback is on disk before the caller hears of it
    return status.to_dict()
