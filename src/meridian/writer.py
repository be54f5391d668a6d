"""The one way meridian writes files and folders: whole or not at all.

A file is written beside its target and renamed into place, so a reader never sees half a file
and a failure leaves the old file as it was. A target that is a symbolic link is written through
to the file it points at (the link stays a link); a target that exists but is not a regular file
(a folder, a device, a pipe) is refused; a new file gets the mode the umask allows and an
existing file keeps its mode. A folder of outputs is built beside the target and swapped in whole.

A folder meridian builds carries a marker (:data:`MARKER`) naming what built it and the files it
wrote. A folder that is not empty and has no such marker is someone else's: it is refused unless
forced, never emptied. In a folder of its own, the files meridian did not write are kept. The
hidden folders a build works in are marked and locked too, so what a killed build left is known
to be meridian's and removed on the next run, and nothing else is.

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
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import UsageError

__all__ = ["MARKER", "building_folder", "check_target", "clean_stale", "folder_owner", "write_atomic"]

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


#: The file meridian leaves in every folder it builds: what made it and the files it wrote. A
#: folder without it is not meridian's, and :func:`building_folder` does not replace it unforced.
MARKER = ".meridian-output"
_MARKER_MAX = 16 * 1024 * 1024


def folder_owner(folder: str | os.PathLike[str]) -> str | None:
    """What built ``folder`` (``"meridian site"``, ``"meridian gallery"``), from its marker
    (:data:`MARKER`); None when meridian did not, or the marker cannot be read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with building_folder(out, "meridian example") as aside:
    ...     _ = (aside / "page.html").write_text("hello")
    >>> folder_owner(out), folder_owner(out.parent)
    ('meridian example', None)
    """
    marker = _read_marker(Path(folder))
    return None if marker is None else str(marker["made_by"])


def _read_marker(folder: Path) -> dict[str, Any] | None:
    """The marker of a folder meridian made, as data; None for anything else."""
    import json

    try:  # a regular file of a sane size, not a link, opened without blocking on a pipe
        fd = os.open(
            folder / MARKER, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        try:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > _MARKER_MAX:
                return None
            data = json.loads(fh.read(_MARKER_MAX + 1))
        except (OSError, ValueError):
            return None
    made_by = data.get("made_by") if isinstance(data, dict) else None
    return data if isinstance(made_by, str) and made_by.startswith("meridian") else None


def _marker_bytes(made_by: str, **more: Any) -> bytes:
    import json

    return (json.dumps({"made_by": made_by, **more}, indent=1, sort_keys=True) + "\n").encode("ascii")


def _is_empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def _files_in(folder: Path) -> list[str]:
    """Every file under ``folder`` but its marker, as sorted relative paths with ``/``."""
    found = []
    for top, _, names in os.walk(folder):
        for name in names:
            found.append(Path(top, name).relative_to(folder).as_posix())
    return sorted(f for f in found if f != MARKER)


def _foreign(folder: Path, written: set[str]) -> list[str]:
    """What ``folder`` holds that meridian did not write there (its marker says what it wrote):
    the top-most such file, link or non-empty folder of each branch, as sorted relative paths."""
    holds = {str(parent) for rel in written for parent in Path(rel).parents if str(parent) != "."}
    found: list[str] = []
    todo = [""]
    while todo:
        rel = todo.pop()
        with os.scandir(folder / rel if rel else folder) as entries:
            for entry in entries:
                sub = f"{rel}/{entry.name}" if rel else entry.name
                if sub == MARKER or sub in written:
                    continue
                if not entry.is_dir(follow_symlinks=False):
                    found.append(sub)
                elif sub in holds:
                    todo.append(sub)
                elif not _is_empty(Path(entry.path)):
                    found.append(sub)
    return sorted(found)


def _check_free(src: Path, dst: Path, rel: str, raw: str) -> None:
    """Refuse to keep ``src`` at ``dst`` when the new build wrote something there."""
    if not os.path.lexists(dst):
        return
    if src.is_dir() and not src.is_symlink() and dst.is_dir() and not dst.is_symlink():
        with os.scandir(src) as entries:
            for entry in entries:
                _check_free(Path(entry.path), dst / entry.name, f"{rel}/{entry.name}", raw)
        return
    raise UsageError(
        f"cannot rebuild {raw!r}: {rel!r} in it was not written by meridian and the new build writes"
        " that path too; move it away, or use --force to replace the folder and all it holds"
    )


def _link_or_copy(src: str, dst: str) -> None:
    try:  # a hard link: instant, no space, and the original stays where it was until the swap
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def _keep(src: Path, dst: Path) -> None:
    """Put what ``src`` is (file, link or folder) at ``dst`` in the new build, merging folders."""
    if os.path.lexists(dst):  # a folder the new build has too (_check_free said so)
        with os.scandir(src) as entries:
            for entry in entries:
                _keep(Path(entry.path), dst / entry.name)
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.is_symlink():
        os.symlink(os.readlink(src), dst)
    elif src.is_dir():
        shutil.copytree(src, dst, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(str(src), str(dst))


def _claim(target: Path, raw: str, made_by: str, force: bool) -> list[str]:
    """What to keep of ``target`` (what meridian did not write in it), or a UsageError when the
    folder is not empty and meridian did not build it (``force`` replaces it whole)."""
    if not target.exists() or _is_empty(target) or force:
        return []
    marker = _read_marker(target)
    files = marker.get("files") if marker is not None else None
    if marker is None or not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise UsageError(
            f"refusing to replace {raw!r}: it is not empty and meridian did not make it (no {MARKER} in"
            " it); give a new or empty folder, or --force to replace it and all it holds"
        )
    if marker["made_by"] != made_by:
        raise UsageError(
            f"refusing to replace {raw!r}: it was made by {str(marker['made_by'])[:40]!r}, not"
            f" {made_by!r}; give another folder, or --force to replace it and all it holds"
        )
    return _foreign(target, set(files))


def _lock(folder: Path) -> int | None:
    """Hold a lock on a folder being built, so that another run sees it is not stale (the lock
    goes with the process, even on kill -9); None where there are no such locks."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no locks, and no clean-up of others' folders
        return None
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # e.g. a network file system without them
        os.close(fd)
        return None
    return fd


def _temp(parent: Path, name: str, suffix: str, made_by: str, state: str) -> tuple[Path, int | None]:
    """A new hidden folder beside the target, locked and marked as meridian's from the start."""
    folder = Path(tempfile.mkdtemp(dir=parent, prefix=f".{name}.", suffix=suffix))
    lock = _lock(folder)
    write_atomic(folder / MARKER, _marker_bytes(made_by, state=state))
    return folder, lock


def _remove(folder: Path) -> None:
    """Remove a folder of meridian's own, its marker last, so that what an interruption leaves
    is still known to be meridian's."""
    if not os.path.lexists(folder):
        return
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name == MARKER:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                Path(entry.path).unlink(missing_ok=True)
    with os.scandir(folder) as entries:
        if any(entry.name != MARKER for entry in entries):
            return  # something could not be removed: the marker stays, and the next run tries again
    (folder / MARKER).unlink(missing_ok=True)
    os.rmdir(folder)


def clean_stale(target: str | os.PathLike[str]) -> list[Path]:
    """Remove what interrupted builds of ``target`` left beside it (a ``kill -9``); return it.

    Only hidden folders named after the target (``.site.k3j2x9aa.new``, ``.site.p0q1r2s3.old``)
    that hold meridian's marker, or nothing, and that no running build holds, are removed. When
    the build was stopped between moving the old folder away and moving the new one in, the old
    folder is put back first.
    """
    try:
        import fcntl  # noqa: F401 - without locks a running build cannot be told from a stale one
    except ImportError:  # pragma: no cover - not POSIX
        return []
    real = Path(os.path.realpath(os.fspath(target)))
    pattern = re.compile(rf"\.{re.escape(real.name)}\.[A-Za-z0-9_]+\.(new|old)")
    try:
        names = sorted(n for n in os.listdir(real.parent) if pattern.fullmatch(n))
    except OSError:
        return []
    removed = []
    for name in names:
        folder = real.parent / name
        if folder.is_symlink() or not folder.is_dir():
            continue
        try:
            lock = _lock(folder)
        except OSError:
            continue
        try:
            if lock is None:
                continue  # a build still running holds it (or it cannot be told apart)
            if _read_marker(folder) is None and not _is_empty(folder):
                continue  # not meridian's: never touched
            previous = folder / "previous"
            if name.endswith(".old") and previous.is_dir() and not os.path.lexists(real):
                os.replace(previous, real)
            _remove(folder)
            removed.append(folder)
        except OSError:
            continue
        finally:
            if lock is not None:
                os.close(lock)
    return removed


def _swap(target: Path, aside: Path, made_by: str) -> None:
    """Move ``aside`` in as ``target``, the old folder (if any) out, then remove the old one."""
    holder = lock = None
    try:
        if os.path.lexists(target):
            holder, lock = _temp(target.parent, target.name, ".old", made_by, "replaced")
            os.replace(target, holder / "previous")
        try:
            os.replace(aside, target)
        except BaseException:
            if holder is not None and not os.path.lexists(target):
                os.replace(holder / "previous", target)  # put the old one back
            raise
        if holder is not None:
            _remove(holder)
    finally:
        if lock is not None:
            os.close(lock)


@contextmanager
def building_folder(
    path: str | os.PathLike[str], made_by: str = "meridian", *, force: bool = False
) -> Iterator[Path]:
    """Build a folder of outputs aside, then swap it in for ``path`` whole.

    Yields the folder to write into. When the block ends normally the new folder replaces the old
    one; when it raises (an error, Ctrl-C, SIGTERM turned into an exception) the old folder is
    left untouched and the half-built one is removed. What a killed build left beside the target
    is cleaned up first (:func:`clean_stale`).

    Only a folder that is new, empty or built by ``made_by`` (its :data:`MARKER` says so) is
    replaced; within it, the files meridian did not write are kept (hard links into the new build,
    so nothing is copied and the originals stay in place until the swap). A build that would
    write over such a file is refused. ``force`` replaces any folder whole, with all it holds.

    Raises
    ------
    UsageError
        With one sentence, when ``path`` is empty or a file, its parent folder is missing, the
        folder is not meridian's (and ``force`` is not given), or the folder cannot be written.
    """
    raw = os.fspath(path)
    if not raw.strip():
        raise UsageError("cannot build a folder at an empty path")
    target = Path(os.path.realpath(raw))  # a link to a folder: build where it points
    if not target.name:
        raise UsageError(f"cannot build {raw!r}: it is the root folder")
    if target.exists() and not target.is_dir():
        raise UsageError(f"cannot build {raw!r}: it is a file, not a folder")
    if not target.parent.is_dir():
        raise UsageError(f"cannot build {raw!r}: the folder {str(Path(raw).parent)!r} does not exist")
    clean_stale(target)
    keep = _claim(target, raw, made_by, force)
    try:
        aside, lock = _temp(target.parent, target.name, ".new", made_by, "building")
    except OSError as exc:
        raise UsageError(f"cannot build {raw!r}: {exc.strerror or exc}") from None
    try:
        os.chmod(aside, 0o777 & ~_umask())
        yield aside
        write_atomic(aside / MARKER, _marker_bytes(made_by, files=_files_in(aside)))
        for rel in keep:  # every path is checked before anything is kept
            _check_free(target / rel, aside / rel, rel, raw)
        for rel in keep:
            _keep(target / rel, aside / rel)
        _swap(target, aside, made_by)
    except OSError as exc:
        _remove(aside)
        raise UsageError(f"cannot build {raw!r}: {exc.strerror or exc}") from None
    except BaseException:
        _remove(aside)
        raise
    finally:
        if lock is not None:
            os.close(lock)
