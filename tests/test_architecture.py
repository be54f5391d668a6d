"""The shape of the code: layers import one way, no private name crosses a package, no cycle.

Read from the source with ast (imports inside functions count; those under ``if TYPE_CHECKING:``
do not, as they never run). import-linter holds the same layers (pyproject.toml, run by
``dev.py test``); this file also checks private names, cycles and the old import paths.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from meridian.moved import MOVED

SRC = Path(__file__).resolve().parent.parent / "src" / "meridian"

#: Top to bottom; a unit (a package, or a flat module) imports only units on lower lines, or
#: itself. Units on one line are siblings and do not import each other.
LAYERS = [
    ["meridian", "__main__"],  # the façade
    ["cli"],  # the command line (one cli/ package to come)
    ["cli_figures"],
    ["cli_common", "answers"],
    ["site"],  # static folders (site/ to take in the gallery, diagrams and pool)
    ["gallery"],
    ["diagrams", "pool"],
    ["notebook"],  # the handle a notebook gets (to merge with draw's Drawing)
    ["draw"],  # rendering: the only place matplotlib is imported
    ["figures"],  # layouts
    ["clinic", "export"],
    ["query"],
    ["graph"],
    ["atlas"],
    ["model", "names", "writer"],  # leaves, on leaves below
    ["errors", "levels", "version", "moved", "lazy"],
]
#: Imports that go up a layer today, each with why; shrink-only (a fixed one must leave the list).
UPWARD = {
    # checking data/symptoms.yaml needs the screen's own tokeniser, so the terms are read as the
    # screen reads them; the check runs from atlas.checks, lazily
    ("atlas", "clinic"),
    ("draw", "notebook"),  # draw.common makes notebook's ChartAxes: one handle type to come
}
#: Import cycles left (each a set of modules); shrink-only.
CYCLES = [
    {"meridian.atlas.fastschema", "meridian.atlas.schema"},  # to merge: atlas/schema.py
    {  # draw/ and notebook: to become render/ with one handle and one SVG writer
        *("meridian.draw", "meridian.draw.back", "meridian.draw.back_legend", "meridian.draw.back_svg"),
        *("meridian.draw.body", "meridian.draw.common", "meridian.draw.drawing", "meridian.draw.index"),
        *("meridian.draw.output", "meridian.draw.page", "meridian.draw.svg", "meridian.notebook"),
    },
]


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "meridian"


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        parts = ["meridian", *path.relative_to(SRC).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _runtime_nodes(tree: ast.AST):
    """Every node, except what sits under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and getattr(child.test, "id", None) == "TYPE_CHECKING":
                stack.extend(child.orelse)
                continue
            stack.append(child)


def _imports() -> list[tuple[str, str, str]]:
    """(importer, imported module, name) for each name imported from meridian at run time."""
    found = []
    for module, path in MODULES.items():
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                target = ".".join([*base, *([node.module] if node.module else [])])
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    if sub in MODULES:
                        found.append((module, sub, ""))
                    elif target.startswith("meridian"):
                        found.append((module, target, alias.name))
            elif isinstance(node, ast.Import):
                found += [(module, a.name, "") for a in node.names if a.name.startswith("meridian")]
    return [(a, b, n) for a, b, n in found if a != b]


IMPORTS = _imports()
RANK = {unit: rank for rank, line in enumerate(LAYERS) for unit in line}


def test_every_unit_has_a_layer():
    assert sorted({_unit(m) for m in MODULES} - set(RANK)) == []


def test_layers_import_downwards_only():
    upward = set()
    for importer, imported, _ in IMPORTS:
        a, b = _unit(importer), _unit(imported)
        if a != b and RANK[a] >= RANK[b]:
            upward.add((a, b))
            assert (a, b) in UPWARD, f"{importer} imports {imported}: {a} may only import layers below it"
    assert upward >= UPWARD, f"no longer needed, remove from UPWARD: {sorted(UPWARD - upward)}"


def test_no_private_name_crosses_a_package():
    crossing = [
        (importer, imported, name)
        for importer, imported, name in IMPORTS
        if name.startswith("_") and not name.startswith("__") and _unit(importer) != _unit(imported)
    ]
    assert crossing == []


def _cycles() -> list[set[str]]:
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for importer, imported, _ in IMPORTS:
        if imported in MODULES:
            edges[importer].add(imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(component)

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return cycles


def test_no_import_cycles_beyond_the_known_ones():
    found = _cycles()
    assert [c for c in found if c not in CYCLES] == []
    assert [c for c in CYCLES if c not in found] == [], "a known cycle is gone: remove it from CYCLES"


@pytest.mark.parametrize("old", sorted(MOVED))
def test_old_import_paths_give_the_moved_module(old):
    assert importlib.import_module(old) is importlib.import_module(MOVED[old])


def test_the_lookup_function_is_not_shadowed_by_its_old_module_path():
    import meridian
    import meridian.lookup

    assert callable(meridian.lookup) and meridian.lookup.__name__ == "lookup"
