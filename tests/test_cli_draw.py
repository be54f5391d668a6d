"""`meridian draw` and `meridian gallery` on the command line: files written, errors refused cleanly."""

from __future__ import annotations

import pytest

from meridian.cli import main


def test_draw_back_svg_with_a_finding(tmp_path, capsys):
    out = tmp_path / "back.svg"
    assert main(["draw", "back", "--finding", "T3:1.5:L@nodule", "--levels", "C7-L5", "-o", str(out)]) == 0
    svg = out.read_text(encoding="utf-8")
    assert 'id="BL13"' in svg and 'id="BL13-L"' in svg and 'id="finding-1"' in svg
    assert 'id="BL31"' not in svg  # below the chosen range


def test_draw_channel_by_alias(tmp_path):
    out = tmp_path / "gv.svg"
    assert main(["draw", "channel", "du", "-o", str(out)]) == 0
    svg = out.read_text(encoding="utf-8")
    assert all(f'id="GV{i}"' in svg for i in range(1, 29))


def test_draw_png(tmp_path):
    out = tmp_path / "back.png"
    assert main(["draw", "back", "--highlight", "lung", "--dpi", "40", "-o", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["draw", "back", "-o", "{tmp}/back.gif"], "expected a file name ending in .svg, .png or .pdf"),
        (["draw", "back", "--highlight", "XX1", "-o", "{tmp}/back.svg"], "unknown point or organ 'XX1'"),
        (["draw", "back", "--finding", "T13", "-o", "{tmp}/back.svg"], "unknown level"),
        (["draw", "back", "--levels", "T9-T2", "-o", "{tmp}/back.svg"], ""),
        (["draw", "channel", "XX", "-o", "{tmp}/c.svg"], "unknown channel"),
        (["draw", "back", "-o", "{tmp}/missing/back.svg"], "no such folder"),
    ],
)
def test_bad_input_exits_with_one_line_and_leaves_no_file(tmp_path, capsys, argv, says):
    code = main([a.replace("{tmp}", str(tmp_path)) for a in argv])
    err = capsys.readouterr().err
    assert code in (1, 2) and err.startswith("meridian: ") and err.count("\n") == 1
    assert says in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("workers", ["0", "17", "many"])
def test_gallery_bad_workers(tmp_path, capsys, workers):
    with pytest.raises(SystemExit) as info:
        main(["gallery", "-o", str(tmp_path / "g"), "--workers", workers])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "--workers" in err and err.count("\n") == 1
    assert not (tmp_path / "g").exists()
