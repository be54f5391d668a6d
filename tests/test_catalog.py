"""The catalog a lookup answers from: cached beside the checked data, read back as it was built,
rebuilt whenever the data or the code change or the file is damaged; and the command line's
short way to it reads a command line exactly as argparse does."""

from __future__ import annotations

import contextlib
import io
import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import meridian
from meridian.answers import quick_args
from meridian.atlas import cache
from meridian.cli import get_parser, main
from meridian.graph.core import lookup_graph
from meridian.query.catalog import SHAPE, SPLIT, build_catalog, catalog_of, read_catalog
from meridian.query.lookup import find


def _entries(folder: Path, suffix: str = "-catalog.data") -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.name.endswith(suffix))


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def own_cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MERIDIAN_CACHE_DIR", str(folder))
    return folder


def test_the_cached_catalog_reads_back_as_it_was_built(G, own_cache):
    built = build_catalog(G)
    catalog_of(lookup_graph())  # fills the cache
    read = read_catalog()
    assert read is not None and set(read) == set(SHAPE) == set(built)
    for part in SHAPE:
        if part in SPLIT:
            assert list(read[part]) == list(built[part]), part
            assert {k: read[part][k] for k in read[part]} == built[part], part
        else:
            assert read[part] == built[part], part


def test_every_point_is_found_the_same_in_the_cache_as_in_the_graph(G, own_cache):
    catalog_of(lookup_graph())
    cached = read_catalog()
    for code in [p.code for p in meridian.load().points]:
        assert find(cached, code) == meridian.lookup(G, code)


def test_a_damaged_catalog_is_rebuilt_silently(capsys, own_cache):
    assert _run(capsys, "point", "BL13", "--json")[0] == 0
    good = _run(capsys, "point", "BL13", "--json")[1]
    (entry,) = _entries(own_cache)
    raw = entry.read_bytes()
    damaged = [
        raw[: len(raw) // 2],  # cut short
        raw[:-40] + bytes(b ^ 1 for b in raw[-40:]),  # bytes changed
        b"not a digest\n" + raw.partition(b"\n")[2],
        b"",
    ]
    for bad in damaged:
        entry.write_bytes(bad)
        assert _run(capsys, "point", "BL13", "--json") == (0, good, "")
        assert entry.read_bytes() == raw  # written anew
    payload = raw.partition(b"\n")[2]
    size = int.from_bytes(payload[:8], "big")
    index, body = marshal.loads(payload[8 : 8 + size]), payload[8 + size :]
    index["codes"] = [0, len(body) + 10]  # a part said to reach past the end, with a good hash
    head = marshal.dumps(index)
    payload = len(head).to_bytes(8, "big") + head + body
    entry.write_bytes(cache.digest(payload).encode() + b"\n" + payload)
    assert _run(capsys, "point", "BL13", "--json") == (0, good, "")


def test_an_edited_record_is_answered_at_once(capsys, edit, own_cache):
    folder = edit("points.yaml", "english: Lung Shu", "english: Lung Shu")  # a copy, unchanged yet
    assert "Lung Shu" in _run(capsys, "--data", str(folder), "point", "BL13")[1]
    text = (folder / "points.yaml").read_text(encoding="utf-8")
    (folder / "points.yaml").write_text(text.replace("english: Lung Shu", "english: Lung Transport"), "utf-8")
    code, out, _ = _run(capsys, "--data", str(folder), "point", "BL13")
    assert code == 0 and "Lung Transport" in out
    assert len(_entries(own_cache)) == 2  # one per state of the data


def test_a_change_of_code_is_a_new_key(monkeypatch):
    before = cache.fingerprint(meridian.default_data_dir())
    monkeypatch.setattr(cache, "code_stamp", lambda: b"another meridian")
    assert cache.fingerprint(meridian.default_data_dir()) not in (before, None)


def test_without_a_cache_nothing_is_written(capsys, own_cache, monkeypatch):
    monkeypatch.setenv("MERIDIAN_NO_CACHE", "1")
    code, out, _ = _run(capsys, "channel", "ST")
    assert code == 0 and out.startswith("ST  Stomach")
    assert not own_cache.exists()


def test_a_warm_lookup_reads_the_catalog_alone(tmp_path):
    """No records, no graph, no argparse: what makes the lookup start fast (bench_lookup.py)."""
    code = (
        "import sys\n"
        "from meridian.cli import main\n"
        "main(['point', 'Hegu'])\n"
        "main(['search', '--category', 'luo', '--json'])\n"
        "loaded = ('argparse', 'meridian.model', 'meridian.graph.core', 'meridian.atlas.records', 'hashlib')\n"
        "print('LOADED', [m for m in loaded if m in sys.modules])\n"
    )
    env = {**os.environ, "MERIDIAN_CACHE_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=True)  # fills the cache
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip().endswith("LOADED []")


# -- the short way through the command line ----------------------------------------------------

TOKENS = [
    *("point", "channel", "search", "validate", "--json", "--jso", "--organ", "--category", "--cat"),
    *("--category=luo", "--level", "--channel", "--data", "--data=x", "--needling", "-h", "--help"),
    *("--", "-", "-5", "-x y", "LI4", "luo", "heart", "", " ", "x y", "ST", "T5", "my-data"),
]


def _argparse(argv: list[str]) -> dict[str, object] | None:
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            return vars(get_parser().parse_args(argv))
    except SystemExit:
        return None


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=7))
def test_the_short_way_reads_a_command_line_as_argparse_does(argv):
    quick = quick_args(argv)
    if quick is not None:
        assert vars(quick) == _argparse(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["point", "LI4"],
        ["point", "--json", "he gu"],
        ["--data", "d", "channel", "ub", "--json"],
        ["search"],
        ["search", "wrist", "--category", "luo", "--organ", "heart", "--json"],
        ["search", "--category", "luo", "--category", "xi"],
    ],
)
def test_plain_lookups_take_the_short_way(argv):
    assert vars(quick_args(argv)) == _argparse(argv)


def test_every_module_that_shapes_the_cache_is_in_its_key(tmp_path):
    """What load, validate and the catalog import is what their cached results depend on."""
    code = (
        "import sys, meridian\n"
        "from meridian.catalog import build_catalog\n"
        "from meridian.graphcore import lookup_graph\n"
        "meridian.validate(); meridian.load(cache=False); build_catalog(lookup_graph())\n"
        "print(sorted(m.split('.', 1)[1] for m in sys.modules if m.startswith('meridian.')))\n"
    )
    env = {**os.environ, "MERIDIAN_CACHE_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    # the key hashes whole packages and the flat modules: what is imported must live there
    imported = json.loads(out.stdout.replace("'", '"'))
    assert [m for m in imported if "." in m and m.split(".")[0] not in cache.SHAPING_PACKAGES] == []
