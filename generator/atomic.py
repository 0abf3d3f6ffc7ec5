"""Atomic file writes: a file is either its old self or completely new, never half written.

The bytes go to a new hidden file beside the target (same folder, so the same file
system), which then replaces the target in one ``os.replace``. An interruption or a
full disk leaves the target as it was and removes the partial file. The new file
gets the permissions a plain ``open(path, "wb")`` would give it (0666 less the umask).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

_NAME_ATTEMPTS = 100


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary stream whose content replaces ``path`` when the ``with`` block ends without error.

    For writers that stream (``numpy.savez``); ``write_bytes_atomic`` is the usual way in.
    Raises ``OSError`` as ``open`` and ``os.replace`` would; the target is then unchanged.
    """
    descriptor, temporary = _new_file_beside(path)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        # BaseException: Ctrl-C part way must not leave the partial file behind either.
        temporary.unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace ``path``'s content with ``data`` in one step (see the module docstring)."""
    with atomic_writer(path) as stream:
        stream.write(data)


def _new_file_beside(path: Path) -> tuple[int, Path]:
    """Create and open a new, uniquely named hidden file in ``path``'s folder."""
    for _attempt in range(_NAME_ATTEMPTS):
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"{path.parent}: no free name for a temporary file after {_NAME_ATTEMPTS} attempts")
