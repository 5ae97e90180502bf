"""Fake model upstreams that speak the real wire protocols, for tests and benchmarks.

Each fake is a small raw-ASGI app (no framework: a benchmark runs a thousand concurrent
streams through one of them on a small machine) that records every request it receives and
injects faults on demand, per request with the ``x-fake-fault`` header or for every request
from its constructor. Run one in-process with ``run_fake_openai`` /
``run_fake_anthropic`` / ``run_fake_bedrock``, or as a process with
``python -m frontdesk.fakes openai --port 9100``.
"""

from frontdesk.fakes.anthropic_server import FakeAnthropic, run_fake_anthropic
from frontdesk.fakes.bedrock_server import FakeBedrock, run_fake_bedrock
from frontdesk.fakes.behaviour import FakeBehaviour
from frontdesk.fakes.openai_server import FakeOpenAI, run_fake_openai
from frontdesk.fakes.recording import RecordedRequest

__all__ = [
    "FakeAnthropic",
    "FakeBedrock",
    "FakeBehaviour",
    "FakeOpenAI",
    "RecordedRequest",
    "run_fake_anthropic",
    "run_fake_bedrock",
    "run_fake_openai",
]
