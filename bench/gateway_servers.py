"""The processes of ``bench/gateway.py``: the fake upstream, Frontdesk, LiteLLM's proxy.

Each runs as its own process group with its own log file, and every one is stopped when the
benchmark ends, however it ends (``ChildProcesses`` is a context manager; SIGTERM and SIGHUP
become ``SystemExit`` so the ``with`` block unwinds). LiteLLM's proxy lives in a venv of its
own (``.venv-litellm``, created once from ``bench/requirements-litellm.txt``): it is a
benchmark-only dependency and never enters the product's venv.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import types
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))

from tests.support.process import wait_until_ready  # noqa: E402
from tests.support.server import free_port  # noqa: E402

LITELLM_VENV = ROOT / ".venv-litellm"
LITELLM_REQUIREMENTS = BENCH / "requirements-litellm.txt"
LITELLM_CONFIG = BENCH / "litellm_config.yaml"
# Written into the venv once its install succeeded: the requirements it was built from.
_INSTALLED_MARKER = ".bench-requirements"
UPSTREAM_MODEL = "fake-model"
BENCH_TENANT = "bench"
_TENANT_YAML = f"""\
id: {BENCH_TENANT}
name: Gateway benchmark
languages: [en]
knowledge:
  paths: []
"""


class LiteLLMUnavailable(RuntimeError):
    """LiteLLM's proxy could not be installed or does not start."""


@dataclass(frozen=True)
class FakeUpstreamSettings:
    ttft_ms: float
    tokens_per_s: float
    answer_tokens: int

    def __str__(self) -> str:
        pace = f"{self.tokens_per_s:g} tokens/s" if self.tokens_per_s else "no pacing"
        return f"TTFT {self.ttft_ms:g} ms, {self.answer_tokens} tokens, {pace}"


@dataclass(frozen=True)
class Endpoint:
    """One way to reach the upstream: a base URL, the model name there, its bearer token."""

    name: str
    base_url: str
    model: str
    api_key: str | None
    pid: int | None  # the gateway's process, whose CPU time is measured; None: direct

    @property
    def chat_url(self) -> str:
        return f"{self.base_url}/v1/chat/completions"


class ChildProcesses:
    """Starts processes in their own process groups and stops all of them on exit."""

    def __init__(self, log_dir: Path) -> None:
        log_dir.mkdir(parents=True, exist_ok=True)
        self._log_dir = log_dir
        self._running: list[tuple[str, subprocess.Popen[bytes]]] = []
        self._previous_handlers: dict[int, object] = {}

    def __enter__(self) -> ChildProcesses:
        for signum in (signal.SIGTERM, signal.SIGHUP):
            self._previous_handlers[signum] = signal.signal(signum, _exit_on_signal)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_all()
        for signum, handler in self._previous_handlers.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]

    def start(
        self, name: str, argv: Sequence[str], env: dict[str, str], unset: Sequence[str] = ()
    ) -> subprocess.Popen[bytes]:
        """Start ``argv`` with ``env`` over ours, less the variables named in ``unset``."""
        full_env = {k: v for k, v in os.environ.items() if k not in unset} | env
        log_path = self._log_dir / f"{name}.log"
        with log_path.open("ab") as log:
            proc = subprocess.Popen(
                list(argv),
                env=full_env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own group: children it forks stop with it
            )
        self._running.append((name, proc))
        return proc

    def pid_of(self, name: str) -> int:
        return next(proc.pid for started, proc in self._running if started == name)

    def log_tail(self, name: str, lines: int = 20) -> str:
        path = self._log_dir / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def stop_all(self) -> None:
        for _, proc in reversed(self._running):
            _signal_group(proc, signal.SIGTERM)
        for _, proc in reversed(self._running):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGKILL)
                proc.wait()
            _signal_group(proc, signal.SIGKILL)  # anything the leader left behind
        self._running.clear()


def _exit_on_signal(signum: int, frame: types.FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _signal_group(proc: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signum)


def ensure_litellm_python(venv: Path, console: Console) -> Path:
    """The Python of a venv with LiteLLM's proxy, created on first use and then reused."""
    python = venv / "bin" / "python"
    wanted = LITELLM_REQUIREMENTS.read_text()
    marker = venv / _INSTALLED_MARKER
    if python.exists() and marker.exists() and marker.read_text() == wanted:
        console.print(f"LiteLLM: reusing {venv} ({wanted.strip()})", markup=False)
        return python
    console.print(f"LiteLLM: creating {venv}, installing {wanted.strip()} (once) …", markup=False)
    steps = [
        [sys.executable, "-m", "venv", "--clear", str(venv)],
        [str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
        [str(python), "-m", "pip", "install", "--quiet", "-r", str(LITELLM_REQUIREMENTS)],
    ]
    for step in steps:
        console.print(f"  $ {' '.join(step)}", markup=False)
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
            raise LiteLLMUnavailable(
                f"could not install LiteLLM's proxy ({' '.join(step[2:4])} failed with exit "
                f"code {done.returncode}):\n{tail}\n"
                "Fix the install, or pass --litellm-python with a Python that has "
                f"{wanted.strip()}."
            )
    marker.write_text(wanted)
    return python


def litellm_version(python: Path) -> str:
    probe = "import importlib.metadata as m; print(m.version('litellm'))"
    done = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise LiteLLMUnavailable(f"{python} cannot load litellm ({reason})")
    return done.stdout.strip()


def frontdesk_revision(source: Path | None) -> str:
    """The commit Frontdesk runs from, marked when ``src/`` has uncommitted changes."""
    if source is not None:
        return f"src from {source}"
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run(
        [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    changed = subprocess.run(
        [*git, "status", "--porcelain", "src"], capture_output=True, text=True, check=False
    )
    revision = head.stdout.strip() or "unknown"
    return f"{revision} + uncommitted changes" if changed.stdout.strip() else revision


def start_fake_upstream(children: ChildProcesses, fake: FakeUpstreamSettings) -> Endpoint:
    port = free_port()
    argv = [sys.executable, "-m", "frontdesk.fakes", "openai", "--port", str(port)]
    argv += ["--ttft-ms", str(fake.ttft_ms), "--tokens-per-s", str(fake.tokens_per_s)]
    argv += ["--answer-tokens", str(fake.answer_tokens), "--max-recorded", "1"]
    proc = children.start("fake-upstream", argv, {})
    base_url = f"http://127.0.0.1:{port}"
    _wait(children, "fake-upstream", f"{base_url}/v1/models", proc, timeout=30)
    return Endpoint("direct", base_url, UPSTREAM_MODEL, None, None)


def frontdesk_env(workdir: Path, upstream: Endpoint, port: int) -> dict[str, str]:
    """Settings for a Frontdesk with one small tenant and nothing but the gateway at work."""
    tenant_dir = workdir / "tenant"
    tenant_dir.mkdir(parents=True, exist_ok=True)
    (tenant_dir / "tenant.yaml").write_text(_TENANT_YAML)
    config = workdir / "frontdesk.yaml"  # empty: a ./frontdesk.yaml must not leak in
    config.write_text("# bench/gateway.py sets everything through FRONTDESK_ variables\n")
    return {
        "FRONTDESK_CONFIG": str(config),
        "FRONTDESK_DATA_DIR": str(workdir / "frontdesk-data"),
        "FRONTDESK_SERVER__PORT": str(port),
        "FRONTDESK_SERVER__WEB_DIST": str(workdir / "no-web"),
        "FRONTDESK_TENANTS__PATHS": f'["{tenant_dir}"]',
        "FRONTDESK_TENANTS__INGEST_ON_START": "false",
        "FRONTDESK_AUTH__ANONYMOUS_TENANT": BENCH_TENANT,
        "FRONTDESK_KNOWLEDGE__EMBEDDER": "hashing",
        "FRONTDESK_KNOWLEDGE__VECTOR_INDEX": "exact",
        "FRONTDESK_GATEWAY__DEFAULT_MODEL": f"openai:{UPSTREAM_MODEL}",
        "FRONTDESK_GATEWAY__PROVIDERS__OPENAI__BASE_URL": f"{upstream.base_url}/v1",
        "FRONTDESK_GATEWAY__PROVIDERS__OPENAI__API_KEY": "fake-key",
        # Every request carries a unique prompt, so no cache could answer one; off anyway.
        "FRONTDESK_GATEWAY__CACHE__ENABLED": "false",
        "FRONTDESK_LOGGING__LEVEL": "WARNING",
    }


def start_frontdesk(
    children: ChildProcesses, workdir: Path, upstream: Endpoint, source: Path | None = None
) -> Endpoint:
    """``frontdesk serve`` from the installed package, or from ``source`` (a ``src`` folder
    of another checkout, to compare revisions)."""
    port = free_port()
    env = frontdesk_env(workdir, upstream, port)
    if source is not None:
        env["PYTHONPATH"] = str(source.resolve())
    create_key = [sys.executable, "-m", "frontdesk.cli", "keys", "create"]
    create_key += ["--tenant", BENCH_TENANT, "--name", "gateway-bench"]
    done = subprocess.run(
        create_key, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"frontdesk keys create failed:\n{done.stderr.strip()[-2000:]}")
    api_key = done.stdout.strip().splitlines()[-1]
    proc = children.start("frontdesk", [sys.executable, "-m", "frontdesk.cli", "serve"], env)
    base_url = f"http://127.0.0.1:{port}"
    _wait(children, "frontdesk", f"{base_url}/readyz", proc, timeout=120)
    return Endpoint("frontdesk", base_url, f"openai:{UPSTREAM_MODEL}", api_key, proc.pid)


def start_litellm(children: ChildProcesses, python: Path, upstream: Endpoint) -> Endpoint:
    port = free_port()
    master_key = "sk-gateway-bench"
    env = {
        "BENCH_FAKE_UPSTREAM_URL": f"{upstream.base_url}/v1",
        "BENCH_LITELLM_MASTER_KEY": master_key,
        "LITELLM_LOG": "ERROR",
        "LITELLM_MODE": "PRODUCTION",  # reads no .env file
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",  # no fetch of the price list at start
        "PYTHONUNBUFFERED": "1",
    }
    # What the `litellm` console script runs, found through the given Python.
    launch = "import sys; from litellm import run_server; sys.exit(run_server())"
    argv = [str(python), "-c", launch, "--config", str(LITELLM_CONFIG)]
    argv += ["--host", "127.0.0.1", "--port", str(port), "--num_workers", "1"]
    # No database: LiteLLM's proxy keeps keys, spend and logs to itself.
    proc = children.start("litellm", argv, env, unset=("DATABASE_URL", "DIRECT_URL"))
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait(children, "litellm", f"{base_url}/health/liveliness", proc, timeout=120)
    except RuntimeError as exc:
        raise LiteLLMUnavailable(str(exc)) from exc
    return Endpoint("litellm", base_url, UPSTREAM_MODEL, master_key, proc.pid)


def _wait(
    children: ChildProcesses,
    name: str,
    url: str,
    proc: subprocess.Popen[bytes],
    timeout: float,
) -> None:
    try:
        wait_until_ready(url, proc, timeout=timeout)
    except (RuntimeError, TimeoutError) as exc:
        raise RuntimeError(f"{name} did not start: {exc}\n{children.log_tail(name)}") from exc
