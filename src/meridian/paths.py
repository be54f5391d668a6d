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
from pathlib import Path

from .errors import DataError

__all__ = ["DATA_FILES", "MAX_FILE_BYTES", "default_data_dir", "shipped_data_dir"]

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
)


#: The largest data file read, in bytes: a hundred times the atlas, far below what hurts.
MAX_FILE_BYTES = 64 * 1024 * 1024


def shipped_data_dir() -> Path:
    """The data that ships with meridian: inside an installed wheel (``meridian/data``), else the
    ``data/`` folder of the source tree, which is where an editable install finds it."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent.parent / "data"):
        if (candidate / "points.yaml").is_file():
            return candidate
    raise DataError([f"{here / 'data'}:0: (folder): (files): expected meridian's data (got none)"])


def default_data_dir() -> Path:
    """The data folder used when none is given: ``MERIDIAN_DATA`` when set, else the shipped data."""
    env = os.environ.get("MERIDIAN_DATA")
    return Path(env) if env else shipped_data_dir()
