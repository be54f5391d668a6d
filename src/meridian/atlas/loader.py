"""Reading the data folder: YAML files in, checked records out.

Three steps, kept apart: :mod:`meridian.reading` parses each file with a safe YAML loader, keeping
the node tree so a problem can be traced to its line; :func:`validate` checks every record against
the JSON Schemas that ship with meridian (:mod:`meridian.schemas`) and then the records against each
other (:mod:`meridian.checks`), collecting *every* problem; :func:`load` turns a clean folder into
an :class:`~meridian.model.Atlas` (:mod:`meridian.records`), remembering checked data in
:mod:`meridian.cache`.

Examples
--------
>>> atlas = load()
>>> [c.code for c in atlas.channels][:3]
['LU', 'LI', 'ST']
>>> validate()
[]
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..errors import DataError, UsageError
from ..names import normalize_name
from ..writer import write_atomic
from . import cache as _cache
from .paths import DATA_FILES, default_data_dir
from .read import File, Problem, decode, parse_text, read_text
from .schema import schema_problems

TYPE_CHECKING = False
if TYPE_CHECKING:  # the records are imported by load(): validate() needs none
    from ..model import Atlas

__all__ = [
    "DATA_FILES",
    "Problem",
    "default_data_dir",
    "load",
    "load_with_key",
    "normalize_name",
    "validate",
    "write_atomic",
]

# -- public -------------------------------------------------------------------------------------


def _read_all(
    data_dir: Path, reuse: bool, raws: Mapping[str, bytes] | None = None
) -> tuple[dict[str, File], list[Problem], bool]:
    """The parsed files of a folder, every problem reading them, and whether any file was read
    from the records remembered from the last read (:mod:`meridian.reparse`), which carry no
    line numbers. ``raws`` holds the bytes to parse (as the load's key was computed from them,
    :func:`meridian.cache.snapshot`); without it each file is read now."""
    files: dict[str, File] = {}
    problems: list[Problem] = []
    memo = None
    if reuse and _cache.cache_dir() is not None:
        from .reparse import Memo

        memo = Memo.load()
    remembered = False
    for stem in DATA_FILES:
        path = data_dir / f"{stem}.yaml"
        if raws is not None:
            text, found = decode(path.name, raws[path.name])
        else:
            text, found = read_text(path)
        parsed = None
        if text is not None:
            data = memo.read(stem, text) if memo is not None else None
            if data is not None:
                files[stem], remembered = File(path.name, data, None), True
                continue
            parsed, found = parse_text(path.name, text)
            if memo is not None and parsed is not None and not found:
                memo.learn(stem, text, parsed.data)
        problems += found
        if parsed is not None:
            files[stem] = parsed
    if memo is not None:
        memo.save()
    return files, problems, remembered


def _collect(
    folder: Path, reuse: bool = False, raws: Mapping[str, bytes] | None = None
) -> tuple[dict[str, File], list[Problem]]:
    """Read and check a folder: the parsed files and every problem, the files that cannot be
    read or parsed first, then in file and line order.

    The checks across records need every file: when one cannot be read, they are not run (what
    they would say follows from the missing file, and would hide it) and one line says so.
    ``reuse`` takes records unchanged since the last read as they were parsed then; a folder
    with any problem is then read again whole, so that every problem has its line.
    """
    files, problems, remembered = _read_all(folder, reuse, raws)
    for f in files.values():
        problems += schema_problems(f, folder, raws)
    unread = [f"{stem}.yaml" for stem in DATA_FILES if stem not in files]
    if unread:
        problems.append(
            Problem(
                unread[0],
                0,
                "(file)",
                "(checks)",
                "not checked: references, numbering and totals across the files, which need every file"
                f" ({', '.join(unread)} could not be read)",
            )
        )
    else:
        from .checks import check_records  # imported here: checks builds on this module's readers

        problems += check_records(files)
    if problems and remembered:
        return _collect(folder, raws=raws)
    order = {f"{stem}.yaml": k for k, stem in enumerate(DATA_FILES)}

    def rank(p: Problem) -> tuple[int, int, int, str, str, str]:
        first = 0 if p.file in unread and p.field != "(checks)" else 1 if p.field == "(checks)" else 2
        return (first, order.get(p.file, 99), p.line, p.record, p.field, p.message)

    return files, sorted(set(problems), key=rank)


def validate(data_dir: str | os.PathLike[str] | None = None) -> list[Problem]:
    """Every problem in a data folder, in file and line order; an empty list when it is clean.

    Every record is checked each time; with the cache on, only the records whose text changed
    since the last read are parsed again (:mod:`meridian.reparse`).

    Parameters
    ----------
    data_dir
        The folder holding ``points.yaml`` and the other files; :func:`default_data_dir` if None.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = shutil.copytree(default_data_dir(), folder, dirs_exist_ok=True)
    >>> text = (folder / "points.yaml").read_text(encoding="utf-8")
    >>> _ = (folder / "points.yaml").write_text(text.replace("level: T3", "level: T13", 1), encoding="utf-8")
    >>> for problem in validate(folder):
    ...     print(problem.file, problem.record, problem.field)
    ...     print(problem.message)
    points.yaml BL13 location.level
    expected a vertebral level C1-C7, T1-T12, L1-L5 or S1-S4, or null (got "T13")
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    with _collector_paused():
        return _collect(folder, reuse=True)[1]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading and checking make many small objects and no reference cycles; left on, the cyclic
    collector would scan them over and over, which costs more than the work itself and grows
    faster than the data. It is switched back on at the end."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


_MEMO: dict[str, tuple[str, Atlas]] = {}  # folder -> (fingerprint, atlas): the latest only


def load(data_dir: str | os.PathLike[str] | None = None, *, cache: bool = True) -> Atlas:
    """Read, check and return the records of a data folder.

    Checking takes most of the time, so data that was checked clean once is remembered, keyed by a
    hash of the files, the schemas and meridian's version (in ``~/.cache/meridian``, or
    ``MERIDIAN_CACHE_DIR``; ``MERIDIAN_NO_CACHE=1`` turns it off). Any change to a file is a new
    key, so an edited file is always checked again (and of it, only the records whose text
    changed are parsed again: :mod:`meridian.reparse`).

    Parameters
    ----------
    data_dir
        The folder holding ``points.yaml`` and the other files; :func:`default_data_dir` if None.
    cache
        False reads and checks the files whatever the cache holds.

    Raises
    ------
    DataError
        When anything is wrong; its ``problems`` list every problem, not only the first.

    Examples
    --------
    >>> atlas = load()
    >>> bl13 = next(p for p in atlas.points if p.code == "BL13")
    >>> bl13.pinyin, bl13.location.level, bl13.location.lateral_cun
    ('Feishu', 'T3', 1.5)
    >>> load() is atlas  # the same files give the same (shared, frozen) records
    True
    """
    return load_with_key(data_dir, cache=cache)[0]


def load_with_key(
    data_dir: str | os.PathLike[str] | None = None, *, cache: bool = True
) -> tuple[Atlas, str | None]:
    """:func:`load`, and the key the checked data is kept under in the cache (None: not kept).

    The key is computed from the bytes that are then parsed and checked
    (:func:`meridian.cache.snapshot`), never from the files read again: a file edited while a
    load runs cannot have its new text stored under its old text's key. What is built from the
    atlas and cached beside it (the catalog of answers) takes this key.

    Examples
    --------
    >>> atlas, key = load_with_key()
    >>> atlas is load(), len(key)
    (True, 64)
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    if not folder.is_dir():
        raise UsageError(f"no data folder at {folder}")
    key, raws = _cache.snapshot(folder) if cache else (None, {})
    remembered = _MEMO.get(str(folder))
    if key is not None and remembered is not None and remembered[0] == key:
        return remembered[1], key
    from .records import build_atlas

    with _collector_paused():
        data = _cache.get(key, DATA_FILES) if key is not None else None
        if data is None:
            files, problems = _collect(folder, reuse=key is not None, raws=raws if key is not None else None)
            del raws  # the bytes are parsed: a large folder's text is not kept while records are built
            if problems:
                raise DataError(list(problems))
            data = {stem: f.data for stem, f in files.items()}
            del files  # the YAML node trees, kept for line numbers, are no longer needed
            if key is not None:
                _cache.put(key, data)
        atlas = build_atlas(data, folder)
    if key is not None:
        _MEMO[str(folder)] = (key, atlas)
    return atlas, key
