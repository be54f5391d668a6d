"""Reading a data folder from elsewhere: only regular files of a bounded size, plain data, no hang.

The corpus of broken files is in test_hardening.py; these are the cases that need more than an
edit of one file: a file swapped after it was looked at, a pseudo-file that waits when read, the
size limit, and a date read with the cache cold and warm.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys

import pytest

import meridian
from meridian.atlas import paths
from meridian.atlas.files import Unreadable, read_regular
from meridian.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_a_file_swapped_for_a_pipe_after_it_was_looked_at_is_refused_without_blocking(tmp_path, monkeypatch):
    regular, pipe = tmp_path / "regular.yaml", tmp_path / "organs.yaml"
    regular.write_text("- id: lung\n")
    os.mkfifo(pipe)
    real_stat = os.stat
    # What is looked at first is a regular file; what is then opened is the pipe (no writer: an
    # open without O_NONBLOCK would wait for one for ever).
    monkeypatch.setattr(
        os, "stat", lambda p, *a, **k: real_stat(regular if str(p) == str(pipe) else p, *a, **k)
    )
    with pytest.raises(Unreadable, match=r"^expected a regular file \(got a device, pipe or socket\)$"):
        read_regular(pipe, limit=100)


def test_a_pseudo_file_that_waits_when_read_reads_as_empty():
    # /proc/kmsg is a regular file of size 0 whose read waits for the kernel's next message.
    if not os.access("/proc/kmsg", os.R_OK):
        pytest.skip("/proc/kmsg is not readable here (not root, or not Linux)")
    code = (
        "import pathlib, shutil, sys, tempfile, meridian\n"
        "d = pathlib.Path(tempfile.mkdtemp()) / 'data'\n"
        "shutil.copytree(meridian.default_data_dir(), d)\n"
        "(d / 'organs.yaml').unlink(); (d / 'organs.yaml').symlink_to('/proc/kmsg')\n"
        "for p in meridian.validate(d): print(p)\n"
        "from meridian.cli import main; sys.exit(main(['--data', str(d), 'point', 'LI4']))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 2, out.stderr
    first = "organs.yaml:1: (file): (top): expected a list of records (got an empty file)"
    assert out.stdout.splitlines()[0] == first
    assert out.stderr.count("\n") == 1 and out.stderr.startswith(f"meridian: invalid data: {first}")


def test_the_size_limit_is_where_a_first_command_takes_seconds():
    shipped = (meridian.default_data_dir() / "points.yaml").stat().st_size
    assert 5 * shipped <= paths.MAX_FILE_BYTES <= 12 * shipped  # bench_size.py: 0.55 s a MiB
    assert paths.MAX_FILE_BYTES == 5 * 2**20


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_refused_at_once(data_copy, monkeypatch):
    points = data_copy / "points.yaml"
    monkeypatch.setattr(paths, "MAX_FILE_BYTES", points.stat().st_size)  # the limit, at the shipped size
    assert meridian.validate(data_copy) == []
    with points.open("a", encoding="utf-8") as fh:
        fh.write("#")
    problem, skipped = [str(p) for p in meridian.validate(data_copy)]
    assert problem.startswith("points.yaml:0: (file): (file): expected a file of at most ")
    assert skipped.startswith("points.yaml:0: (file): (checks): not checked: ")


def test_a_file_over_the_real_limit_is_refused_in_one_line(data_copy):
    points = data_copy / "points.yaml"
    with points.open("a", encoding="utf-8") as fh:
        fh.write("#" * (paths.MAX_FILE_BYTES - points.stat().st_size + 1) + "\n")
    code, out, err = run("--data", str(data_copy), "point", "LI4")
    assert code == 2 and out == ""
    assert err == (
        "meridian: invalid data: points.yaml:0: (file): (file): expected a file of at most 5 MiB (got 5.1 MiB)"
        " (and 1 more; run 'meridian validate' to list them)\n"
    )


@pytest.mark.parametrize("kind", ["a folder", "a pipe", "a link to nothing"])
def test_a_local_schema_that_is_no_regular_file_is_refused(data_copy, kind):
    path = data_copy / "schema" / "organs.schema.json"
    path.unlink()
    expected = {"a folder": "expected a regular file (got a folder)"}
    if kind == "a folder":
        path.mkdir()
    elif kind == "a pipe":
        os.mkfifo(path)
        expected[kind] = "expected a regular file (got a device, pipe or socket)"
    else:
        path.symlink_to(data_copy / "nowhere.json")
        expected[kind] = "expected the file to exist (got none)"
    assert [str(p) for p in meridian.validate(data_copy)] == [
        f"schema/organs.schema.json:0: (file): (file): {expected[kind]}"
    ]
    code, _, err = run("--data", str(data_copy), "point", "LI4")
    assert code == 2 and err.count("\n") == 1


@pytest.mark.parametrize("warm", [False, True], ids=["cold cache", "warm cache"])
def test_a_date_is_read_as_text_with_the_cache_cold_or_warm(data_copy, tmp_path, monkeypatch, warm):
    monkeypatch.setenv("MERIDIAN_CACHE_DIR", str(tmp_path / "cache"))
    if warm:  # the records parsed last are remembered: an edited record is then parsed alone
        assert run("--data", str(data_copy), "point", "LI4")[0] == 0
    points = data_copy / "points.yaml"
    text = points.read_text(encoding="utf-8")
    points.write_text(text.replace("  english: Central Treasury\n", "  english: 2024-05-01\n", 1))
    code, out, _ = run("--data", str(data_copy), "point", "LU1")
    assert code == 0 and out.splitlines()[0] == "LU1  Zhōngfǔ  中府  2024-05-01"
    points.write_text(
        text.replace("  english: Central Treasury\n", "  english: X\n  reviewed: 2024-05-01\n", 1)
    )
    code, out, err = run("--data", str(data_copy), "point", "LU1")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(
        "meridian: invalid data: points.yaml:34: LU1: reviewed: expected one of the known fields"
    )
