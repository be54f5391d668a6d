"""The cache of checked data: what was checked clean once is not checked again.

An entry is keyed by a fingerprint of everything a load depends on (the data files, their
schemas, meridian's version and its code), so an edited file is always a new key. An entry holds
a hash of its own content and is used only when that hash and its shape check out; anything else
is treated as a miss, and rebuilt. The folder follows the XDG base directory rules:
``MERIDIAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/meridian``, else ``~/.cache/meridian``; relative
paths are ignored, and no folder is created where the home folder does not exist.
``MERIDIAN_NO_CACHE=1`` (or true, yes, on) turns the cache off.

An entry is plain data (:func:`put`, :func:`get`), or a set of parts each decoded when first
read (:func:`put_parts`, :func:`get_parts`): a lookup reads the parts of the catalog it needs
and leaves the rest as bytes. Entries are in Python's marshal format, which writes and reads
several times faster than JSON; the fingerprint names the Python, as marshal's format is its
own. Like Python's own ``__pycache__``, the folder is trusted to hold what meridian wrote there:
the hash finds damage, not tampering.

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
>>> put_parts("p", {"one": [1], "many": {"x": {"n": 2}, "y": {"n": 3}}}, split=("many",))
>>> parts = get_parts("p", ("one", "many"))
>>> parts["one"], parts["many"]["y"], "z" in parts["many"]
([1], {'n': 3}, False)
>>> os.environ["MERIDIAN_CACHE_DIR"] = before or os.environ.pop("MERIDIAN_CACHE_DIR")
"""

from __future__ import annotations

import functools
import marshal
import os
import stat
import sys
from collections.abc import Mapping
from types import CodeType

from ..errors import UsageError
from .paths import DATA_FILES, _shipped

try:  # hashlib's own BLAKE2, without loading OpenSSL as hashlib does (3.7 MB and 3 ms a lookup)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing at run time: a lookup reads the cache and should start fast
    from collections.abc import Iterator, Sequence
    from pathlib import Path
    from typing import Any

__all__ = [
    "Parts",
    "cache_dir",
    "code_stamp",
    "digest",
    "fingerprint",
    "get",
    "get_code",
    "get_memo",
    "get_parts",
    "put",
    "put_code",
    "put_memo",
    "put_parts",
    "snapshot",
]

#: How many entries of each kind to keep: data entries (a data folder in use has two, its checked
#: data and its catalog), compiled code (the schemas' checks, which change only with them) and
#: memos (the records parsed last, :mod:`meridian.reparse`).
KEEP = {".data": 16, ".code": 4, ".memo": 2}
_ON = ("", "0", "false", "no", "off")
#: The largest entry read: far above what data files of :data:`~meridian.paths.MAX_FILE_BYTES`
#: make (a catalog is about twice its points.yaml); a larger file is a miss, not a read.
MAX_ENTRY_BYTES = 64 * 1024 * 1024


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off or no usable place exists."""
    from pathlib import Path

    folder = _folder()
    return None if folder is None else Path(folder)


def _folder() -> str | None:
    if os.environ.get("MERIDIAN_NO_CACHE", "").strip().lower() not in _ON:
        return None
    for name in ("MERIDIAN_CACHE_DIR", "XDG_CACHE_HOME"):
        value = os.environ.get(name, "")
        if value and os.path.isabs(value):
            return value if name == "MERIDIAN_CACHE_DIR" else os.path.join(value, "meridian")
    home = os.path.expanduser("~")
    if not os.path.isabs(home) or not os.path.isdir(home):
        return None
    return os.path.join(home, ".cache", "meridian")


def digest(payload: bytes | memoryview) -> str:
    """The hash an entry carries of its content (hex)."""
    return blake2b(payload, digest_size=32).hexdigest()


#: Every entry's file name starts with this, so that a folder shared with other programs
#: (``MERIDIAN_CACHE_DIR=/tmp``) is never pruned of anything but meridian's own entries.
PREFIX = "meridian-"


def _payload(key: str, suffix: str = ".data") -> tuple[bytes, int] | None:
    """The bytes of an intact entry (its hash checks out) and where its content starts."""
    folder = _folder()
    if folder is None:
        return None
    try:
        with open(os.path.join(folder, PREFIX + key + suffix), "rb") as fh:
            raw = fh.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    end = raw.find(b"\n")
    if end < 0 or raw[:end].decode("ascii", "replace") != digest(memoryview(raw)[end + 1 :]):
        return None
    return raw, end + 1


def _load(payload: bytes | memoryview) -> Any:
    """A value stored by this module, or None for bytes that are no such value."""
    try:
        return marshal.loads(payload)
    except (EOFError, TypeError, ValueError):
        return None


def get(key: str, shape: Sequence[str]) -> dict[str, Any] | None:
    """The entry stored under ``key`` when it is intact and holds a list of records per name in
    ``shape``; None otherwise (a miss)."""
    found = _payload(key)
    data = None if found is None else _load(memoryview(found[0])[found[1] :])
    if (
        not isinstance(data, dict)
        or set(data) != set(shape)
        or not all(isinstance(v, list) and all(isinstance(r, dict) for r in v) for v in data.values())
    ):
        return None
    return data


def put(key: str, data: dict[str, Any]) -> None:
    """Store an entry of plain data; a cache that cannot be written is simply not used."""
    try:
        payload = marshal.dumps(data)
    except ValueError:  # not plain data
        return
    _write(key, payload)


def _write(key: str, payload: bytes, suffix: str = ".data") -> None:
    folder = cache_dir()
    if folder is None:
        return
    from ..writer import write_atomic  # imported here: a lookup with a warm cache writes nothing

    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / (PREFIX + key + suffix), digest(payload).encode("ascii") + b"\n" + payload)
        entries = sorted(_own(folder, suffix), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in [*entries[KEEP[suffix] :], *_unprefixed(folder)]:
            stale.unlink(missing_ok=True)
    except (OSError, UsageError):
        return


def _own(folder: Path, suffix: str) -> list[Path]:
    """The entries of one kind in ``folder`` that are meridian's: the name is one this module
    gives (:data:`PREFIX`, a key, the suffix) and the file starts with a hash line, as each does."""
    import re

    name = re.compile(rf"{re.escape(PREFIX)}[A-Za-z0-9_.-]+{re.escape(suffix)}")
    found = []
    for path in folder.glob(f"{PREFIX}*{suffix}"):
        if name.fullmatch(path.name) and _has_hash_line(path):
            found.append(path)
    return found


def _has_hash_line(path: Path, whole: bool = False) -> bool:
    """Whether ``path`` is a regular file that starts as an entry does (64 hex digits, a newline),
    and with ``whole``, whether that hash is the hash of the rest, as in an entry written here."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or (whole and info.st_size > MAX_ENTRY_BYTES):
            return False
        with open(path, "rb") as fh:
            raw = fh.read() if whole else fh.read(65)
    except OSError:
        return False
    head = raw[:64]
    if raw[64:65] != b"\n" or head.strip(b"0123456789abcdef"):
        return False
    return not whole or head.decode("ascii") == digest(memoryview(raw)[65:])


def _unprefixed(folder: Path) -> list[Path]:
    """Entries that earlier versions wrote without the prefix, recognised by their names (a
    64-digit hex key) and by their content, whose hash checks out; nothing else is touched."""
    import re

    name = re.compile(r"(?:schemas-)?[0-9a-f]{64}(?:-catalog)?\.(?:json|data|code)|records\.memo")
    return [p for p in folder.iterdir() if name.fullmatch(p.name) and _has_hash_line(p, whole=True)]


def put_code(key: str, code: dict[str, CodeType]) -> None:
    """Store compiled Python code by name (the schemas' checks); the key must name the Python
    that compiled it (:data:`importlib.util.MAGIC_NUMBER`)."""
    _write(key, marshal.dumps(code), ".code")


def get_code(key: str) -> dict[str, CodeType] | None:
    """Code stored by :func:`put_code`, or None (a miss)."""
    found = _payload(key, ".code")
    code = None if found is None else _load(memoryview(found[0])[found[1] :])
    if not isinstance(code, dict) or not all(isinstance(c, CodeType) for c in code.values()):
        return None
    return code


def put_memo(key: str, memo: dict[str, Any]) -> None:
    """Store a memo of plain data (what was parsed last); one that cannot be written is lost."""
    try:
        payload = marshal.dumps(memo)
    except ValueError:  # not plain data
        return
    _write(key, payload, ".memo")


def get_memo(key: str) -> dict[str, Any] | None:
    """The memo stored by :func:`put_memo`, or None (a miss)."""
    found = _payload(key, ".memo")
    memo = None if found is None else _load(memoryview(found[0])[found[1] :])
    return memo if isinstance(memo, dict) else None


def put_parts(key: str, parts: dict[str, Any], split: Sequence[str] = ()) -> None:
    """Store an entry in parts, each decoded on its own when read (:func:`get_parts`).

    A part named in ``split`` is a mapping whose values are stored one by one, so a reader
    decodes only the values it asks for.
    """
    chunks: list[bytes] = []
    where: dict[str, Any] = {}
    size = 0

    def add(value: Any) -> list[int]:
        nonlocal size
        chunk = marshal.dumps(value)
        chunks.append(chunk)
        size += len(chunk)
        return [size - len(chunk), size]

    try:
        for name, value in parts.items():
            where[name] = {k: add(v) for k, v in value.items()} if name in split else add(value)
    except (AttributeError, ValueError):
        return
    head = marshal.dumps(where)
    _write(key, len(head).to_bytes(8, "big") + head + b"".join(chunks))


def get_parts(key: str, names: Sequence[str]) -> Parts | None:
    """The entry stored in parts under ``key`` (:func:`put_parts`) when it is intact and has
    exactly the parts in ``names``; None otherwise (a miss)."""
    found = _payload(key)
    if found is None:
        return None
    view = memoryview(found[0])[found[1] :]
    size = int.from_bytes(view[:8], "big")
    where = _load(view[8 : 8 + size]) if len(view) >= 8 + size else None
    body = view[8 + size :]
    if (
        not isinstance(where, dict)
        or set(where) != set(names)
        or not all(
            _span(v, len(body)) or (isinstance(v, dict) and all(_span(s, len(body)) for s in v.values()))
            for v in where.values()
        )
    ):
        return None
    return Parts(body, where)


def _span(value: Any, size: int) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(x, int) for x in value)
        and 0 <= value[0] <= value[1] <= size
    )


class Parts(Mapping[str, "Any"]):  # Any is only a name at run time (no typing import)
    """An entry read from the cache in parts: each part is decoded when first asked for, and a
    split part is a mapping that decodes each value when asked for it."""

    def __init__(self, body: memoryview, where: dict[str, Any]) -> None:
        self._body = body
        self._where = where  # name -> [start, end] in body, or a split part's {key: [start, end]}
        self._seen: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._seen:
            span = self._where[name]
            if isinstance(span, dict):
                self._seen[name] = Parts(self._body, span)
            else:
                self._seen[name] = marshal.loads(self._body[span[0] : span[1]])
        return self._seen[name]

    def __contains__(self, name: object) -> bool:
        return name in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


def fingerprint(folder: str | os.PathLike[str]) -> str | None:
    """A hash of everything a load depends on (data files, shipped and local schemas, meridian's
    version and code), or None when a file cannot be read as it is: :func:`snapshot`'s key."""
    return snapshot(folder, keep=False)[0]


def snapshot(folder: str | os.PathLike[str], keep: bool = True) -> tuple[str | None, dict[str, bytes]]:
    """The key of a data folder as it is now, and the bytes that key was computed from.

    Returns (key, raws): ``raws`` maps each data file and local schema read (``points.yaml``,
    ``schema/points.schema.json``) to its bytes (nothing when ``keep`` is False). A load that
    checks and parses those bytes, not the files read again, stores what it found under the key
    of what it read, even when a file changes meanwhile. The key is None when a file cannot be
    read as it is (missing, not a regular file, too large: :func:`meridian.files.read_regular`);
    that is left to the checks, which say what is wrong.

    The code is that of the modules that shape what is cached (:func:`code_stamp`): a changed check
    or a changed answer is a new key even where the version stays the same. The shipped schemas
    and the code are read once per process, like the code itself.
    """
    from ..version import __version__
    from .files import Unreadable, read_regular

    python = f"{sys.implementation.cache_tag} marshal {marshal.version}"
    h = blake2b(f"{__version__} {python}".encode(), digest_size=32)
    shipped = os.path.join(_shipped(), "schema")
    raws: dict[str, bytes] = {}
    try:
        for stem in DATA_FILES:
            names = [f"{stem}.yaml", f"schema/{stem}.schema.json"]
            for name in names:
                path = os.path.join(folder, name)
                if name.startswith("schema/") and not os.path.lexists(path):
                    continue  # no local schema: the shipped one alone
                raw = read_regular(path)
                h.update(f"{name} {len(raw)}\n".encode() + raw)
                if keep:
                    raws[name] = raw
            h.update(read_regular(os.path.join(shipped, f"{stem}.schema.json")))
    except Unreadable:
        return None, {}
    h.update(code_stamp())
    return h.hexdigest(), raws


#: The packages whose code shapes what is cached: reading and checking data, the records, the
#: graph's content, the catalog of answers and the screen's word lists. Every file in them is in
#: the key, with every flat module of meridian (the leaves: errors, model, levels, names, writer),
#: so moving or adding a module needs no list kept by hand.
SHAPING_PACKAGES = ("atlas", "clinic", "graph", "query")


@functools.cache
def code_stamp() -> bytes:
    """A hash of the code that shapes what is cached (:data:`SHAPING_PACKAGES` and the flat
    modules), read once per process."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    h = blake2b(digest_size=32)
    try:
        names = sorted(n for n in os.listdir(root) if n.endswith(".py"))
        for package in SHAPING_PACKAGES:
            for folder, dirs, files in os.walk(os.path.join(root, package)):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                rel = os.path.relpath(folder, root).replace(os.sep, "/")
                names += [f"{rel}/{n}" for n in sorted(files) if n.endswith(".py")]
        for name in names:
            with open(os.path.join(root, name), "rb") as fh:
                h.update(name.encode() + b"\0" + fh.read())
    except OSError:  # e.g. installed without its sources: the version alone says what it is
        pass
    return h.digest()
