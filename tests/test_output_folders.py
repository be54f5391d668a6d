"""Commands write only what they own: output folders, the cache, and the streams they print to.

A folder meridian did not build is refused (or replaced with --force); in its own folder the files
it did not write are kept; what a killed build left beside its folder is removed on the next run,
and nothing else is; the cache prunes only its own entries; a closed stdout or an empty output
path is one line, never a traceback.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from meridian import UsageError
from meridian.atlas import cache
from meridian.cli import main
from meridian.gallery import DIAGRAMS, build_gallery
from meridian.site import build as site_build
from meridian.site import build_site
from meridian.writer import MARKER, building_folder, clean_stale, folder_owner

ONE_PAGE = [("point", "BL13")]
SRC = str(Path(__file__).resolve().parent.parent / "src")


def _home(tmp_path: Path) -> Path:
    """A folder that looks like someone's home: dotfiles meridian must never delete."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("export PATH=$HOME/bin:$PATH\n")
    (home / "notes").mkdir()
    (home / "notes" / "todo.txt").write_text("buy needles\n")
    return home


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _beside(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name != folder.name)


@pytest.fixture
def quick_site(monkeypatch):
    """`meridian site` makes only BL13's page (the index still lists every point): a fast build."""
    monkeypatch.setattr(site_build, "jobs", lambda G: list(ONE_PAGE))


# -- a folder meridian did not make ------------------------------------------------------------


@pytest.mark.parametrize("command", ["site", "gallery"])
def test_a_folder_meridian_did_not_make_is_refused_and_left_as_it_was(tmp_path, capsys, command):
    home = _home(tmp_path)
    before = _tree(home)
    assert main([command, "-o", str(home)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(home) in err and "--force" in err and "meridian did not make it" in err
    assert _tree(home) == before and _beside(home) == []


def test_force_replaces_the_folder_whole(tmp_path, capsys, quick_site):
    home = _home(tmp_path)
    assert main(["site", "-o", str(home), "--force"]) == 0
    assert not (home / ".bashrc").exists() and not (home / "notes").exists()
    assert (home / "point" / "BL13.html").is_file() and folder_owner(home) == "meridian site"
    assert _beside(home) == []
    capsys.readouterr()


def test_an_empty_folder_is_built_into(G, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    build_site(G, out, workers=1, pages=ONE_PAGE)
    assert (out / "index.html").is_file() and folder_owner(out) == "meridian site"


def test_a_site_is_not_replaced_by_a_gallery_unforced(G, tmp_path):
    out = tmp_path / "site"
    build_site(G, out, workers=1, pages=ONE_PAGE)
    before = _tree(out)
    with pytest.raises(UsageError, match=r"made by 'meridian site', not 'meridian gallery'.*--force"):
        build_gallery(G, out, workers=1, diagrams=DIAGRAMS[:1])
    assert _tree(out) == before


# -- meridian's own folder ---------------------------------------------------------------------


def test_a_rebuild_into_its_own_folder_keeps_what_meridian_did_not_write(G, tmp_path, quick_site, capsys):
    out = tmp_path / "site"
    assert main(["site", "-o", str(out)]) == 0
    marker = json.loads((out / MARKER).read_text())
    assert marker["made_by"] == "meridian site" and "point/BL13.html" in marker["files"]
    assert sorted(marker["files"]) == sorted(p for p in _tree(out) if p != MARKER)
    (out / "CNAME").write_text("points.example.org\n")  # what a user adds to publish the site
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (out / "point" / "my-notes.txt").write_text("BL13: check the depth\n")
    (out / "latest").symlink_to("index.html")
    (out / "point" / "BL13.html").write_text("edited by hand")  # meridian's own: rewritten
    assert main(["site", "-o", str(out)]) == 0
    assert (out / "CNAME").read_text() == "points.example.org\n"
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (out / "point" / "my-notes.txt").read_text() == "BL13: check the depth\n"
    assert os.readlink(out / "latest") == "index.html"
    assert (out / "point" / "BL13.html").read_text().startswith("<!DOCTYPE html>")
    assert "CNAME" not in json.loads((out / MARKER).read_text())["files"]  # still not meridian's
    assert _beside(out) == []
    capsys.readouterr()


def test_a_rebuild_that_would_write_over_a_users_file_is_refused(G, tmp_path):
    out = tmp_path / "site"
    build_site(G, out, workers=1, pages=ONE_PAGE)
    (out / "point" / "LI4.html").write_text("my own page for LI4")
    before = _tree(out)
    with pytest.raises(UsageError, match=r"'point/LI4.html' in it was not written by meridian.*--force"):
        build_site(G, out, workers=1, pages=[*ONE_PAGE, ("point", "LI4")])
    assert _tree(out) == before and _beside(out) == []


def test_a_rebuild_of_the_gallery_keeps_a_users_file(G, tmp_path):
    out = tmp_path / "gallery"
    build_gallery(G, out, workers=1, dpi=30, diagrams=DIAGRAMS[:1])
    (out / "README.txt").write_text("published weekly\n")
    build_gallery(G, out, workers=1, dpi=30, diagrams=DIAGRAMS[:1])
    assert (out / "README.txt").read_text() == "published weekly\n"
    assert folder_owner(out) == "meridian gallery" and (out / "back.svg").is_file()


# -- what an interrupted build leaves ----------------------------------------------------------

_KILLED_BUILD = """
import os, signal, sys
from meridian.writer import building_folder
with building_folder(sys.argv[1], "meridian site") as aside:
    (aside / "index.html").write_text("half")
    print(aside.name, flush=True)
    {then}
"""


def _killed_build(target: Path, then: str = "os.kill(os.getpid(), signal.SIGKILL)") -> subprocess.Popen:
    code = textwrap.dedent(_KILLED_BUILD).replace("{then}", then)
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.Popen(
        [sys.executable, "-c", code, str(target)], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def test_what_a_killed_build_left_is_removed_on_the_next_run_and_nothing_else(G, tmp_path):
    out = tmp_path / "site"
    build_site(G, out, workers=1, pages=ONE_PAGE)
    before = _tree(out)
    proc = _killed_build(out)
    left = proc.stdout.read().strip()
    assert proc.wait() == -signal.SIGKILL
    assert _beside(out) == [left] and left.startswith(".site.") and left.endswith(".new")
    decoy = tmp_path / ".site.abcdefgh.new"  # the same pattern, but no marker: not meridian's
    decoy.mkdir()
    (decoy / "keep.txt").write_text("mine")
    assert _tree(out) == before  # the old site is whole
    build_site(G, out, workers=1, pages=ONE_PAGE)
    assert _beside(out) == [decoy.name] and (decoy / "keep.txt").read_text() == "mine"


def test_a_build_killed_mid_swap_gets_its_old_folder_back(G, tmp_path):
    out = tmp_path / "site"
    build_site(G, out, workers=1, pages=ONE_PAGE)
    (out / "CNAME").write_text("points.example.org\n")
    before = _tree(out)
    # The state between moving the old site out and the new one in: only the holder has it.
    holder = tmp_path / ".site.k3j2x9aa.old"
    holder.mkdir()
    (holder / MARKER).write_text(json.dumps({"made_by": "meridian site", "state": "replaced"}))
    out.rename(holder / "previous")
    assert clean_stale(out) == [holder]
    assert _tree(out) == before and _beside(out) == []


def test_a_build_still_running_is_not_cleaned_up(tmp_path):
    out = tmp_path / "site"
    proc = _killed_build(out, then="sys.stdin.read()")  # waits, in the build, until it is killed
    left = proc.stdout.readline().strip()
    try:
        assert clean_stale(out) == [] and (tmp_path / left).is_dir()
    finally:
        proc.kill()
        proc.wait()
    assert clean_stale(out) == [tmp_path / left] and _beside(out) == []


def test_a_site_command_killed_with_its_workers_leaves_nothing_after_the_next_run(G, tmp_path):
    out = tmp_path / "site"
    build_site(G, out, workers=1, pages=ONE_PAGE)
    env = {**os.environ, "PYTHONPATH": SRC}
    proc = subprocess.Popen(
        [sys.executable, "-m", "meridian", "site", "-o", str(out)], env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(
        p.name.endswith(".new") and (p / "point").is_dir() and any((p / "point").iterdir())
        for p in tmp_path.iterdir()
    ):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert any(name.endswith(".new") for name in _beside(out))  # killed halfway, as meant
    time.sleep(0.5)  # the killed workers' files are closed
    build_site(G, out, workers=1, pages=ONE_PAGE)
    assert _beside(out) == [] and folder_owner(out) == "meridian site"


def test_an_error_in_a_build_leaves_the_old_folder_and_nothing_beside(tmp_path):
    out = tmp_path / "out"
    with building_folder(out, "meridian test") as aside:
        (aside / "a.txt").write_text("one")
    with pytest.raises(RuntimeError), building_folder(out, "meridian test") as aside:
        (aside / "a.txt").write_text("half")
        raise RuntimeError("stopped halfway")
    assert (out / "a.txt").read_text() == "one" and _beside(out) == []


# -- the cache ---------------------------------------------------------------------------------


def test_a_shared_cache_folder_keeps_what_is_not_meridians(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    theirs = {
        "notes.json": b'{"mine": true}\n',
        "results.data": b"not meridian's\n",
        "meridian-plan.data": b"a file of the user's that happens to start with the name\n",
        "a" * 64 + ".json": b"an old-looking name, but its content is not an entry\n",
    }
    for name, content in theirs.items():
        (shared / name).write_bytes(content)
    legacy = shared / ("b" * 64 + ".json")  # an entry of an earlier meridian, written unprefixed
    payload = b'{"points": []}'
    legacy.write_bytes(cache.digest(payload).encode() + b"\n" + payload)
    monkeypatch.setenv("MERIDIAN_CACHE_DIR", str(shared))
    for n in range(cache.KEEP[".data"] + 3):
        cache.put(f"key{n}", {"points": [{"n": n}]})
        os.utime(shared / f"{cache.PREFIX}key{n}.data", (n, n))  # distinct ages, oldest first
    cache.put("last", {"points": []})
    for name, content in theirs.items():
        assert (shared / name).read_bytes() == content, name
    assert not legacy.exists()
    ours = sorted(p.name for p in shared.glob(f"{cache.PREFIX}*.data") if p.name != "meridian-plan.data")
    assert len(ours) == cache.KEEP[".data"] and f"{cache.PREFIX}last.data" in ours
    assert f"{cache.PREFIX}key0.data" not in ours  # the oldest went first
    assert cache.get("last", ("points",)) == {"points": []}


# -- streams and paths -------------------------------------------------------------------------


def test_a_closed_stdout_is_one_line_not_a_traceback(tmp_path):
    env = {**os.environ, "PYTHONPATH": SRC}
    for command in ("point LI4", "channel BL", f"draw back -o {tmp_path / 'b.svg'}", "--version"):
        out = subprocess.run(
            f"{sys.executable} -m meridian {command} >&-", shell=True, env=env, capture_output=True, text=True
        )
        assert out.returncode == 2, command
        assert out.stderr == "meridian: standard output is closed; send it to a file or /dev/null instead\n"
    assert list(tmp_path.iterdir()) == []  # refused before doing any work


def test_a_closed_stderr_keeps_errors_out_of_the_output():
    env = {**os.environ, "PYTHONPATH": SRC}
    out = subprocess.run(
        f"{sys.executable} -m meridian point NOSUCHPOINT 2>&-", shell=True, env=env, capture_output=True
    )
    assert out.returncode == 1 and out.stdout == b""


EMPTY_OUTPUTS = [
    ["export", "-o", ""],
    ["export", "--format", "csv", "-o", " "],
    ["draw", "back", "-o", ""],
    ["draw", "front", "-o", ""],
    ["draw", "channel", "LU", "-o", ""],
    ["draw", "point", "LI4", "-o", ""],
    ["gallery", "-o", ""],
    ["site", "-o", ""],
    ["schema", "--write", ""],
]


@pytest.mark.parametrize("argv", EMPTY_OUTPUTS, ids=" ".join)
def test_an_empty_output_path_is_refused(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(argv)
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.count("\n") == 1
    assert "expected a file or folder name (got" in err
    assert list(tmp_path.iterdir()) == []  # nothing written here


@pytest.mark.parametrize("path", ["", "  "])
def test_the_library_refuses_an_empty_path_too(G, tmp_path, monkeypatch, path):
    from meridian.export.formats import export_graph, write_schemas

    monkeypatch.chdir(tmp_path)
    for call in (
        lambda: build_site(G, path, workers=1, pages=ONE_PAGE),
        lambda: build_gallery(G, path, workers=1, diagrams=DIAGRAMS[:1]),
        lambda: export_graph(G, path, "csv"),
        lambda: export_graph(G, path, "json"),
        lambda: write_schemas(path),
    ):
        with pytest.raises(UsageError, match="empty"):
            call()
    assert list(tmp_path.iterdir()) == []
