"""Shared fixtures: a private cache folder, and editable copies of the shipped data."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import meridian

SHIPPED = meridian.default_data_dir()


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's cache."""
    mp = pytest.MonkeyPatch()
    mp.setenv("MERIDIAN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def G():
    return meridian.build_graph()


@pytest.fixture(scope="session")
def atlas() -> meridian.Atlas:
    return meridian.load()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data folder."""
    target = tmp_path / "data"
    shutil.copytree(SHIPPED, target)
    return target


@pytest.fixture
def edit(data_copy: Path) -> Callable[[str, str, str], Path]:
    """edit(file, old, new): replace the first ``old`` by ``new`` in a copied data file."""

    def _edit(name: str, old: str, new: str) -> Path:
        path = data_copy / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return data_copy

    return _edit


@pytest.fixture(scope="session")
def built_site(G, tmp_path_factory):
    """The whole website, built once on two workers: (folder, files written)."""
    from meridian.site import build_site

    out = tmp_path_factory.mktemp("site") / "site"
    return out, build_site(G, out, workers=2)
