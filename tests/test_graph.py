"""The graph: namespaced nodes, relation keys, direction, frozen and cached."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import meridian
from meridian.model import LEVELS


def keys_out(G, node, key):
    return sorted(v for _, v, k in G.out_edges(node, keys=True) if k == key)


def test_node_kinds_and_ids(G, atlas):
    kinds = {}
    for node, data in G.nodes(data=True):
        prefix = node.split(":", 1)[0]
        assert prefix == data["kind"]
        kinds[prefix] = kinds.get(prefix, 0) + 1
    assert kinds == {
        "point": len(atlas.points),
        "channel": len(atlas.channels),
        "organ": len(atlas.organs),
        "level": len(LEVELS),
        "frame": len(atlas.frames),
        "vessel": len(atlas.vessels),
    }


def test_graph_is_frozen_and_cached(G):
    assert nx.is_frozen(G)
    with pytest.raises(nx.NetworkXError):
        G.add_node("point:XX1")
    assert meridian.build_graph() is G
    assert meridian.build_graph(meridian.load()) is G


def test_point_edges(G):
    assert keys_out(G, "point:BL13", "on_channel") == ["channel:BL"]
    assert keys_out(G, "point:BL13", "at_level") == ["level:T3"]
    assert keys_out(G, "point:BL13", "back_shu_of") == ["organ:lung"]
    assert keys_out(G, "point:BL13", "next") == ["point:BL14"]
    assert keys_out(G, "point:BL42", "spirit_of") == ["organ:lung"]
    assert keys_out(G, "point:CV17", "front_mu_of") == ["organ:pericardium"]
    assert keys_out(G, "point:BL40", "lower_he_sea_of") == ["organ:bladder"]
    data = G.get_edge_data("point:BL13", "organ:lung", key="back_shu_of")
    assert data["relation"] == "back-shu" and len(data["sources"]) >= 2


def test_channel_edges(G):
    assert keys_out(G, "channel:BL", "pertains_to") == ["organ:bladder"]
    assert keys_out(G, "channel:BL", "paired_with") == ["channel:KI"]
    assert keys_out(G, "channel:KI", "paired_with") == ["channel:BL"]
    assert keys_out(G, "channel:GV", "pertains_to") == []


def test_next_runs_along_each_complete_channel(G):
    for channel, count in (("BL", 67), ("GV", 28)):
        path = [f"point:{channel}1"]
        while nxt := keys_out(G, path[-1], "next"):
            path.append(nxt[0])
        assert len(path) == count and path[-1] == f"point:{channel}{count}"


def test_levels_run_down_the_spine(G):
    path = ["level:C1"]
    while nxt := keys_out(G, path[-1], "next"):
        path.append(nxt[0])
    assert [p.removeprefix("level:") for p in path] == list(LEVELS)


def test_jiaji_is_at_every_level_from_t1_to_l5(G):
    levels = keys_out(G, "point:EX-B2", "at_level")
    assert len(levels) == 17 and "level:T1" in levels and "level:L5" in levels


def test_meeting_edges(G):
    assert "channel:BL" in keys_out(G, "point:GV14", "meets")


def test_plain_networkx_query_everything_at_t5(G):
    at_t5 = sorted(u for u, _, k in G.in_edges("level:T5", keys=True) if k == "at_level")
    assert at_t5 == ["point:BL15", "point:BL44", "point:EX-B2", "point:GV11"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(n for n in meridian.build_graph() if n.startswith("point:"))))
def test_every_point_invariants(node):
    G = meridian.build_graph()
    data = G.nodes[node]
    record = data["record"]
    assert node == f"point:{record.code}" and data["pinyin"] == record.pinyin
    assert len(keys_out(G, node, "on_channel")) == 1
    assert keys_out(G, node, "at_level") == sorted(f"level:{lv}" for lv in record.location.levels)
    for _, organ, key, edge in G.out_edges(node, keys=True, data=True):
        if organ.startswith("organ:"):
            assert key == edge["relation"].replace("-", "_") + "_of"
            assert organ in G
