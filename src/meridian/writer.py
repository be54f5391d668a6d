"""The one way meridian writes files and folders: whole or not at all.

A file is written beside its target and renamed into place, so a reader never sees half a file
and a failure leaves the old file as it was. A target that is a symbolic link is written through
to the file it points at (the link stays a link); a target that exists but is not a regular file
(a folder, a device, a pipe) is refused; a new file gets the mode the umask allows and an
existing file keeps its mode. A folder of outputs is built beside the target and swapped in whole.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(folder / "a.txt", b"one").read_bytes()
b'one'
>>> write_atomic(folder, b"two")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
meridian.errors.UsageError: cannot write ...: it is a folder, not a file
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import UsageError

__all__ = ["building_folder", "check_target", "write_atomic"]

# Longer names than this are refused by most file systems; say so before trying.
_NAME_MAX = 255


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_target(path: str | os.PathLike[str]) -> Path:
    """The real file a write to ``path`` should replace, or a UsageError saying why it cannot.

    Follows symbolic links to their target; refuses an empty path, a folder, a device, a pipe, a
    missing parent folder, a parent that is a file, and a name too long for the file system.
    """
    raw = os.fspath(path)
    if not raw.strip():
        raise UsageError("cannot write to an empty path")
    target = Path(raw)
    if len(target.name.encode("utf-8", "surrogateescape")) > _NAME_MAX:
        raise UsageError(f"cannot write {raw!r}: the file name is longer than {_NAME_MAX} bytes")
    parent = target.parent
    if not parent.exists():
        raise UsageError(f"cannot write {raw!r}: the folder {str(parent)!r} does not exist")
    if not parent.is_dir():
        raise UsageError(f"cannot write {raw!r}: {str(parent)!r} is a file, not a folder")
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UsageError(f"cannot write {raw!r}: {exc.strerror or exc}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(f"cannot write {raw!r}: it is a folder, not a file")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise UsageError(f"cannot write {raw!r}: it is not a regular file (a device, pipe or socket)")
    if not target.parent.is_dir():  # a link may point into a folder that is gone
        raise UsageError(f"cannot write {raw!r}: the folder {str(target.parent)!r} does not exist")
    return target


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` whole or not at all, and return the path written.

    Raises
    ------
    UsageError
        With one sentence, when the target cannot be written (see :func:`check_target`), the
        folder is read-only or the disk is full; the old file, if any, is left as it was.
    """
    target = check_target(path)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:200]}.", suffix=".tmp")
    except OSError as exc:
        raise UsageError(f"cannot write {os.fspath(path)!r}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError(f"cannot write {os.fspath(path)!r}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(os.fspath(path))


@contextmanager
def building_folder(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Build a folder of outputs aside, then swap it in for ``path`` whole.

    Yields the folder to write into. When the block ends normally the new folder replaces the old
    one; when it raises (an error, Ctrl-C, SIGTERM turned into an exception) the old folder is
    left untouched and the half-built one is removed.
    """
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise UsageError(f"cannot build {os.fspath(path)!r}: it is a file, not a folder")
    parent = target.parent
    if not parent.is_dir():
        raise UsageError(f"cannot build {os.fspath(path)!r}: the folder {str(parent)!r} does not exist")
    try:
        aside = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.", suffix=".new"))
    except OSError as exc:
        raise UsageError(f"cannot build {os.fspath(path)!r}: {exc.strerror or exc}") from None
    os.chmod(aside, 0o777 & ~_umask())
    try:
        yield aside
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.", suffix=".old"))
            os.rmdir(old)
            os.replace(target, old)
        os.replace(aside, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(aside, ignore_errors=True)
        raise
