"""``frontdesk costs`` on a temporary SQLite database, through typer's CliRunner."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from frontdesk.gateway.usage.cli import bar, costs, usd
from frontdesk.kit.clock import utcnow
from frontdesk.storage import migrate
from frontdesk.storage.sql import create_database
from tests.integration.gateway.usage.usage_rows import insert_usage, usage_row

# The command as ``frontdesk`` registers it: ``app.command("costs")(costs)``.
app = typer.Typer()
app.command("costs")(costs)


@app.callback()
def frontdesk() -> None:
    """Keeps ``costs`` a subcommand, as in the real CLI."""


def env_for(tmp_path: Path) -> dict[str, str]:
    return {
        "FRONTDESK_DATA_DIR": str(tmp_path / "data"),
        "FRONTDESK_DATABASE__URL": f"sqlite+aiosqlite:///{tmp_path / 'usage.db'}",
        "FRONTDESK_CONFIG": "",
        "COLUMNS": "200",
    }


async def _prepare(tmp_path: Path) -> None:
    database = create_database(env_for(tmp_path)["FRONTDESK_DATABASE__URL"])
    try:
        await migrate.upgrade(database)
        now = utcnow()
        await insert_usage(
            database,
            [
                usage_row(now, cost_micros=3_000_000, input_tokens=1200),
                usage_row(now, cost_micros=3_000_000, cache="exact", saved_micros=50),
                usage_row(now, model="openai:gpt-4o-mini", cost_micros=2_000_000),
                usage_row(now, tenant_id="globex", cost_micros=2_000_000),
                usage_row(now.replace(year=now.year - 1), cost_micros=99_000_000),
            ],
        )
    finally:
        await database.dispose()


@pytest.fixture
def recorded(tmp_path: Path) -> dict[str, str]:
    asyncio.run(_prepare(tmp_path))
    return env_for(tmp_path)


def run(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["costs", *args], env=env)
    return result.exit_code, result.output


def test_table_shows_groups_shares_and_a_total(recorded: dict[str, str]) -> None:
    code, out = run(recorded)
    assert code == 0, out
    lines = out.splitlines()
    gpt4o = next(line for line in lines if "acme" in line and "openai:gpt-4o " in line)
    assert "$6.0000" in gpt4o and "60%" in gpt4o and "█" * 12 in gpt4o
    mini = next(line for line in lines if "openai:gpt-4o-mini" in line)
    assert "$2.0000" in mini and "20%" in mini
    total = next(line for line in lines if "total" in line)
    assert "$10.0000" in total and " 4 " in total
    assert "$99" not in out  # last year's call is before --since 7d


def test_a_narrow_terminal_keeps_the_names_cost_and_bars(recorded: dict[str, str]) -> None:
    code, out = run({**recorded, "COLUMNS": "80"}, "--by", "day,tenant,model")
    assert code == 0, out
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 80
    header = next(line for line in out.splitlines() if "tenant" in line)
    assert "cost" in header and "share" in header and "hits" not in header
    assert "openai:gpt-4o-mini" in out and "█" in out


def test_json_has_rows_and_total(recorded: dict[str, str]) -> None:
    code, out = run(recorded, "--format", "json", "--by", "model", "--since", "24h")
    assert code == 0, out
    body = json.loads(out)
    assert body["by"] == ["model"] and body["since"] < body["until"]
    assert [(r["model"], r["requests"], r["cost_micros"]) for r in body["rows"]] == [
        ("openai:gpt-4o", 3, 8_000_000),
        ("openai:gpt-4o-mini", 1, 2_000_000),
    ]
    assert body["rows"][0]["cache_hits"] == 1 and body["rows"][0]["saved_usd"] == 0.00005
    assert body["total"]["cost_usd"] == 10.0 and body["total"]["requests"] == 4


def test_csv_for_one_tenant(recorded: dict[str, str]) -> None:
    code, out = run(recorded, "--format", "csv", "--tenant", "globex", "--by", "tenant,user")
    assert code == 0, out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows == [
        {
            "tenant": "globex",
            "user": "u1",
            "requests": "1",
            "input_tokens": "1000",
            "output_tokens": "100",
            "cached_input_tokens": "0",
            "cost_usd": "2.000000",
            "saved_usd": "0.000000",
            "cache_hits": "0",
        }
    ]


def test_an_empty_range_says_so(recorded: dict[str, str]) -> None:
    code, out = run(recorded, "--since", "2020-01-01", "--until", "2020-02-01")
    assert code == 0 and "no usage recorded since 2020-01-01 00:00 UTC" in out
    code, out = run(recorded, "--tenant", "nobody")
    assert code == 0 and "no usage recorded since" in out and "for tenant nobody" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "tenant,colour"], "cannot group by 'colour'; choose from tenant, model"),
        (["--since", "last week"], "since: 'last week' is not a time"),
        (["--until", "later"], "until: 'later' is not a time"),
        (["--since", "1d", "--until", "2d"], "until: must be after since"),
    ],
)
def test_bad_options_explain_themselves(
    recorded: dict[str, str], args: list[str], message: str
) -> None:
    code, out = run(recorded, *args)
    assert code == 2 and message in " ".join(out.split())


def test_an_unmigrated_database_asks_for_a_migration(tmp_path: Path) -> None:
    code, out = run(env_for(tmp_path))
    assert code == 1 and "run `frontdesk migrate`" in out


def test_bars_are_drawn_to_an_eighth_of_a_cell() -> None:
    assert bar(1.0) == "█" * 20
    assert bar(0.5) == "█" * 10 + " " * 10
    assert bar(0.0) == " " * 20
    assert bar(1 / 160) == "▏" + " " * 19
    assert bar(2.0) == "█" * 20


def test_dollars_are_readable_at_every_scale() -> None:
    assert usd(0) == "$0.0000"
    assert usd(35) == "<$0.0001"
    assert usd(1234) == "$0.0012"
    assert usd(123_456_789) == "$123.46"
    assert usd(1_234_567_890_123) == "$1,234,567.89"
