"""The cache cannot be poisoned: what is kept under a key is what the bytes of that key say.

A command takes the key of a data folder (a hash of its files), reads and checks the files, and
keeps what it found under the key. A file edited in between must not have its new text kept
under the old text's key: once the edit is undone, ``point``, ``channel`` and ``search`` would
answer with the edited text from the cache, exit 0.
"""

from __future__ import annotations

import contextlib
import io

import pytest

from meridian.atlas import cache
from meridian.cli import main

REAL, EDITED = "Central Treasury", "Poisoned Well"


def run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    assert err.getvalue() == "" or code != 0, err.getvalue()
    return code, out.getvalue()


def answers(folder) -> dict[str, str]:
    """What point, channel and search print about LU1 (by its English name)."""
    found = {}
    for argv in (["point", "LU1"], ["channel", "LU"], ["search", "Treasury"], ["search", "Poisoned"]):
        _, found[" ".join(argv)] = run("--data", str(folder), *argv)
    return found


@pytest.mark.parametrize(
    "step",
    [
        "get",  # the lookup took its key and found nothing cached; the data is loaded next
        "snapshot",  # the load read the files; their text is parsed and checked next
    ],
)
def test_a_file_edited_while_a_command_reads_it_is_not_kept_under_the_old_key(
    data_copy, tmp_path, monkeypatch, step
):
    monkeypatch.setenv("MERIDIAN_CACHE_DIR", str(tmp_path / "cache"))  # cold: the command reads the files
    points = data_copy / "points.yaml"
    real = points.read_text(encoding="utf-8")
    assert real.count(REAL) == 1
    original = getattr(cache, step)
    edits = []

    def edit_between(*args, **kwargs):
        result = original(*args, **kwargs)
        if not edits and kwargs.get("keep", True):  # once, after the first such step
            points.write_text(real.replace(REAL, EDITED), encoding="utf-8")
            edits.append(step)
        return result

    monkeypatch.setattr(cache, step, edit_between)
    code, _ = run("--data", str(data_copy), "point", "LU1")
    assert code == 0 and edits == [step]
    monkeypatch.setattr(cache, step, original)

    edited = answers(data_copy)  # the file says "Poisoned Well" now, and so do the answers
    assert EDITED in edited["point LU1"] and EDITED in edited["channel LU"]
    assert "LU1" in edited["search Poisoned"] and "LU1" not in edited["search Treasury"]

    points.write_text(real, encoding="utf-8")  # the edit undone: the real text again, everywhere
    after = answers(data_copy)
    assert REAL in after["point LU1"] and EDITED not in after["point LU1"]
    assert REAL in after["channel LU"] and EDITED not in after["channel LU"]
    assert "LU1" in after["search Treasury"] and after["search Poisoned"] == ""


def test_the_key_is_of_the_bytes_that_are_parsed(data_copy):
    key, raws = cache.snapshot(data_copy)
    assert key == cache.fingerprint(data_copy)
    assert raws["points.yaml"] == (data_copy / "points.yaml").read_bytes()
    assert set(raws) >= {"points.yaml", "channels.yaml", "schema/points.schema.json"}
    edited = (data_copy / "points.yaml").read_text(encoding="utf-8").replace(REAL, EDITED)
    (data_copy / "points.yaml").write_text(edited, encoding="utf-8")
    assert cache.fingerprint(data_copy) not in (key, None)
