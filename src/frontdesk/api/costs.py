"""REST: cost reports of the caller's tenant (``GET /v1/costs``), for administrators.

An admin of one tenant sees that tenant's usage only: the tenant filter comes from the API
key, never from the query.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from frontdesk.gateway.usage.export import report_body, report_csv
from frontdesk.gateway.usage.report import cost_report, parse_by
from frontdesk.gateway.usage.timespec import InvalidReportQuery, parse_since
from frontdesk.kit.clock import utcnow
from frontdesk.kit.errors import Forbidden
from frontdesk.runtime import Runtime

router = APIRouter(prefix="/v1")
FORMATS = ("json", "csv")


@router.get("/costs", response_model=None)
async def costs(
    request: Request,
    by: Annotated[str, Query(max_length=200)] = "tenant,model",
    since: Annotated[str, Query(max_length=40)] = "7d",
    until: Annotated[str, Query(max_length=40)] = "",
    output_format: Annotated[str, Query(alias="format", max_length=10)] = "json",
) -> dict[str, Any] | Response:
    """Requests, tokens and cost from ``since`` (``7d``, ``24h``, ``30m`` or a date) to
    ``until`` (default now), grouped by ``by``; ``format=csv`` for a spreadsheet."""
    rt: Runtime = request.app.state.runtime
    principal = await rt.auth.principal(request)
    if not principal.is_admin:
        raise Forbidden("cost reports are for administrators: use an API key with the admin role")
    if output_format not in FORMATS:
        raise InvalidReportQuery(f"format: {output_format!r} is not one of {', '.join(FORMATS)}")
    groups = parse_by(by)
    start = parse_since(since)
    end = parse_since(until, name="until") if until else utcnow()
    rows = await cost_report(
        rt.database, by=groups, since=start, until=end, tenant=principal.tenant_id
    )
    if output_format == "csv":
        return Response(report_csv(rows, by=groups), media_type="text/csv; charset=utf-8")
    return report_body(rows, by=groups, since=start, until=end)
