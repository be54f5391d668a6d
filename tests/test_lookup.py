"""Practitioner lookup: any spelling, any code system; search filters (the exports: test_export.py)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import meridian
from meridian import NotFoundError, UsageError
from meridian.cli import main
from meridian.query.lookup import AmbiguousError, lookup, search

POINTS = [p.code for p in meridian.load().points]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("BL13", "BL13"),
        ("bl13", "BL13"),
        ("BL-13", "BL13"),
        ("BL 13", "BL13"),
        ("UB13", "BL13"),
        ("B13", "BL13"),
        ("V13", "BL13"),
        ("GV14", "GV14"),
        ("DU14", "GV14"),
        ("Du-14", "GV14"),
        ("VG14", "GV14"),
        ("Feishu", "BL13"),
        ("fei shu", "BL13"),
        ("Fèishū", "BL13"),
        ("FEI-SHU", "BL13"),
        ("肺俞", "BL13"),
        ("肺兪", "BL13"),
        ("厥陰俞", "BL14"),
        ("厥阴俞", "BL14"),
        ("Zanzhu", "BL2"),
        ("Renzhong", "GV26"),
        ("Gaohuangshu", "BL43"),
        ("Lung Shu", "BL13"),
        ("Shanzhong", "CV17"),
        ("Yintang", "EX-HN3"),
        ("ex-b2", "EX-B2"),
    ],
)
def test_lookup_resolves(G, query, code):
    assert lookup(G, query)["code"] == code


def test_gv29_is_yintang_with_a_note(G):
    hit = lookup(G, "GV29")
    assert hit["code"] == "EX-HN3" and "GB/T 12346-2006" in hit["matched"]
    assert hit["notes"] and "GV29" in hit["notes"][0]


def test_old_bladder_number_is_never_resolved_silently(G):
    hit = lookup(G, "BL54")
    assert hit["code"] == "BL54" and hit["point"]["pinyin"] == "Zhibian"
    assert hit["notes"][0] == "The older Bladder numbering used BL54 for what is now BL40 Weizhong."
    by_name = lookup(G, "Weizhong")
    assert by_name["code"] == "BL40"
    assert "In the older Bladder numbering this point was BL54." in by_name["notes"]


def test_a_miss_names_the_closest(G):
    with pytest.raises(NotFoundError) as info:
        lookup(G, "Feishoo")
    assert str(info.value) == "no point called 'Feishoo'; did you mean Feishu (BL13)?"
    assert info.value.suggestions == ("Feishu (BL13)",)


def test_names_two_points_share_are_told_apart_by_tones_or_characters(G):
    # Without tones, some names belong to two points (Zhongdu is GB32 Zhōngdú and LR6 Zhōngdū).
    from meridian.query.catalog import catalog_of

    by_key = catalog_of(G)["names"]["by_key"]
    shared = {key: codes for key, codes in by_key.items() if len(codes) > 1}
    assert "zhongdu" in shared
    for codes in shared.values():
        for code, _ in codes:
            p = meridian.graph.point_of(G, code)
            assert lookup(G, p.hanzi)["code"] == code
            assert lookup(G, p.code)["code"] == code


def test_a_shared_name_without_tones_never_resolves_silently(G):
    with pytest.raises(AmbiguousError) as info:
        lookup(G, "Zhongdu")
    assert set(info.value.suggestions) == {"Zhōngdú 中瀆 (GB32)", "Zhōngdū 中都 (LR6)"}
    assert "give the tone marks, the characters or the code" in str(info.value)
    assert lookup(G, "Zhōngdū")["code"] == "LR6" and lookup(G, "中瀆")["code"] == "GB32"


def test_a_code_prefix_two_schools_read_differently_is_never_resolved_silently(G):
    with pytest.raises(AmbiguousError) as info:
        lookup(G, "P6")
    assert info.value.suggestions == ("Kǒngzuì 孔最 (LU6)", "Nèiguān 內關 (PC6)")
    hit = lookup(G, "P11")  # only the Lung has an 11th point
    assert hit["code"] == "LU11" and "PC channel in another school" in hit["notes"][0]


def test_ambiguous_names_in_edited_data(edit):
    folder = edit(
        "points.yaml", "  pinyin: Xinshu\n  pinyin_tones: Xīnshū", "  pinyin: Feishu\n  pinyin_tones: Fèishū"
    )
    G = meridian.build_graph(meridian.load(folder))
    with pytest.raises(AmbiguousError) as info:
        lookup(G, "feishu")
    assert info.value.suggestions == ("Fèishū 肺俞 (BL13)", "Fèishū 心俞 (BL15)")
    assert lookup(G, "心俞")["code"] == "BL15"


def test_neighbours(G):
    nb = lookup(G, "BL13")["neighbours"]
    assert nb == {"previous": "BL12", "next": "BL14", "same_level": ["BL42", "GV12", "EX-B2"]}


@settings(max_examples=len(POINTS), deadline=None)
@given(st.sampled_from(POINTS))
def test_every_code_and_alias_resolves_back_to_its_point(code):
    G = meridian.build_graph()
    p = meridian.graph.point_of(G, code)
    channel = G.nodes[f"channel:{p.channel}"]["record"]
    spellings = [p.code, p.code.lower(), f"{p.channel}-{p.number}", f"{p.channel} {p.number}"]
    spellings += [f"{alias}{p.number}" for alias in channel.aliases]
    spellings += [p.hanzi, p.hanzi_simplified, *p.aliases]
    for query in spellings:
        assert lookup(G, query)["code"] == code, query
    for query in (p.pinyin, p.pinyin_tones, p.english):  # names another point may share
        try:
            assert lookup(G, query)["code"] == code, query
        except AmbiguousError as exc:
            assert any(s.endswith(f"({code})") for s in exc.suggestions), (query, exc.suggestions)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=15))
def test_random_queries_never_crash(text):
    G = meridian.build_graph()
    try:
        hit = lookup(G, text)
    except (NotFoundError, UsageError) as exc:
        assert "\n" not in str(exc)
    else:
        assert hit["code"] in POINTS


def test_search_filters_combine(G):
    codes = lambda points: [p["code"] for p in points]  # noqa: E731
    assert len(search(G, category="back-shu")) == 16
    assert codes(search(G, level="T5")) == ["BL15", "BL44", "GV11", "EX-B2"]
    assert codes(search(G, organ="heart")) == ["BL15", "BL44", "CV14"]
    assert {"BL60", "BL67", "BL31"} <= set(codes(search(G, caution="pregnancy")))
    assert codes(search(G, category="back-shu", level="T3")) == ["BL13"]
    assert codes(search(G, "fei", channel="UB")) == ["BL13", "BL42", "BL58"]  # Feishu, beside Feishu, Feiyang
    assert codes(search(G, region="sacrum", channel="GV")) == ["GV1", "GV2"]
    assert search(G, organ="lung", channel="GV") == []


def test_search_is_in_channel_order(G):
    codes = [p["code"] for p in search(G)]
    assert codes == POINTS


@pytest.mark.parametrize(
    ("filters", "says"),
    [
        ({"organ": "hart"}, "did you mean heart?"),
        ({"level": "T13"}, "unknown level"),
        ({"category": "shoe"}, "unknown category"),
        ({"region": "tail"}, "unknown region"),
        ({"frame": "wing"}, "unknown frame"),
        ({"needling": "sideways"}, "unknown needling angle"),
        ({"channel": "XX"}, "unknown channel"),
        ({"caution": "x"}, "unknown caution"),
    ],
)
def test_search_bad_filters(G, filters, says):
    with pytest.raises(UsageError, match=says):
        search(G, **filters)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=10), st.sampled_from([None, "heart", "lung"]), st.sampled_from([None, "T3", "L2"]))
def test_random_search_never_crashes(text, organ, level):
    G = meridian.build_graph()
    for p in search(G, text, organ=organ, level=level):
        assert p["code"] in POINTS


# -- command line -------------------------------------------------------------------------------


def test_cli_point_readable(capsys):
    assert main(["point", "Fèishū"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("BL13  Fèishū  肺俞  Lung Shu")
    assert "CAUTION    [pneumothorax]" in out and "along      <- BL12 BL14 ->" in out
    assert "same level BL42, GV12, EX-B2" in out


def test_cli_point_old_number_note(capsys):
    assert main(["point", "BL54"]) == 0
    assert (
        "NOTE       The older Bladder numbering used BL54 for what is now BL40 Weizhong."
        in capsys.readouterr().out
    )


def test_cli_point_json_keeps_the_contract(capsys):
    assert main(["point", "GV29", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["code"] == "EX-HN3" and any("GV29" in n for n in data["notes"])
    assert {"code", "pinyin", "location", "organs", "neighbours"} <= set(data)


def test_cli_point_miss_exits_1_with_suggestion(capsys):
    assert main(["point", "Feishoo"]) == 1
    err = capsys.readouterr().err
    assert err == "meridian: no point called 'Feishoo'; did you mean Feishu (BL13)?\n"


def test_cli_search(capsys):
    assert main(["search", "--category", "back-shu", "--level", "T5", "--json"]) == 0
    assert [p["code"] for p in json.loads(capsys.readouterr().out)] == ["BL15"]
    assert main(["search", "--organ", "lung", "--channel", "GV"]) == 1
    assert main(["search", "--organ", "hart"]) == 2


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=12).filter(lambda s: not s.startswith("-")))
def test_cli_point_and_search_never_crash(text):
    import contextlib
    import io

    for argv in (["point", text], ["search", text]):
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(argv)
        assert code in (0, 1, 2)
        if code:
            assert err.getvalue().count("\n") == 1
