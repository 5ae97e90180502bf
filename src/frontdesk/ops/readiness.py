"""What the process is still getting ready for (loading knowledge at start-up, say).

The server answers as soon as it starts; ``/readyz`` says 503 with the reason until every
start-up task is done, and work that needs a task's result waits for it instead of
answering from half-loaded data.
"""

from __future__ import annotations

import asyncio


class Readiness:
    def __init__(self) -> None:
        self._pending: dict[str, str] = {}
        self._ready = asyncio.Event()
        self._ready.set()
        self.failures: dict[str, str] = {}

    def begin(self, task: str, detail: str = "") -> None:
        self._pending[task] = detail
        self._ready.clear()

    def progress(self, task: str, detail: str) -> None:
        if task in self._pending:
            self._pending[task] = detail

    def end(self, task: str, error: str | None = None) -> None:
        self._pending.pop(task, None)
        if error is not None:
            self.failures[task] = error
        if not self._pending:
            self._ready.set()

    @property
    def ready(self) -> bool:
        return not self._pending

    @property
    def pending(self) -> dict[str, str]:
        return dict(self._pending)

    async def wait(self) -> None:
        await self._ready.wait()
