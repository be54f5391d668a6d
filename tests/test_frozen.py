"""The shared graph: no caller can change it for the next, and a copy is one's own."""

from __future__ import annotations

import copy
import pickle

import networkx as nx
import pytest

import meridian

CHANGES = [
    ("node attribute", lambda G: G.nodes["point:BL13"].__setitem__("note", "x")),
    ("node attribute removed", lambda G: G.nodes["point:BL13"].pop("code")),
    ("node attributes updated", lambda G: G.nodes["point:BL13"].update(code="XX")),
    ("node data view", lambda G: dict(G.nodes(data=True))["point:BL13"].setdefault("note", "x")),
    ("edge attribute", lambda G: G.edges["point:BL13", "organ:lung", "back_shu_of"].__setitem__("w", 1)),
    ("edge data view", lambda G: next(iter(G.edges(data=True)))[2].clear()),
    ("adjacency data", lambda G: G["point:BL13"]["point:BL14"]["next"].__setitem__("w", 1)),
    ("graph attribute", lambda G: G.graph.__setitem__("note", "x")),
    ("nested graph attribute", lambda G: G.graph["relation_weights"].__setitem__("back-shu", 0)),
]


@pytest.mark.parametrize(("what", "change"), CHANGES, ids=[c[0] for c in CHANGES])
def test_no_change_reaches_the_shared_graph(what, change):
    G = meridian.build_graph()
    before = (dict(G.nodes["point:BL13"]), dict(G.graph["relation_weights"]), G.number_of_edges())
    with pytest.raises(TypeError):
        change(G)
    again = meridian.build_graph()
    assert again is G
    assert (
        dict(again.nodes["point:BL13"]),
        dict(again.graph["relation_weights"]),
        again.number_of_edges(),
    ) == before
    assert "note" not in again.nodes["point:BL13"] and "note" not in again.graph


def test_structure_is_frozen(G):
    assert nx.is_frozen(G)
    with pytest.raises(nx.NetworkXError):
        G.add_edge("point:BL13", "organ:heart", key="back_shu_of")


def test_plain_networkx_reads_still_work(G):
    assert G.nodes["point:BL13"]["code"] == "BL13"
    assert dict(G.nodes(data="level"))["point:BL13"] == "T3"
    assert G.get_edge_data("point:BL13", "organ:lung", key="back_shu_of")["relation"] == "back-shu"
    assert nx.shortest_path_length(G, "point:BL13", "organ:lung") == 1
    assert G.subgraph(["point:BL13", "organ:lung"]).number_of_edges() == 1
    assert isinstance(G.nodes["point:BL13"], dict)


@pytest.mark.parametrize(
    "own",
    [
        lambda G: G.copy(),
        nx.MultiDiGraph,
        lambda G: G.to_undirected(),
        copy.deepcopy,
        lambda G: pickle.loads(pickle.dumps(G)),
    ],
    ids=["copy", "MultiDiGraph(G)", "to_undirected", "deepcopy", "pickle"],
)
def test_a_copy_is_ones_own(G, own):
    H = own(G)
    H.nodes["point:BL13"]["note"] = "mine"
    H.graph["note"] = "mine"
    assert H.number_of_nodes() == G.number_of_nodes()
    assert "note" not in G.nodes["point:BL13"] and "note" not in G.graph
