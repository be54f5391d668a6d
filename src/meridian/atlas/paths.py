"""Where meridian's data lives, and which files a data folder holds: cheap to import.

Examples
--------
>>> DATA_FILES[:3]
('sources', 'organs', 'channels')
>>> (shipped_data_dir() / "points.yaml").is_file()
True
"""

from __future__ import annotations

import os

from ..errors import DataError

__all__ = ["DATA_FILES", "MAX_FILE_BYTES", "data_folder", "default_data_dir", "shipped_data_dir"]

TYPE_CHECKING = False
if TYPE_CHECKING:  # pathlib is imported where a Path is made: a lookup reads its files without one
    from pathlib import Path

#: The files of a data folder, in the order they are read (each has a schema in ``schema/``).
DATA_FILES: tuple[str, ...] = (
    "sources",
    "organs",
    "channels",
    "frames",
    "vessels",
    "points",
    "findings",
    "relations",
    "red_flags",
    "techniques",
    "symptom_words",
    "contraindications",
)


#: The largest data file (or schema) read, in bytes: 11 times the shipped points.yaml (445 KiB),
#: 10 times all the shipped data. Checking grows linearly with the bytes, about 0.55 s and 45 MiB
#: a MiB on the 2-core machine of ``benchmarks/bench_size.py``: a first command on a file at the
#: limit takes under 3 s and 250 MiB (the next ones 0.07 s); at 64 MiB, the limit before, it
#: would take half a minute to a minute and gigabytes.
MAX_FILE_BYTES = 5 * 1024 * 1024


def shipped_data_dir() -> Path:
    """The data that ships with meridian: inside an installed wheel (``meridian/data``), else the
    ``data/`` folder of the source tree, which is where an editable install finds it."""
    from pathlib import Path

    return Path(_shipped())


def _shipped() -> str:
    here = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # the meridian package
    for candidate in (
        os.path.join(here, "data"),
        os.path.join(os.path.dirname(os.path.dirname(here)), "data"),
    ):
        if os.path.isfile(os.path.join(candidate, "points.yaml")):
            return candidate
    raise DataError(
        [f"{os.path.join(here, 'data')}:0: (folder): (files): expected meridian's data (got none)"]
    )


def default_data_dir() -> Path:
    """The data folder used when none is given: ``MERIDIAN_DATA`` when set, else the shipped data."""
    from pathlib import Path

    return Path(data_folder())


def data_folder(data_dir: str | os.PathLike[str] | None = None) -> str:
    """``data_dir`` as a string, or :func:`default_data_dir` when it is None: for what reads a few
    files and must start fast (no pathlib).

    >>> data_folder("my-data"), data_folder() == str(default_data_dir())
    ('my-data', True)
    """
    if data_dir is not None:
        return os.fspath(data_dir)
    return os.environ.get("MERIDIAN_DATA") or _shipped()
