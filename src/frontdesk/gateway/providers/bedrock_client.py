"""One lazily created ``bedrock-runtime`` client, shared by the Bedrock chat provider and the
ApplyGuardrail stage: created on first use (service models read off the event loop), closed
once. aiobotocore is imported only here and only when a client is needed."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class BedrockClientOptions:
    region: str
    connect_timeout_s: float
    read_timeout_s: float
    endpoint_url: str | None = None
    profile: str | None = None
    aws_access_key_id: str | None = None
    aws_secret_access_key: str | None = None
    aws_session_token: str | None = None
    max_connections: int | None = None


class LazyBedrockRuntime:
    def __init__(self, options: BedrockClientOptions) -> None:
        self._options = options
        self._client: Any = None  # aiobotocore ships no type stubs
        self._exit_stack = contextlib.AsyncExitStack()
        self._lock = asyncio.Lock()

    async def get(self) -> Any:
        async with self._lock:
            if self._client is None:
                self._client = await self._create()
            return self._client

    async def _create(self) -> Any:
        from aiobotocore.config import AioConfig
        from aiobotocore.session import AioSession

        o = self._options
        session = AioSession(profile=o.profile)
        # create_client reads ~100 ms of JSON models from disk; do that off the loop.
        await asyncio.to_thread(_load_service_data, session)
        extra = {} if o.max_connections is None else {"max_pool_connections": o.max_connections}
        config = AioConfig(
            connect_timeout=o.connect_timeout_s,
            read_timeout=o.read_timeout_s,
            retries={"mode": "standard", "total_max_attempts": 1},  # our wrappers retry
            **extra,
        )
        return await self._exit_stack.enter_async_context(
            session.create_client(
                "bedrock-runtime",
                region_name=o.region,
                endpoint_url=o.endpoint_url,
                aws_access_key_id=o.aws_access_key_id,
                aws_secret_access_key=o.aws_secret_access_key,
                aws_session_token=o.aws_session_token,
                config=config,
            )
        )

    async def aclose(self) -> None:
        async with self._lock:
            self._client = None
            await self._exit_stack.aclose()
            self._exit_stack = contextlib.AsyncExitStack()


def _load_service_data(session: Any) -> None:
    """Fill the session loader's cache with what creating a bedrock-runtime client reads."""
    loader = session.get_component("data_loader")
    loader.load_service_model("bedrock-runtime", "service-2")
    loader.load_service_model("bedrock-runtime", "endpoint-rule-set-1")
    for name in ("endpoints", "partitions", "sdk-default-configuration"):
        loader.load_data(name)
