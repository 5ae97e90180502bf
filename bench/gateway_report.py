"""The tables of ``bench/gateway.py``: throughput per path, and latency added over direct."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from gateway_servers import FakeUpstreamSettings

GATEWAYS = ("frontdesk", "litellm")
TITLES = {"direct": "direct", "frontdesk": "Frontdesk", "litellm": "LiteLLM"}
# Frontdesk's goal: at least this many times LiteLLM's requests per second.
TARGET_RATIO = 5.0


def comparison_rows(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per mode × concurrency: each path's requests per second, Frontdesk's ratio to
    LiteLLM, each gateway's latency minus direct's (percentile by percentile) and CPU."""
    cells: dict[tuple[str, int], dict[str, dict[str, Any]]] = {}
    for run in runs:
        cells.setdefault((run["mode"], run["concurrency"]), {})[run["path"]] = run
    rows = []
    for (mode, concurrency), by_path in cells.items():
        row: dict[str, Any] = {
            "mode": mode,
            "concurrency": concurrency,
            "requests_per_s": {path: run["requests_per_s"] for path, run in by_path.items()},
            "errors": {path: run["errors"] for path, run in by_path.items()},
            "added_ms": {},
            "gateway_cpu_s_per_1k_requests": {},
        }
        frontdesk, litellm = by_path.get("frontdesk"), by_path.get("litellm")
        if frontdesk and litellm and litellm["requests_per_s"]:
            ratio = frontdesk["requests_per_s"] / litellm["requests_per_s"]
            row["frontdesk_over_litellm"] = round(ratio, 2)
        direct = by_path.get("direct")
        for name in GATEWAYS:
            gateway = by_path.get(name)
            if gateway is None:
                continue
            cpu = gateway.get("gateway_cpu_s_per_1k_requests")
            row["gateway_cpu_s_per_1k_requests"][name] = cpu
            if direct is not None:
                row["added_ms"][name] = {
                    measure: _added(gateway.get(measure), direct.get(measure))
                    for measure in ("latency_ms", "first_token_ms")
                    if measure in gateway
                }
        rows.append(row)
    return rows


def _added(
    gateway: dict[str, float | None] | None, direct: dict[str, float | None] | None
) -> dict[str, float | None]:
    if gateway is None or direct is None:
        return {}
    added: dict[str, float | None] = {}
    for q, value in gateway.items():
        base = direct.get(q)
        added[q] = None if value is None or base is None else round(value - base, 2)
    return added


def print_tables(
    console: Console,
    rows: list[dict[str, Any]],
    runs: list[dict[str, Any]],
    fake: FakeUpstreamSettings,
    seconds: float,
    machine: dict[str, Any],
) -> None:
    console.print(_throughput_table(rows, fake, seconds, machine))
    console.print(_latency_table(rows))
    ratios = [r for r in rows if "frontdesk_over_litellm" in r]
    if ratios:
        short = [r for r in ratios if r["frontdesk_over_litellm"] < TARGET_RATIO]
        if short:
            cells = ", ".join(f"{r['mode']} c={r['concurrency']}" for r in short)
            console.print(f"[yellow]below {TARGET_RATIO:g}× LiteLLM:[/yellow] {cells}")
        else:
            console.print(f"[green]Frontdesk ≥ {TARGET_RATIO:g}× LiteLLM in every row[/green]")
    errors = [r for r in runs if r["errors"]]
    for run in errors:
        console.print(
            f"[red]{run['path']} {run['mode']} c={run['concurrency']}:[/red] "
            f"{run['errors']} errors {run['error_kinds']}"
        )


def _throughput_table(
    rows: list[dict[str, Any]], fake: FakeUpstreamSettings, seconds: float, machine: dict[str, Any]
) -> Table:
    table = Table(
        title=f"gateway: requests per second ({seconds:g} s per run; fake upstream: {fake}; "
        f"{machine['cpu_count']} CPUs, load average {machine['load_average_before'][0]} "
        f"before, {machine['load_average_after'][0]} after)"
    )
    for title in (
        "mode",
        "concurrency",
        "direct",
        "Frontdesk",
        "LiteLLM",
        "Frontdesk ÷ LiteLLM",
        "Frontdesk CPU s / 1k req",
        "LiteLLM CPU s / 1k req",
        "errors",
    ):
        table.add_column(title, justify="left" if title == "mode" else "right")
    for row in rows:
        rps = row["requests_per_s"]
        cpu = row["gateway_cpu_s_per_1k_requests"]
        ratio = row.get("frontdesk_over_litellm")
        errors = sum(row["errors"].values())
        table.add_row(
            row["mode"],
            str(row["concurrency"]),
            *(_number(rps.get(path)) for path in TITLES),
            "—" if ratio is None else f"{ratio:.2f}×",
            *(_number(cpu.get(name), 2) for name in GATEWAYS),
            str(errors),
        )
    return table


def _latency_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="gateway: latency added over direct at the same concurrency (ms)")
    for title in ("mode", "concurrency", "measure"):
        table.add_column(title)
    for name in GATEWAYS:
        for q in ("p50", "p99"):
            table.add_column(f"{TITLES[name]} {q}", justify="right")
    measures = {"latency_ms": "whole answer", "first_token_ms": "first token"}
    for row in rows:
        for measure, label in measures.items():
            added = {name: row["added_ms"].get(name, {}).get(measure) for name in GATEWAYS}
            if not any(added.values()):
                continue
            cells = [
                _number((added[name] or {}).get(q), 1) for name in GATEWAYS for q in ("p50", "p99")
            ]
            table.add_row(row["mode"], str(row["concurrency"]), label, *cells)
    return table


def _number(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"
