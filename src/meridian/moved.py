"""The import paths of modules that moved into the layer packages, kept working for one release.

``import meridian.io`` gives the very module ``meridian.atlas.loader`` (the same object, so a
name patched through one path is patched through the other); nothing is imported until an old
path is. The table is the whole list; ``tests/test_architecture.py`` imports every entry.

>>> import meridian.io, meridian.atlas.loader
>>> meridian.io is meridian.atlas.loader
True
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType

__all__ = ["MOVED", "MovedFinder", "alias", "install"]

#: Old module path -> where the module lives now.
MOVED: dict[str, str] = {
    "meridian.atlas_checks": "meridian.atlas.standard",
    "meridian.backindex": "meridian.clinic.backindex",
    "meridian.body": "meridian.query.location",
    "meridian.cache": "meridian.atlas.cache",
    "meridian.catalog": "meridian.query.catalog",
    "meridian.checks": "meridian.atlas.checks",
    "meridian.context": "meridian.clinic.context",
    "meridian.fastschema": "meridian.atlas.fastschema",
    "meridian.fhir": "meridian.export.fhir",
    "meridian.files": "meridian.atlas.files",
    "meridian.filters": "meridian.query.filters",
    "meridian.graphcore": "meridian.graph.core",
    "meridian.graphml": "meridian.export.graphml",
    "meridian.io": "meridian.atlas.loader",
    "meridian.lookup": "meridian.query.lookup",
    "meridian.paths": "meridian.atlas.paths",
    "meridian.rdf": "meridian.export.rdf",
    "meridian.reading": "meridian.atlas.read",
    "meridian.reasoning": "meridian.clinic.reasoning",
    "meridian.records": "meridian.atlas.records",
    "meridian.reparse": "meridian.atlas.reparse",
    "meridian.report": "meridian.clinic.report",
    "meridian.schemaguard": "meridian.atlas.schemaguard",
    "meridian.schemas": "meridian.atlas.schema",
    "meridian.screen": "meridian.clinic.screen",
    "meridian.screen_checks": "meridian.clinic.screen_checks",
    "meridian.spine": "meridian.levels",
    "meridian.spots": "meridian.clinic.spots",
    "meridian.symptoms": "meridian.clinic.symptoms",
    "meridian.tables": "meridian.export.tables",
    "meridian.xrefs": "meridian.export.xrefs",
}


class MovedLoader:
    """Loads an old path as the module at its new one."""

    def __init__(self, new: str) -> None:
        self.new = new
        self.spec: ModuleSpec | None = None

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        from importlib import import_module

        module = import_module(self.new)
        self.spec = module.__spec__  # the import system sets the old path's spec; put it back
        return module

    def exec_module(self, module: ModuleType) -> None:
        module.__spec__ = self.spec


class MovedFinder:
    """A finder, last on ``sys.meta_path``, for the old paths in :data:`MOVED` only."""

    @staticmethod
    def find_spec(
        name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        new = MOVED.get(name)
        if new is None:
            return None
        from importlib.machinery import ModuleSpec

        return ModuleSpec(name, MovedLoader(new))  # type: ignore[arg-type]


def install() -> None:
    """Put :class:`MovedFinder` on ``sys.meta_path`` (once), after the finders of real files."""
    if MovedFinder not in sys.meta_path:
        sys.meta_path.append(MovedFinder)


def alias(old: str) -> None:
    """Make ``old`` name its module now, when that module is already imported."""
    sys.modules.setdefault(old, sys.modules[MOVED[old]])
