"""The command line: JSON contract, readable output, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import meridian
from meridian.cli import main

POINT_KEYS = {
    "code",
    "channel",
    "number",
    "pinyin",
    "pinyin_tones",
    "hanzi",
    "hanzi_simplified",
    "english",
    "aliases",
    "location",
    "organs",
    "categories",
    "cautions",
    "sources",
}


def run_json(capsys, *argv):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_channel_bl_json_has_67_points_in_order(capsys):
    data = run_json(capsys, "channel", "BL", "--json")
    assert data["code"] == "BL"
    assert [p["code"] for p in data["points"]] == [f"BL{i}" for i in range(1, 68)]
    for p in data["points"]:
        assert set(p) >= POINT_KEYS
        assert set(p["location"]) >= {"region", "level", "lateral_cun", "side", "text"}
        assert p["location"]["side"] in ("midline", "bilateral")
        for rel in p["organs"]:
            assert set(rel) == {"organ", "relation", "source"}


def test_point_json(capsys):
    p = run_json(capsys, "point", "bl-13", "--json")
    assert p["code"] == "BL13" and p["hanzi"] == "肺俞" and p["pinyin_tones"] == "Fèishū"
    assert p["location"]["level"] == "T3" and p["location"]["lateral_cun"] == 1.5
    assert p["organs"][0]["organ"] == "lung" and p["organs"][0]["relation"] == "back-shu"
    assert "pneumothorax" in {c["flag"] for c in p["cautions"]}


def test_channel_alias(capsys):
    assert run_json(capsys, "channel", "du", "--json")["code"] == "GV"


def test_point_readable_output(capsys):
    assert main(["point", "BL13"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("BL13  Fèishū  肺俞")
    assert "CAUTION    [pneumothorax]" in out and "back-shu of the lung" in out


def test_unknown_point_exits_1(capsys):
    assert main(["point", "BL99"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "BL99" in err


def test_unknown_channel_exits_1(capsys):
    assert main(["channel", "XX"]) == 1
    assert "unknown channel" in capsys.readouterr().err


def test_usage_errors_are_one_line(capsys):
    with pytest.raises(SystemExit) as info:
        main(["channel"])
    assert info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_missing_data_folder_exits_2(capsys, tmp_path):
    assert main(["--data", str(tmp_path / "nowhere"), "point", "BL13"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere" in err


def test_broken_data_exits_2_without_traceback(edit, capsys):
    folder = edit("points.yaml", "level: T3\n", "level: T13\n")
    assert main(["--data", str(folder), "point", "BL13"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "location.level" in err


def test_meridian_data_environment_variable(edit, capsys, monkeypatch):
    folder = edit("points.yaml", "english: Lung Shu", "english: Lung Transport")
    monkeypatch.setenv("MERIDIAN_DATA", str(folder))
    assert run_json(capsys, "point", "BL13", "--json")["english"] == "Lung Transport"


def test_python_dash_m(tmp_path):
    env = {**os.environ, "MERIDIAN_CACHE_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "meridian", "point", "GV14", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(out.stdout)["pinyin"] == "Dazhui"


@pytest.mark.parametrize(
    "argv", [["point", "BL13"], ["point", "Hegu"], ["channel", "ST"], ["search", "--category", "luo"]]
)
def test_a_lookup_imports_no_heavy_library(tmp_path, argv):
    code = (
        "import sys, meridian\n"
        "from meridian.cli import main\n"
        f"main({argv!r})\n"
        "heavy = ('matplotlib', 'jsonschema', 'networkx', 'yaml')\n"
        "print('LOADED', [m for m in heavy if m in sys.modules])\n"
    )
    env = {**os.environ, "MERIDIAN_CACHE_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=True)  # fills the cache
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip().endswith("LOADED []")


def test_import_meridian_imports_no_heavy_library():
    code = "import sys, meridian; print([m for m in ('matplotlib', 'networkx', 'yaml') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_light_graph_answers_as_the_full_graph(G):
    from meridian.graph.core import lookup_graph

    light = lookup_graph()
    for query in ("LI4", "Zhōngdū", "Liv3", "GV29", "肺俞"):
        assert meridian.lookup(light, query) == meridian.lookup(G, query)
    assert meridian.search(light, category="luo") == meridian.search(G, category="luo")
    assert meridian.channel_data(light, "ST") == meridian.channel_data(G, "ST")
    assert meridian.suggest(light, ["T3:1.5:L", "CV17"]) == meridian.suggest(G, ["T3:1.5:L", "CV17"])
    for node in ("level:T3", "channel:ST", "organ:lung", "point:BL13"):
        assert list(light.in_edges(node, keys=True)) == list(G.in_edges(node, keys=True))
        assert list(light.out_edges(node, keys=True)) == list(G.out_edges(node, keys=True))
    with pytest.raises(TypeError, match="read-only"):
        light.nodes["point:BL13"]["note"] = "x"
