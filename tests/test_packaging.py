"""Both install modes find the data: an editable install reads data/ from the source tree, a wheel
carries its own copy as meridian/data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import meridian

ROOT = Path(__file__).resolve().parent.parent


def test_editable_install_reads_the_source_tree(monkeypatch):
    monkeypatch.delenv("MERIDIAN_DATA", raising=False)
    assert Path(meridian.__file__).resolve().parent == ROOT / "src" / "meridian"
    assert meridian.default_data_dir() == ROOT / "data"


@pytest.mark.slow
def test_wheel_carries_the_data_and_finds_it(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("meridian_acupuncture-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "meridian/data/points.yaml",
        "meridian/data/schema/points.schema.json",
        "meridian/py.typed",
        "meridian/site/assets/site.css",  # the website's stylesheet, script and icon
        "meridian/site/assets/site.js",
        "meridian/site/assets/icon.svg",
    } <= names
    assert {n.rsplit("/", 1)[-1] for n in names if "/licenses/" in n} == {"LICENSE", "LICENSE-DATA"}

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {k: v for k, v in os.environ.items() if k != "MERIDIAN_DATA"}
    env.update(PYTHONPATH=str(target), MERIDIAN_CACHE_DIR=str(tmp_path / "cache"))
    code = "import meridian, json; print(json.dumps([meridian.__file__, str(meridian.default_data_dir())]))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    module, data = json.loads(out.stdout)
    assert Path(module).is_relative_to(target) and Path(data) == target / "meridian" / "data"
    out = subprocess.run(
        [sys.executable, "-m", "meridian", "channel", "GV", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(json.loads(out.stdout)["points"]) == 28
