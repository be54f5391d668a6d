"""The atlas: the YAML data files in, checked and frozen records out. It knows no networkx.

``read`` parses YAML with line numbers, ``schema`` checks each file against its JSON Schema,
``checks`` and ``standard`` check across records, ``records`` builds the frozen
:class:`meridian.model.Atlas`, ``loader`` ties them together (``load``, ``validate``) and
``cache`` keeps what was read. Names are imported on first use, as in :mod:`meridian`: a lookup
crosses this package without loading yaml or jsonschema.
"""

from __future__ import annotations

from ..lazy import lazy_names

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .loader import Problem, load, load_with_key, validate
    from .paths import DATA_FILES, default_data_dir, shipped_data_dir

_LAZY = {
    "DATA_FILES": "paths", "default_data_dir": "paths", "shipped_data_dir": "paths",
    "Problem": "read", "load": "loader", "load_with_key": "loader", "validate": "loader",
}  # fmt: skip


__getattr__, __dir__ = lazy_names(__name__, globals(), _LAZY)


__all__ = [
    "DATA_FILES",
    "Problem",
    "default_data_dir",
    "load",
    "load_with_key",
    "shipped_data_dir",
    "validate",
]
