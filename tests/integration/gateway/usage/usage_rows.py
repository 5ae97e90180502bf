"""Rows of ``model_usage`` written straight to the table, as the gateway's ledger writes them."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert

from frontdesk.gateway.tables import model_usage
from frontdesk.storage.sql import Database

_ids = itertools.count()


def usage_row(at: datetime, **values: Any) -> dict[str, Any]:
    n = next(_ids)
    row: dict[str, Any] = {
        "id": f"use_test_{n}",
        "at": at,
        "tenant_id": "acme",
        "user_id": "u1",
        "api_key_id": None,
        "session_id": None,
        "turn_id": None,
        "request_id": f"req_{n}",
        "surface": "chat",
        "logical_model": "openai:gpt-4o",
        "route": None,
        "target": "openai:gpt-4o",
        "variant": "primary",
        "reason": "default model",
        "model": "openai:gpt-4o",
        "input_tokens": 1000,
        "output_tokens": 100,
        "cached_input_tokens": 0,
        "cost_micros": 3500,
        "saved_micros": 0,
        "cache": "miss",
        "ttft_ms": 120,
        "latency_ms": 900,
        "outcome": "ok",
    }
    row.update(values)
    return row


async def insert_usage(database: Database, rows: list[dict[str, Any]]) -> None:
    async with database.transaction() as conn:
        await conn.execute(insert(model_usage), rows)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
