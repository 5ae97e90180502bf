"""Prometheus ``frontdesk_gateway_*`` metrics.

Labels are tenants, routes, providers, models and outcomes: bounded sets an operator
configures. Never user, session, key or request ids (unbounded, and personal).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from frontdesk.gateway.resilience.breaker import BreakerState

_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
BREAKER_VALUES: dict[BreakerState, float] = {"closed": 0.0, "half_open": 1.0, "open": 2.0}


@dataclass
class GatewayMetrics:
    requests: Counter
    errors: Counter
    tokens: Counter
    cost: Counter
    saved: Counter
    latency: Histogram
    ttft: Histogram
    cache: Counter
    limit_refusals: Counter
    limit_alerts: Counter
    route_events: Counter


class _BreakerCollector(Collector):
    def __init__(self, states: Callable[[], dict[str, BreakerState]]) -> None:
        self._states = states

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(
            "frontdesk_gateway_breaker_state",
            "Circuit breaker per target: 0 closed, 1 half-open (probing), 2 open",
            labels=["provider", "model"],
        )
        for target, state in sorted(self._states().items()):
            family.add_metric([provider_of(target), target], BREAKER_VALUES[state])
        yield family


def provider_of(model: str) -> str:
    return model.split(":", 1)[0]


def create_gateway_metrics(
    registry: CollectorRegistry, breaker_states: Callable[[], dict[str, BreakerState]]
) -> GatewayMetrics:
    registry.register(_BreakerCollector(breaker_states))

    def counter(name: str, doc: str, labels: list[str]) -> Counter:
        return Counter(f"frontdesk_gateway_{name}", doc, labels, registry=registry)

    def histogram(name: str, doc: str) -> Histogram:
        return Histogram(
            f"frontdesk_gateway_{name}",
            doc,
            ["provider", "model", "route"],
            buckets=_BUCKETS,
            registry=registry,
        )

    routed = ["tenant", "provider", "model", "route"]
    return GatewayMetrics(
        requests=counter(
            "requests_total", "Gateway calls by outcome", [*routed, "variant", "outcome"]
        ),
        errors=counter("errors_total", "Failed gateway calls by error code", [*routed, "code"]),
        tokens=counter("tokens_total", "Tokens by direction", [*routed, "direction"]),
        cost=counter("cost_usd_total", "Spend in US dollars", routed),
        saved=counter("cache_saved_usd_total", "Spend avoided by cache hits", routed),
        latency=histogram("latency_seconds", "Duration of a gateway call"),
        ttft=histogram("time_to_first_token_seconds", "Call start to the first answer text"),
        cache=counter("cache_lookups_total", "Cache lookups by result", ["tenant", "result"]),
        limit_refusals=counter(
            "limit_refusals_total", "Calls refused by a budget or quota", ["tenant", "limit"]
        ),
        limit_alerts=counter(
            "limit_alerts_total",
            "Budget or quota counters crossing 80% / 100%",
            ["tenant", "scope_kind", "limit", "threshold"],
        ),
        route_events=counter(
            "route_events_total", "Canary ramp steps, completions and rollbacks", ["tenant", "kind"]
        ),
    )
