"""The cache of checked data: what was checked clean once is not checked again.

An entry is keyed by a fingerprint of everything a load depends on (the data files, their schemas
and meridian's version), so an edited file is always a new key. An entry holds a hash of its own
content and is used only when that hash and its shape check out; anything else is treated as a
miss, and rebuilt. The folder follows the XDG base directory rules: ``MERIDIAN_CACHE_DIR``, else
``$XDG_CACHE_HOME/meridian``, else ``~/.cache/meridian``; relative paths are ignored, and no folder
is created where the home folder does not exist. ``MERIDIAN_NO_CACHE=1`` (or true, yes, on)
turns the cache off.

Examples
--------
>>> import os, tempfile
>>> before = os.environ.get("MERIDIAN_CACHE_DIR")
>>> os.environ["MERIDIAN_CACHE_DIR"] = tempfile.mkdtemp()
>>> put("k", {"a": [{"x": 1}]})
>>> get("k", shape=("a",))
{'a': [{'x': 1}]}
>>> get("k", shape=("a", "b")) is None  # the wrong shape is a miss
True
>>> os.environ["MERIDIAN_CACHE_DIR"] = before or os.environ.pop("MERIDIAN_CACHE_DIR")
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import UsageError
from .paths import DATA_FILES, MAX_FILE_BYTES, shipped_data_dir
from .writer import write_atomic

__all__ = ["cache_dir", "fingerprint", "get", "get_index", "put", "put_index"]

#: How many entries to keep (one per data folder in use, typically).
KEEP = 8
_ON = ("", "0", "false", "no", "off")


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off or no usable place exists."""
    if os.environ.get("MERIDIAN_NO_CACHE", "").strip().lower() not in _ON:
        return None
    for name in ("MERIDIAN_CACHE_DIR", "XDG_CACHE_HOME"):
        value = os.environ.get(name, "")
        if value and os.path.isabs(value):
            return Path(value) if name == "MERIDIAN_CACHE_DIR" else Path(value) / "meridian"
    home = Path(os.path.expanduser("~"))
    if not home.is_absolute() or not home.is_dir():
        return None
    return home / ".cache" / "meridian"


def _digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def _read(key: str, shape: Sequence[str]) -> dict[str, Any] | None:
    """An intact entry (its hash checks out) that is a mapping with exactly the names in ``shape``."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        raw = (folder / f"{key}.json").read_bytes()
    except OSError:
        return None
    stored, _, payload = raw.partition(b"\n")
    if stored.decode("ascii", "replace") != _digest(payload):
        return None
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(data, dict) or set(data) != set(shape):
        return None
    return data


def get(key: str, shape: Sequence[str]) -> dict[str, Any] | None:
    """The entry stored under ``key`` when it is intact and holds a list of records per name in
    ``shape``; None otherwise (a miss)."""
    data = _read(key, shape)
    if data is None or not all(
        isinstance(v, list) and all(isinstance(r, dict) for r in v) for v in data.values()
    ):
        return None
    return data


def get_index(key: str, shape: Sequence[str]) -> dict[str, Any] | None:
    """An index stored beside the data (a mapping per name in ``shape``), or None (a miss)."""
    data = _read(key, shape)
    if data is None or not all(isinstance(v, dict) for v in data.values()):
        return None
    return data


def put_index(key: str, data: dict[str, Any]) -> None:
    """Store an index beside the data; it shares the data's fingerprint in its key."""
    put(key, data)


def put(key: str, data: dict[str, Any]) -> None:
    """Store an entry; a cache that cannot be written is simply not used."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        payload = json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / f"{key}.json", _digest(payload).encode("ascii") + b"\n" + payload)
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in entries[KEEP:]:
            stale.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError, UsageError):
        return


def fingerprint(folder: Path) -> str | None:
    """A hash of everything a load depends on (data files, shipped and local schemas, meridian's
    version), or None when a file cannot be read as it is.

    Only regular files of a sane size are read (checked first: a pipe would block the read);
    anything else is left to the checks, which say what is wrong.
    """
    from . import __version__

    digest = hashlib.sha256(__version__.encode())
    shipped = shipped_data_dir() / "schema"
    try:
        for stem in DATA_FILES:
            paths = [folder / f"{stem}.yaml", shipped / f"{stem}.schema.json"]
            local = folder / "schema" / f"{stem}.schema.json"
            if local.exists():
                paths.append(local)
            for path in paths:
                info = os.stat(path)
                if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                    return None
                digest.update(path.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()
