"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from frontdesk.runtime import Runtime

router = APIRouter()


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up and its event loop answers."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> Response:
    """Ready to serve: the database answers and the writer runs."""
    rt: Runtime | None = getattr(request.app.state, "runtime", None)
    if rt is None:
        return JSONResponse({"status": "starting"}, status_code=503)
    try:
        async with rt.database.read() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "not ready", with the reason
        return JSONResponse(
            {"status": "database unavailable", "error": type(exc).__name__}, status_code=503
        )
    if not rt.readiness.ready:
        return JSONResponse({"status": "loading", "pending": rt.readiness.pending}, status_code=503)
    body: dict[str, object] = {"status": "ready", "tenants": len(rt.tenants)}
    if rt.readiness.failures:
        body["degraded"] = rt.readiness.failures
    return JSONResponse(body)


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    rt: Runtime = request.app.state.runtime
    return Response(generate_latest(rt.metrics.registry), media_type=CONTENT_TYPE_LATEST)
