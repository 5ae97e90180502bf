"""Offline prompt-injection and jailbreak defence (docs/injection.md)."""

from frontdesk.guard.injection.detector import InjectionAssessment, InjectionDetector
from frontdesk.guard.injection.policy import InjectionPolicy

__all__ = ["InjectionAssessment", "InjectionDetector", "InjectionPolicy"]
