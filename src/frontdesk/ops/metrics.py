"""Prometheus metrics. Labels are bounded sets (tenant, model, outcome) — never user or
session ids, which would explode cardinality and leak identities."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64)


@dataclass
class Metrics:
    registry: CollectorRegistry
    turns: Counter
    turn_latency: Histogram
    turn_ttft: Histogram
    model_calls: Counter
    model_latency: Histogram
    model_tokens: Counter
    model_switches: Counter
    ws_connections: Gauge
    ws_closes: Counter
    ingest_files: Counter


def create_metrics() -> Metrics:
    registry = CollectorRegistry(auto_describe=True)
    return Metrics(
        registry=registry,
        turns=Counter(
            "frontdesk_turns_total",
            "Answered turns by outcome",
            ["tenant", "outcome"],
            registry=registry,
        ),
        turn_latency=Histogram(
            "frontdesk_turn_latency_seconds",
            "User message acknowledged to answer done",
            ["tenant"],
            buckets=_LATENCY_BUCKETS,
            registry=registry,
        ),
        turn_ttft=Histogram(
            "frontdesk_turn_time_to_first_token_seconds",
            "User message acknowledged to first answer text stored and sent",
            ["tenant"],
            buckets=_LATENCY_BUCKETS,
            registry=registry,
        ),
        model_calls=Counter(
            "frontdesk_model_calls_total",
            "Model calls by model and outcome",
            ["model", "outcome"],
            registry=registry,
        ),
        model_latency=Histogram(
            "frontdesk_model_latency_seconds",
            "Duration of a model call",
            ["model"],
            buckets=_LATENCY_BUCKETS,
            registry=registry,
        ),
        model_tokens=Counter(
            "frontdesk_model_tokens_total",
            "Tokens by model and direction",
            ["model", "direction"],
            registry=registry,
        ),
        model_switches=Counter(
            "frontdesk_model_switches_total",
            "Fallbacks from one model to the next, by error kind",
            ["from_model", "to_model", "kind"],
            registry=registry,
        ),
        ws_connections=Gauge(
            "frontdesk_ws_connections",
            "Open chat WebSocket connections",
            registry=registry,
        ),
        ws_closes=Counter(
            "frontdesk_ws_closes_total",
            "WebSocket closes by code",
            ["code"],
            registry=registry,
        ),
        ingest_files=Counter(
            "frontdesk_ingest_files_total",
            "Knowledge files by ingest outcome",
            ["tenant", "outcome"],
            registry=registry,
        ),
    )
