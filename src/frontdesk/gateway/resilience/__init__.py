"""Behaviour shared by all models, as wrappers that are themselves ``ChatModel``s:
retries, circuit breaking and fallback with mid-stream continuation."""

from frontdesk.gateway.resilience.breaker import BreakerState, CircuitBreaker
from frontdesk.gateway.resilience.compose import breakers, build_resilient
from frontdesk.gateway.resilience.continuation import (
    CONTINUE_INSTRUCTION,
    ContinuationAware,
    ContinuationMode,
    Standalone,
    can_continue,
    continuation_mode,
    continuation_request,
)
from frontdesk.gateway.resilience.fallback import FallbackModel, Switch
from frontdesk.gateway.resilience.retry import RetryingModel

__all__ = [
    "CONTINUE_INSTRUCTION",
    "BreakerState",
    "CircuitBreaker",
    "ContinuationAware",
    "ContinuationMode",
    "FallbackModel",
    "RetryingModel",
    "Standalone",
    "Switch",
    "breakers",
    "build_resilient",
    "can_continue",
    "continuation_mode",
    "continuation_request",
]
