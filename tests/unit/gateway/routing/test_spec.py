"""routes.yaml validation: every mistake names the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdesk.gateway.registry import ProviderRegistry
from frontdesk.gateway.routing.spec import load_routes
from frontdesk.kit.errors import ConfigError
from tests.unit.gateway.routing.support import CANARY_ROUTES, write_routes


def _error(path: Path, registry: ProviderRegistry | None = None) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_routes(path, registry.resolve if registry else None)
    return caught.value


def test_a_valid_file_loads_with_defaults(tenant_root: Path, registry: ProviderRegistry) -> None:
    path = write_routes(
        tenant_root,
        """
        routes:
          support-default:
            targets:
              - {model: "local:extractive", weight: 100}
            canary: {model: "openai:gpt-4o-mini"}
        """,
    )
    route = load_routes(path, registry.resolve).routes["support-default"]
    assert route.total_weight == 100
    assert route.canary is not None
    canary = route.canary
    assert (canary.start_percent, canary.step_percent, canary.step_every_s) == (5, 5, 300)
    assert canary.max_percent == 50
    assert canary.guard.max_error_rate == 0.2
    assert (canary.guard.window_calls, canary.guard.min_calls) == (50, 20)
    assert canary.guard.max_latency_p95_s is None and canary.guard.min_eval_score is None


def test_the_full_example_loads(tenant_root: Path, registry: ProviderRegistry) -> None:
    routes = load_routes(write_routes(tenant_root, CANARY_ROUTES), registry.resolve).routes
    assert list(routes) == ["support"]


def test_an_unknown_key_names_file_and_line(tenant_root: Path) -> None:
    path = write_routes(
        tenant_root,
        """
        routes:
          support:
            targets: [{model: "local:extractive", weight: 1}]
            canary:
              model: "openai:gpt-4o-mini"
              step_every: 60
        """,
    )
    error = _error(path)
    assert error.path == str(path)
    assert error.line == 6
    assert f"{path}:6:" in error.message
    assert "step_every" in error.message
    assert "Extra inputs are not permitted" in error.message


def test_a_misspelt_model_fails_with_its_line_and_a_hint(
    tenant_root: Path, registry: ProviderRegistry
) -> None:
    path = write_routes(
        tenant_root,
        """
        routes:
          support:
            targets:
              - {model: "local:extractive", weight: 90}
              - {model: "local:extractve", weight: 10}
        """,
    )
    error = _error(path, registry)
    assert error.line == 5
    assert "unknown model 'local:extractve'" in error.message
    assert "did you mean 'local:extractive'" in error.message


def test_a_misspelt_canary_model_fails_too(tenant_root: Path, registry: ProviderRegistry) -> None:
    path = write_routes(
        tenant_root,
        """
        routes:
          support:
            targets: [{model: "local:extractive", weight: 1}]
            canary:
              model: "opena:gpt-4o-mini"
        """,
    )
    error = _error(path, registry)
    assert error.line == 5
    assert "unknown provider 'opena'" in error.message


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        (
            """
            routes:
              support:
                targets: [{model: "local:extractive", weight: 0}]
            """,
            3,
            "at least one target needs a positive weight",
        ),
        (
            """
            routes:
              support:
                targets: []
            """,
            3,
            "at least 1 item",
        ),
        (
            """
            routes:
              support:
                targets:
                  - {model: "local:extractive", weight: -1}
            """,
            4,
            "greater than or equal to 0",
        ),
        (
            """
            routes:
              support:
                targets:
                  - {model: "local:extractive", weight: 1}
                  - {model: "local:extractive", weight: 2}
            """,
            3,
            "local:extractive listed more than once",
        ),
        (
            """
            routes:
              support:
                targets: [{model: "local:extractive", weight: 1}]
                canary: {model: "local:extractive"}
            """,
            3,
            "is already a target",
        ),
        (
            """
            routes:
              support:
                targets: [{model: "local:extractive", weight: 1}]
                canary:
                  model: "openai:gpt-4o-mini"
                  start_percent: 60
            """,
            5,
            "start_percent (60) cannot exceed max_percent (50)",
        ),
        (
            """
            routes:
              support:
                targets: [{model: "local:extractive", weight: 1}]
                canary:
                  model: "openai:gpt-4o-mini"
                  guard: {window_calls: 10}
            """,
            6,
            "min_calls (20) cannot exceed window_calls (10)",
        ),
        (
            """
            routes:
              "openai:gpt-4o":
                targets: [{model: "local:extractive", weight: 1}]
            """,
            3,
            "should match pattern",
        ),
        (
            """
            routes:
              support:
                targets: [{model: "local:extractive", weight: 1}
            """,
            4,
            "invalid YAML",
        ),
    ],
)
def test_cross_field_mistakes_are_explained(
    tenant_root: Path, body: str, line: int, words: str
) -> None:
    error = _error(write_routes(tenant_root, body))
    assert words in error.message
    assert error.line == line, error.message


def test_an_empty_file_has_no_routes(tenant_root: Path) -> None:
    assert load_routes(write_routes(tenant_root, "# nothing yet\n"), None).routes == {}


def test_the_demo_tenants_routes_are_valid(registry: ProviderRegistry) -> None:
    demo = Path(__file__).resolve().parents[4] / "examples" / "unaempresa" / "routes.yaml"
    routes = load_routes(demo, registry.resolve).routes
    assert [t.model for t in routes["support-default"].targets] == ["local:extractive"]
