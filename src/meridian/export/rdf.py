"""The graph as RDF (needs rdflib: ``pip install meridian-acupuncture[rdf]``).

Every node gets a stable IRI made from its id (``point:BL13`` is ``{BASE}point/BL13``) and is a
``skos:Concept`` of the scheme ``{BASE}`` as well as a ``meridian:Point``, ``meridian:Channel``,
``meridian:Organ``, ``meridian:Level``, ``meridian:Vessel`` or ``meridian:Frame``. Names carry
language tags: pinyin ``zh-Latn-pinyin`` (with tone marks; without them as an alternative label),
characters ``zh-Hant`` and ``zh-Hans``, English ``en``; aliases are ``skos:altLabel`` (pinyin ones
``zh-Latn-pinyin``, character ones ``zh``, since they mix variant forms). Every relation of the
graph is a property ``meridian:RELATION`` (``meridian:back_shu_of`` ...), from the edge's source to
its target. Organs named after an anatomical organ are ``skos:relatedMatch`` the UBERON class (a
zang-fu organ is not the anatomical organ), and points ``skos:exactMatch`` their class in the TARA
acupoints ontology where it has one (:mod:`meridian.xrefs`).

A point also holds its whole ``POINT`` object (:func:`meridian.query.point_dict`), one property
per field named as in the JSON: ``meridian:code``, ``meridian:pinyin``, ... ``meridian:sources``.
The location's fields are properties of the point itself (its text is ``meridian:location``); a
list is an RDF collection in its order (``()`` when empty), so ``meridian:sources/rdf:rest*/rdf:first``
reads it in SPARQL; an object (the needling, each caution, category, organ relation and other code)
is a blank node with a property per key; a missing value (None) is no triple. Numbers are
``xsd:integer`` or ``xsd:decimal``, sentences are tagged ``en``. ``meridian:category`` (each kind)
and ``meridian:caution`` (each flag) name them once more, for simple queries.

Examples
--------
>>> from meridian import build_graph
>>> g = to_rdf(build_graph())
>>> bl13 = rdflib.URIRef(BASE + "point/BL13")
>>> sorted((o.language, str(o)) for o in g.objects(bl13, rdflib.SKOS.prefLabel))
[('en', 'Lung Shu'), ('zh-Hans', '肺俞'), ('zh-Hant', '肺俞'), ('zh-Latn-pinyin', 'Fèishū')]
>>> g.value(bl13, rdflib.URIRef(VOCAB + "back_shu_of"))
rdflib.term.URIRef('https://w3id.org/meridian-acupuncture/organ/lung')
>>> needling = g.value(bl13, rdflib.URIRef(VOCAB + "needling"))
>>> [float(d) for d in rdflib.collection.Collection(g, g.value(needling, rdflib.URIRef(VOCAB + "depth_cun")))]
[0.5, 0.8]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import UsageError
from ..query.points import point_dict
from .fhir import alias_language
from .xrefs import tara_iri, uberon_iri

try:
    import rdflib
except ImportError:  # pragma: no cover - to_rdf says what to install
    _HAVE_RDFLIB = False
else:
    _HAVE_RDFLIB = True

__all__ = ["BASE", "VOCAB", "iri", "to_rdf", "turtle"]

#: The base of every IRI: the scheme itself; nodes below it, the vocabulary at ``vocab#``.
BASE = "https://w3id.org/meridian-acupuncture/"
VOCAB = BASE + "vocab#"
_LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def iri(node: str) -> str:
    """The IRI of a node id: ``iri("point:BL13") == BASE + "point/BL13"``."""
    return BASE + node.replace(":", "/", 1)


def _labels(data: Any) -> Iterator[tuple[Any, str, str | None]]:
    """(property, text, language) of a node's names."""
    from rdflib.namespace import RDFS, SKOS

    record = data.get("record")
    if data["kind"] == "level":
        yield RDFS.label, data["name"], None
    english = data.get("english") or data.get("name")
    tones = getattr(record, "pinyin_tones", None)
    if english and data["kind"] != "level":
        yield SKOS.prefLabel, english, "en"
    if tones:
        yield SKOS.prefLabel, tones, "zh-Latn-pinyin"
        if data.get("pinyin") and data["pinyin"] != tones:
            yield SKOS.altLabel, data["pinyin"], "zh-Latn-pinyin"
    elif data.get("pinyin"):
        yield SKOS.prefLabel, data["pinyin"], "zh-Latn-pinyin"
    if data.get("hanzi"):
        yield SKOS.prefLabel, data["hanzi"], "zh-Hant"
    simplified = getattr(record, "hanzi_simplified", None)
    if simplified:
        yield SKOS.prefLabel, simplified, "zh-Hans"
    if data["kind"] == "point":
        for alias in record.aliases:
            yield SKOS.altLabel, alias, alias_language(alias)


def _literals(data: Any) -> Iterator[tuple[str, Any]]:
    """(vocabulary property, typed value) of a node's facts other than its names."""
    from rdflib.namespace import XSD

    for name in ("limb", "polarity", "phase", "region", "side", "organ_kind", "channel_kind"):
        if data.get(name):
            yield name, rdflib.Literal(data[name])
    if data["kind"] != "point":
        return
    p = data["record"]
    loc = p.location
    yield "number", rdflib.Literal(p.number, datatype=XSD.integer)
    if loc.lateral_cun is not None:
        yield "lateral_cun", rdflib.Literal(float(loc.lateral_cun), datatype=XSD.decimal)
    yield "along", rdflib.Literal(float(loc.along), datatype=XSD.decimal)
    yield "across", rdflib.Literal(float(loc.across), datatype=XSD.decimal)
    yield "estimated", rdflib.Literal(loc.estimated)
    yield "location", rdflib.Literal(loc.text, lang="en")
    for kind in sorted({c.kind for c in p.categories}):
        yield "category", rdflib.Literal(kind)
    for caution in p.cautions:
        yield "caution", rdflib.Literal(caution.flag)


# POINT fields that are sentences (tagged ``en``), and those written by ``_literals`` already.
_PROSE = frozenset({"english", "text", "note", "notes", "label"})
_DONE = frozenset({"number", "lateral_cun", "along", "across", "estimated", "region", "side", "text"})


def _term(g: Any, name: str, value: Any, blank: str) -> Any:
    """``value`` of the POINT field ``name`` as an RDF term; ``blank`` names the blank nodes it needs.

    Blank nodes are named after the point and the path to them, so the same point gives the
    same Turtle every time.
    """
    from rdflib.namespace import RDF, XSD

    if isinstance(value, list):
        head: Any = RDF.nil
        for i in reversed(range(len(value))):
            cell = rdflib.BNode(f"{blank}_cell{i}")
            g.add((cell, RDF.first, _term(g, name, value[i], f"{blank}_{i}")))
            g.add((cell, RDF.rest, head))
            head = cell
        return head
    if isinstance(value, dict):
        node = rdflib.BNode(blank)
        for key, item in value.items():
            if item is not None:
                g.add((node, rdflib.URIRef(VOCAB + key), _term(g, key, item, f"{blank}_{key}")))
        return node
    if isinstance(value, bool):
        return rdflib.Literal(value)
    if isinstance(value, int):
        return rdflib.Literal(value, datatype=XSD.integer)
    if isinstance(value, float):
        return rdflib.Literal(value, datatype=XSD.decimal)
    return rdflib.Literal(value, lang="en" if name in _PROSE else None)


def _record(g: Any, subject: Any, code: str, point: dict[str, Any]) -> None:
    """The fields of a point's POINT object that :func:`_literals` has not written."""
    fields = {**{k: v for k, v in point.items() if k != "location"}, **point["location"]}
    for name, value in fields.items():
        if value is not None and name not in _DONE:
            term = _term(g, name, value, f"{code}_{name}")
            g.add((subject, rdflib.URIRef(VOCAB + name), term))


def _node(g: Any, node: str, data: Any) -> None:
    from rdflib.namespace import RDF, SKOS

    subject = rdflib.URIRef(iri(node))
    vocab = rdflib.Namespace(VOCAB)
    g.add((subject, RDF.type, SKOS.Concept))
    g.add((subject, RDF.type, vocab[data["kind"].capitalize()]))
    g.add((subject, SKOS.inScheme, rdflib.URIRef(BASE)))
    g.add((subject, SKOS.notation, rdflib.Literal(node.split(":", 1)[1])))
    for prop, text, lang in _labels(data):
        g.add((subject, prop, rdflib.Literal(text, lang=lang)))
    for name, value in _literals(data):
        g.add((subject, vocab[name], value))
    if data["kind"] == "channel":
        for alias in data["record"].aliases:
            g.add((subject, SKOS.notation, rdflib.Literal(alias)))
    if data["kind"] == "point":
        for note in data["record"].notes:
            g.add((subject, SKOS.note, rdflib.Literal(note, lang="en")))
        _record(g, subject, data["code"], point_dict(data["record"]))
    match = tara_iri(data["code"]) if data["kind"] == "point" else None
    if match:
        g.add((subject, SKOS.exactMatch, rdflib.URIRef(match)))
    related = uberon_iri(data["organ"]) if data["kind"] == "organ" else None
    if related:
        g.add((subject, SKOS.relatedMatch, rdflib.URIRef(related)))


def to_rdf(G: Any) -> Any:
    """``G`` as an :class:`rdflib.Graph` (see the module's description)."""
    if not _HAVE_RDFLIB:
        raise UsageError("the ttl format needs rdflib: pip install 'meridian-acupuncture[rdf]'")
    from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

    from ..version import __version__

    g = rdflib.Graph()
    for prefix in ("point", "channel", "organ", "level", "vessel", "frame"):
        g.bind(prefix, BASE + prefix + "/")
    g.bind("meridian", VOCAB)
    g.bind("tara", "http://www.acupunctureresearch.org/tara/ontology/")
    g.bind("obo", "http://purl.obolibrary.org/obo/")
    scheme = rdflib.URIRef(BASE)
    g.add((scheme, RDF.type, OWL.Ontology))
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, DCTERMS.title, rdflib.Literal("meridian: acupuncture channels and points", lang="en")))
    g.add((scheme, OWL.versionInfo, rdflib.Literal(__version__)))
    g.add((scheme, DCTERMS.license, rdflib.URIRef(_LICENCE)))
    kinds = sorted({data["kind"] for _, data in G.nodes(data=True)})
    for kind in kinds:
        g.add((rdflib.URIRef(VOCAB + kind.capitalize()), RDF.type, OWL.Class))
    for node, data in G.nodes(data=True):
        _node(g, node, data)
    for key in sorted({key for _, _, key in G.edges(keys=True)}):
        prop = rdflib.URIRef(VOCAB + key)
        g.add((prop, RDF.type, OWL.ObjectProperty))
        g.add((prop, RDFS.label, rdflib.Literal(key.replace("_", " "), lang="en")))
    for u, v, key in G.edges(keys=True):
        g.add((rdflib.URIRef(iri(u)), rdflib.URIRef(VOCAB + key), rdflib.URIRef(iri(v))))
    return g


def turtle(G: Any) -> str:
    """``G`` as Turtle text; the same graph gives the same text."""
    text: str = to_rdf(G).serialize(format="turtle")
    return text
