"""The distribution: its own name on PyPI, a version, a citation, two licences, schemas for editors."""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import types
from pathlib import Path

import pytest
import yaml

import meridian
from meridian.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_version_everywhere_agrees(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"meridian {meridian.__version__}\n"
    assert importlib.metadata.version("meridian-acupuncture") == meridian.__version__
    assert (
        yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"] == meridian.__version__
    )


def test_citation_and_licences():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["license"] == ["MIT", "CC-BY-4.0"] and cff["authors"]
    assert "CC BY 4.0" in (ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Not to be confused with" in readme and "pip install meridian-acupuncture" in readme


def test_export_is_a_module_and_export_graph_a_function():
    module = importlib.import_module("meridian.export")
    assert isinstance(module, types.ModuleType) and meridian.export is module
    assert meridian.export_graph is module.export_graph and "export_graph" in meridian.__all__


def test_schema_write_gives_the_shipped_schemas(tmp_path, capsys):
    assert main(["schema", "--write", str(tmp_path / "schema")]) == 0
    written = sorted((tmp_path / "schema").iterdir())
    shipped = sorted((ROOT / "data" / "schema").glob("*.schema.json"))
    assert [p.name for p in written] == [p.name for p in shipped] and len(shipped) >= 10
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(written, shipped, strict=True))
    assert capsys.readouterr().out.splitlines() == [str(p) for p in written]
    assert json.loads(written[0].read_text(encoding="utf-8"))["$schema"].startswith(
        "https://json-schema.org/"
    )
    (tmp_path / "file").write_text("x")
    assert main(["schema", "--write", str(tmp_path / "file")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
