"""Opening a file meridian reads (a data file, a schema): a regular file of a bounded size, or why not.

A path is looked at before it is opened, so a pipe, a device or a folder is refused without
being opened (opening a pipe blocks until someone writes). What is opened is checked again on
the open descriptor, which is what is then read: a file swapped for a pipe or a device in
between is refused too. The descriptor is opened non-blocking, and only as many bytes are read
as the file said it holds, so a file that only looks regular (``/proc/kmsg`` is a regular file of
size 0 whose read waits for the kernel's next message) reads as empty instead of hanging.

Cheap to import (no pathlib): a lookup with a warm cache reads its files through it.

Examples
--------
>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "organs.yaml")
>>> with open(path, "wb") as fh:
...     _ = fh.write(b"- id: lung\\n")
>>> read_regular(path, limit=100)
b'- id: lung\\n'
>>> read_regular(os.path.dirname(path), limit=100)
Traceback (most recent call last):
...
meridian.atlas.files.Unreadable: expected a regular file (got a folder)
"""

from __future__ import annotations

import os
import stat

__all__ = ["Unreadable", "read_regular"]

#: How a descriptor is opened: never blocking, never becoming the controlling terminal.
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class Unreadable(Exception):  # not a MeridianError: the caller says which file, as a problem line
    """Why a file cannot be read, as ``expected ... (got ...)``; ``missing`` when it is not there."""

    def __init__(self, message: str, missing: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing


def _kind(mode: int) -> str | None:
    """What a file that is not regular is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return "a folder" if stat.S_ISDIR(mode) else "a device, pipe or socket"


def _size(info: os.stat_result, limit: int) -> None:
    if info.st_size > limit:
        raise Unreadable(f"expected a file of at most {_mib(limit)} (got {_mib(info.st_size)})")


def _mib(size: int) -> str:
    """A size in MiB, rounded up to a tenth: just over 4 MiB is 4.1 MiB, never 4.0."""
    tenths = -(-size * 10 // 2**20)
    return f"{tenths // 10} MiB" if tenths % 10 == 0 else f"{tenths / 10:.1f} MiB"


def read_regular(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of the regular file at ``path``, which holds at most ``limit`` bytes
    (:data:`meridian.paths.MAX_FILE_BYTES` if None, looked up at each call).

    Raises
    ------
    Unreadable
        When the file is missing, is not a regular file (checked before opening and again on
        the opened descriptor), is larger than ``limit`` or cannot be read.
    """
    if limit is None:
        from . import paths

        limit = paths.MAX_FILE_BYTES
    try:
        info = os.stat(path)  # before opening: opening a pipe would block
        kind = _kind(info.st_mode)
        if kind is not None:
            raise Unreadable(f"expected a regular file (got {kind})")
        _size(info, limit)
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise Unreadable("expected the file to exist (got none)", missing=True) from None
    except OSError as exc:
        raise Unreadable(f"expected a readable file (got {exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)  # what was opened, which may not be what was looked at
        kind = _kind(info.st_mode)
        if kind is not None:
            raise Unreadable(f"expected a regular file (got {kind})")
        _size(info, limit)
        chunks = []
        left = info.st_size  # no more than the file said it holds: a pseudo-file never ends
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except BlockingIOError:
        raise Unreadable("expected a regular file (got one that waits when read)") from None
    except OSError as exc:
        raise Unreadable(f"expected a readable file (got {exc.strerror or exc})") from None
    finally:
        os.close(fd)
