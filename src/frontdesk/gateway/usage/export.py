"""A cost report as JSON (the API and ``--format json``) and as CSV (for spreadsheets)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from frontdesk.gateway.usage.report import CostRow, total_of

CSV_MEASURES = (
    "requests",
    "input_tokens",
    "output_tokens",
    "cached_input_tokens",
    "cost_usd",
    "saved_usd",
    "cache_hits",
)


def report_body(
    rows: Sequence[CostRow], *, by: Sequence[str], since: datetime, until: datetime
) -> dict[str, Any]:
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "by": list(by),
        "rows": [row.to_dict() for row in rows],
        "total": total_of(rows).to_dict(),
    }


def report_csv(rows: Sequence[CostRow], *, by: Sequence[str]) -> str:
    """One line per group and no total line, so the sheet can be summed and pivoted."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*by, *CSV_MEASURES])
    for row in rows:
        measures = {
            **row.to_dict(),
            # Exact decimals, not floats: a spreadsheet sum then matches the total.
            "cost_usd": str(row.cost_usd),
            "saved_usd": str(row.saved_usd),
        }
        writer.writerow([*(row.group[g] or "" for g in by), *(measures[m] for m in CSV_MEASURES)])
    return out.getvalue()
