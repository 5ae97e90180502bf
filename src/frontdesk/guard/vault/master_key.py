"""The local master key: 32 random bytes in a file only its owner can read (mode 0600).

Created on first use. Several processes may start at once, so the key is written to a
private temporary file and hard-linked into place: ``link`` fails if the name exists, so
exactly one key wins and nobody ever reads a half-written file. A key file that others
can read, or of the wrong size, is refused (fail closed) rather than used or replaced:
replacing it would make every tenant key unreadable.

This is blocking file I/O; callers run it in a worker thread, once per process.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from frontdesk.kit.errors import ConfigError

MASTER_KEY_BYTES = 32


def load_or_create_master_key(path: Path) -> bytes:
    if not path.exists():
        _create(path)
    return _read(path)


def _read(path: Path) -> bytes:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ConfigError(
            f"the vault master key is readable by others (mode {mode:o}); run chmod 600",
            path=str(path),
        )
    key = path.read_bytes()
    if len(key) != MASTER_KEY_BYTES:
        raise ConfigError(
            f"the vault master key must be {MASTER_KEY_BYTES} bytes, not {len(key)}",
            path=str(path),
        )
    return key


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    staging = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(secrets.token_bytes(MASTER_KEY_BYTES))
            file.flush()
            os.fsync(file.fileno())
        # If another process created it first, everyone uses that one.
        with contextlib.suppress(FileExistsError):
            os.link(staging, path)
    finally:
        staging.unlink(missing_ok=True)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the new name survives a crash, not only the bytes
    finally:
        os.close(directory)
