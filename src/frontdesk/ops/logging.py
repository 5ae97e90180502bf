"""JSON structured logs on stderr.

Message text is customer data: it is never logged, at any level. Log records carry ids
(session, turn) and measurements only. Some libraries we run on log payloads at DEBUG — SQL
parameters (aiosqlite, SQLAlchemy's engine), WebSocket frames (websockets, uvicorn) — so
those loggers stay above the level where they do, even when the service runs at DEBUG.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import Any

import orjson

# Loggers that write customer text (SQL parameters, WebSocket frames) at or below a level,
# and the lowest level they may run at. SQLAlchemy's engine logs statements with their
# parameters at INFO; the others at DEBUG.
PAYLOAD_LOGGERS = {
    "aiosqlite": logging.INFO,
    "asyncpg": logging.INFO,
    "websockets": logging.INFO,
    "uvicorn.error": logging.INFO,
    "sqlalchemy.engine": logging.WARNING,
}

_RESERVED = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


def configure_logging(level: str = "INFO", *, json_output: bool = True) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if json_output:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("uvicorn.access", "botocore", "aiobotocore", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for payload_logger, lowest in PAYLOAD_LOGGERS.items():
        logging.getLogger(payload_logger).setLevel(lowest)
