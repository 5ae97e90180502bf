"""Live delivery of committed session events to connected clients (in-process).

This is the embedded adapter of the live-events port; at scale the same interface is
backed by Redis Streams. Each subscriber has a bounded queue: a client too slow to keep up
is dropped (and resumes from its last seq) rather than letting memory grow without bound.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any, Protocol

from frontdesk.conversation.model import Event

SUBSCRIBER_QUEUE = 4096


class Subscription:
    """A connection's outbox: committed events of its session, plus direct replies (dicts)
    that belong to this connection only (pong, errors about its own frames)."""

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        self.queue: asyncio.Queue[Event | dict[str, Any] | None] = asyncio.Queue(SUBSCRIBER_QUEUE)
        self.overflowed = False

    def reply(self, message: dict[str, Any]) -> None:
        if not self.overflowed:
            try:
                self.queue.put_nowait(message)
            except asyncio.QueueFull:
                self._overflow()

    def _overflow(self) -> None:
        self.overflowed = True
        # Wake the reader so it can close the connection and let the client resume.
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(None)

    def offer(self, event: Event) -> None:
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self._overflow()


class LiveEvents(Protocol):
    def subscribe(self, session_id: str) -> Subscription: ...

    def unsubscribe(self, subscription: Subscription) -> None: ...

    def publish(self, event: Event) -> None: ...


class InProcessLiveEvents:
    def __init__(self) -> None:
        self._subs: dict[str, set[Subscription]] = defaultdict(set)

    def subscribe(self, session_id: str) -> Subscription:
        sub = Subscription(session_id)
        self._subs[session_id].add(sub)
        return sub

    def unsubscribe(self, subscription: Subscription) -> None:
        subs = self._subs.get(subscription.session_id)
        if subs is not None:
            subs.discard(subscription)
            if not subs:
                del self._subs[subscription.session_id]

    def publish(self, event: Event) -> None:
        for sub in self._subs.get(event.session_id, ()):
            sub.offer(event)

    def subscriber_count(self) -> int:
        return sum(len(s) for s in self._subs.values())
