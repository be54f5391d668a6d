"""Names of a package that load on first use (PEP 562), so a fast path can cross the package.

>>> import sys, types
>>> pkg = types.ModuleType("demo")
>>> sys.modules["demo"] = pkg
>>> pkg.__getattr__, pkg.__dir__ = lazy_names("demo", vars(pkg), {"dumps": "json"}, absolute=True)
>>> pkg.dumps([1])
'[1]'
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, MutableMapping
    from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str, namespace: MutableMapping[str, Any], table: dict[str, str], absolute: bool = False
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` for the names in ``table`` (name -> module).

    A name is imported from its module the first time it is asked for, then kept in the
    package's namespace, so the second time costs nothing.
    """

    def __getattr__(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(module if absolute else f".{module}", package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(table))

    return __getattr__, __dir__
