"""Bad data, bad paths and odd environments end in one clear line: never a crash, hang or lost file."""

from __future__ import annotations

import contextlib
import io
import json
import marshal
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import meridian
from meridian import UsageError
from meridian.cli import main
from meridian.writer import building_folder, write_atomic

LU1 = "- code: LU1\n  channel: LU\n  number: 1\n"


def problems(folder) -> list[str]:
    return [str(p) for p in meridian.validate(folder)]


def one(folder, pattern: str) -> str:
    found = [m for m in problems(folder) if re.search(pattern, m)]
    assert found, problems(folder)
    return found[0]


# -- a corpus of broken data folders: each says what is wrong, and where ------------------------

CORPUS = [
    ("nan cun", "points.yaml", "    lateral_cun: 6\n", "    lateral_cun: .nan\n",
     r"^points\.yaml:47: LU1: location\.lateral_cun: expected a finite number \(got nan\)"),
    ("inf weight", "relations.yaml", "  weight: 1.0\n", "  weight: .inf\n",
     r"^relations\.yaml:\d+: back-shu: weight: expected a finite number \(got inf\)"),
    ("key twice", "points.yaml", "  english: Central Treasury\n",
     "  english: Central Treasury\n  english: Middle Palace\n",
     r"^points\.yaml:42: \(file\): english: expected each key once in a record \(got it again; first on line 41\)"),
    ("anchors", "points.yaml", "  aliases: []\n", "  aliases: &a [x]\n  other_codes: *a\n",
     r"^points\.yaml:\d+: \(file\): \(yaml\): expected plain data; YAML anchors and aliases"),
    ("python tag", "points.yaml", "  region: chest\n", "  region: !!python/object:os.system x\n",
     r"^points\.yaml:44: \(file\): \(yaml\): expected plain YAML data; tags that build objects are refused"),
    ("syntax", "points.yaml", "  number: 1\n", "  number: [1\n",
     r"^points\.yaml:\d+: \(file\): \(yaml\): expected valid YAML"),
    ("huge int", "points.yaml", "  number: 1\n", "  number: " + "9" * 5000 + "\n",
     r"^points\.yaml:\d+: \(file\): \(yaml\): expected valid YAML with numbers of a sane size"),
    ("not a list", "techniques.yaml", None, "tuina: massage\n",
     r"^techniques\.yaml:\d+: \(file\): \(top\): expected a list of records \(got dict\)"),
    ("empty file", "techniques.yaml", None, "",
     r"^techniques\.yaml:1: \(file\): \(top\): expected a list of records \(got an empty file\)"),
    ("unknown channel", "points.yaml", LU1, "- code: LU1\n  channel: XX\n  number: 1\n",
     r"^points\.yaml:35: LU1: channel: expected a known channel code \(got 'XX'"),
    ("code and number", "points.yaml", LU1, "- code: LU1\n  channel: LU\n  number: 2\n",
     r"^points\.yaml:34: LU1: code: expected the code to be channel and number, LU2"),
    ("unknown frame", "points.yaml", "    frame: chest\n", "    frame: wing\n",
     r"^points\.yaml:49: LU1: location\.frame: expected a known frame id \(got 'wing'"),
    ("outside frame", "points.yaml", "    across: 6\n", "    across: 60\n",
     r"^points\.yaml:51: LU1: location\.across: expected a value inside frame chest, from 0 to 10 \(got 60\)"),
    ("back level", "points.yaml", "    level: T3\n    lateral_cun: 1.5\n    side: bilateral\n    frame: back\n    along: 10\n",
     "    level: T3\n    lateral_cun: 1.5\n    side: bilateral\n    frame: back\n    along: 11\n",
     r"^points\.yaml:\d+: BL13: location\.along: expected 10 on the back frame for level T3 \(got 11\)"),
    ("depth order", "points.yaml", "    depth_cun: [0.5, 1]\n", "    depth_cun: [1, 0.5]\n",
     r"^points\.yaml:58: LU1: needling\.depth_cun: expected \[shallowest, deepest\]"),
    ("bad angle", "points.yaml", "    angles: [oblique, transverse]\n", "    angles: [sideways]\n",
     r"^points\.yaml:57: LU1: needling\.angles\[0\]: expected one of perpendicular"),
    ("wrong phase", "points.yaml", "{kind: five-shu, role: jing-well, phase: wood}",
     "{kind: five-shu, role: jing-well, phase: metal}",
     r"^channels\.yaml:\d+: LU: code: expected LU11, the jing-well point of a yin channel, to be wood \(got 'metal'\)"),
    ("two yuan", "points.yaml", "  - {kind: yuan}\n", "  - {kind: yuan}\n  - {kind: luo}\n",
     r"luo point\(s\) on LU \(got 2: LU7, LU9\)"),
    ("a hui point lost", "points.yaml", "  - {kind: hui, of: vessels}\n", "",
     r"^points\.yaml:1: \(file\): categories: expected 8 hui in the atlas \(got 7\)"),
    ("unknown source", "points.yaml", "sources: [sacredlotus,", "sources: [nowhere,",
     r"^points\.yaml:68: LU1: organs\[0\]\.sources\[0\]: expected a known source id \(got 'nowhere'"),
    ("unknown organ", "points.yaml", "  - {kind: front-mu, organ: lung}\n", "  - {kind: front-mu, organ: lungs}\n",
     r"^points\.yaml:63: LU1: categories\[0\]\.organ: expected a known organ id \(got 'lungs'; did you mean lung\?\)"),
    ("category without relation", "points.yaml", "  - {kind: front-mu, organ: lung}\n",
     "  - {kind: front-mu, organ: heart}\n",
     r"^points\.yaml:63: LU1: categories\[0\]: expected a matching organ relation front-mu of heart"),
    ("duplicate code", "points.yaml", "- code: LU2\n  channel: LU\n  number: 2\n", "- code: LU1\n  channel: LU\n  number: 2\n",
     r"^points\.yaml:\d+: LU1: code: expected a unique code \(got 'LU1' again"),
    ("paired one way", "channels.yaml", "  paired: LI\n", "  paired: ST\n",
     r"^channels\.yaml:\d+: LU: paired: expected ST to be paired with LU in return"),
    ("flows to nowhere", "channels.yaml", "  flows_to: LI\n", "  flows_to: XY\n",
     r"^channels\.yaml:\d+: LU: flows_to: expected a known channel code \(got 'XY'"),
    ("vessel confluent", "vessels.yaml", "  confluent: SP4\n", "  confluent: SP5\n",
     r"^vessels\.yaml:\d+: chong: confluent: expected SP5 to list itself as confluent of chong"),
    ("red flag without trigger", "red_flags.yaml", "  age_over: 50\n  age_under: 20\n",
     "", r"^red_flags\.yaml:\d+: age: terms: expected at least one term"),
    ("unknown field", "points.yaml", "  region: chest\n", "  region: chest\n  colour: red\n",
     r"^points\.yaml:\d+: LU1: colour: expected one of the known fields"),
    ("missing field", "points.yaml", "  english: Central Treasury\n", "",
     r"^points\.yaml:34: LU1: english: expected a value \(got nothing: the field is missing\)"),
    ("a date", "points.yaml", "  english: Central Treasury\n", "  english: Central Treasury\n  reviewed: 2024-05-01\n",
     r"^points\.yaml:34: LU1: reviewed: expected one of the known fields"),
    ("a date for a number", "points.yaml", LU1, "- code: LU1\n  channel: LU\n  number: 2024-05-01\n",
     r'^points\.yaml:36: LU1: number: expected a whole number \(got "2024-05-01"\)'),
    ("a set", "points.yaml", "  aliases: []\n", "  aliases: !!set {a, b}\n",
     r"^points\.yaml:42: \(file\): \(yaml\): expected plain YAML data; tags that build objects are refused \(got tag:yaml\.org,2002:set\)"),
    ("binary", "points.yaml", "  english: Central Treasury\n", "  english: !!binary aGVsbG8=\n",
     r"^points\.yaml:41: \(file\): \(yaml\): expected plain YAML data; tags that build objects are refused \(got tag:yaml\.org,2002:binary\)"),
    ("keys of mixed kinds", "points.yaml", "  region: chest\n", "  region: chest\n  3: a\n  ~: b\n  x: c\n",
     r"^points\.yaml:34: LU1: \[3\]: expected one of the known fields"),
    ("a list as a key", "points.yaml", "  region: chest\n", "  region: chest\n  [a]: x\n",
     r"^points\.yaml:45: \(file\): \(yaml\): expected plain YAML data \(got found unhashable key\)"),
]  # fmt: skip


def test_the_corpus_is_large_enough():
    assert len(CORPUS) + 6 >= 25  # and the six file-level cases below


@pytest.mark.parametrize(("name", "file", "old", "new", "pattern"), CORPUS, ids=[c[0] for c in CORPUS])
def test_broken_data_is_reported_with_file_and_line(data_copy, name, file, old, new, pattern):
    path = data_copy / file
    text = path.read_text(encoding="utf-8")
    if old is None:
        text = new
    else:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    message = one(data_copy, pattern)
    assert len(message) < 500 and "\n" not in message


def test_a_billion_laughs_is_refused_at_once(data_copy):
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for i in range(1, 12):
        bomb += (
            f"{chr(97 + i)}: &{chr(97 + i)} [*{chr(96 + i)},*{chr(96 + i)},*{chr(96 + i)},*{chr(96 + i)}]\n"
        )
    (data_copy / "organs.yaml").write_text(bomb, encoding="utf-8")
    message = one(data_copy, r"^organs\.yaml:\d+: \(file\): \(yaml\): expected plain data; YAML anchors")
    assert len(message) < 300


def test_bytes_that_are_not_utf8_are_reported_with_their_line(data_copy):
    path = data_copy / "organs.yaml"
    path.write_bytes(path.read_bytes().replace(b"Lung", b"L\xffng", 1))
    one(data_copy, r"^organs\.yaml:14: \(file\): \(encoding\): expected UTF-8 text \(got the byte 0xff")


def test_a_pipe_is_refused_without_blocking(data_copy):
    (data_copy / "organs.yaml").unlink()
    os.mkfifo(data_copy / "organs.yaml")
    one(
        data_copy,
        r"^organs\.yaml:0: \(file\): \(file\): expected a regular file \(got a device, pipe or socket\)",
    )
    with pytest.raises(meridian.DataError):
        meridian.load(data_copy)


def test_a_link_to_an_endless_device_is_refused(data_copy):
    (data_copy / "organs.yaml").unlink()
    (data_copy / "organs.yaml").symlink_to("/dev/zero")
    one(data_copy, r"^organs\.yaml:0: \(file\): \(file\): expected a regular file")


def test_a_folder_in_place_of_a_file(data_copy):
    (data_copy / "organs.yaml").unlink()
    (data_copy / "organs.yaml").mkdir()
    one(data_copy, r"^organs\.yaml:0: \(file\): \(file\): expected a regular file \(got a folder\)")


def test_a_missing_file(data_copy):
    (data_copy / "vessels.yaml").unlink()
    one(data_copy, r"^vessels\.yaml:0: \(file\): \(file\): expected the file to exist")


# -- a data folder's own schemas may add rules, never remove them -------------------------------


@pytest.mark.parametrize(
    ("schema", "pattern"),
    [
        ({"$ref": "https://example.invalid/x.json"}, r"expected only references inside the schema"),
        ("not json", r"expected a JSON Schema"),
        ({"type": "wibble"}, r"expected a valid JSON Schema"),
        (
            {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"},
            r"/\$defs/b: expected references that never lead back to where they stand \(got a loop through #/\$defs/a\)",
        ),
        (
            {"items": {"$ref": "#"}},
            r"/items: expected references that never lead back .* \(got a loop through #\)",
        ),
        (
            "[" * 100_000 + "]" * 100_000,
            r"\(json\): expected a JSON Schema nested at most 32 deep \(got deeper\)",
        ),
        (
            {"$ref": "#/$defs/gone"},
            r"/\$ref: expected a reference to a part of this schema \(got #/\$defs/gone, which is not there\)",
        ),
        (
            {"items": {"properties": {"name": {"pattern": "^(a+)+$"}}}},
            r"/items/properties/name/pattern: expected a pattern without a repeat inside a repeat, which can take exponential time",
        ),
    ],
)
def test_a_bad_local_schema_is_one_line(data_copy, schema, pattern):
    path = data_copy / "schema" / "organs.schema.json"
    path.write_text(schema if isinstance(schema, str) else json.dumps(schema), encoding="utf-8")
    message = one(data_copy, r"^schema/organs\.schema\.json:0: " + r".*" + pattern)
    assert "\n" not in message


def test_an_empty_local_schema_does_not_switch_the_checks_off(data_copy):
    (data_copy / "schema" / "points.schema.json").write_text("{}", encoding="utf-8")
    path = data_copy / "points.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    lateral_cun: 6\n", "    lateral_cun: -6\n", 1)
    )
    one(data_copy, r"^points\.yaml:47: LU1: location\.lateral_cun: expected a distance")


def test_a_local_schema_can_add_a_rule(data_copy):
    rule = {"type": "array", "items": {"properties": {"name": {"maxLength": 5}}}}
    (data_copy / "schema" / "organs.schema.json").write_text(json.dumps(rule), encoding="utf-8")
    one(data_copy, r"^organs\.yaml:\d+: large_intestine: name: ")


# -- the cache ---------------------------------------------------------------------------------


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.data"))


def test_a_tampered_or_misshapen_cache_entry_is_rebuilt(data_copy, tmp_path, monkeypatch):
    from meridian.atlas import cache
    from meridian.atlas import loader as io

    monkeypatch.setenv("MERIDIAN_CACHE_DIR", str(tmp_path / "c"))
    meridian.load(data_copy)
    (entry,) = _entries(tmp_path / "c")
    digest, _, payload = entry.read_bytes().partition(b"\n")
    data = marshal.loads(payload)
    data["points"][0]["pinyin"] = "Tampered"
    entry.write_bytes(digest + b"\n" + marshal.dumps(data))  # edited without its hash
    io._MEMO.pop(str(data_copy), None)  # forget this folder only: the shipped data stays loaded
    assert next(p for p in meridian.load(data_copy).points if p.code == "LU1").pinyin == "Zhongfu"
    for bad in (b"x\n[1, 2]", b"", marshal.dumps([1, 2])):
        entry.write_bytes(bad)
        assert cache.get(entry.stem.removeprefix(cache.PREFIX), io.DATA_FILES) is None
    payload = marshal.dumps({"points": [1, 2]})  # intact, but not the data's shape
    entry.write_bytes(cache.digest(payload).encode() + b"\n" + payload)
    assert cache.get(entry.stem.removeprefix(cache.PREFIX), io.DATA_FILES) is None


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"MERIDIAN_NO_CACHE": "0"}, "on"),
        ({"MERIDIAN_NO_CACHE": "1"}, None),
        (
            {
                "MERIDIAN_CACHE_DIR": "relative/path",
                "XDG_CACHE_HOME": "also/relative",
                "HOME": "/nonexistent",
            },
            None,
        ),
    ],
)
def test_where_the_cache_lives(monkeypatch, env, expected):
    from meridian.atlas.cache import cache_dir

    for key in ("MERIDIAN_NO_CACHE", "MERIDIAN_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("HOME", "/root")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    found = cache_dir()
    assert (found is not None) == (expected == "on")


def test_no_home_no_folder_made(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("MERIDIAN_CACHE_DIR", "XDG_CACHE_HOME")}
    env["HOME"] = str(tmp_path / "nohome")
    out = subprocess.run(
        [sys.executable, "-m", "meridian", "point", "LI4"], env=env, capture_output=True, text=True
    )
    assert out.returncode == 0 and "Hégǔ" in out.stdout
    assert not (tmp_path / "nohome").exists()


# -- writing -----------------------------------------------------------------------------------


def test_writing_through_a_link_keeps_the_link(tmp_path):
    real = tmp_path / "real.svg"
    real.write_text("old")
    link = tmp_path / "link.svg"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_an_existing_files_mode_is_kept_and_a_new_one_follows_the_umask(tmp_path):
    old = tmp_path / "old.txt"
    old.write_text("x")
    old.chmod(0o600)
    write_atomic(old, b"y")
    assert stat.S_IMODE(old.stat().st_mode) == 0o600
    mask = os.umask(0o077)
    try:
        write_atomic(tmp_path / "new.txt", b"z")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("", "empty path"),
        ("{tmp}", "it is a folder"),
        ("/dev/null", "not a regular file"),
        ("{tmp}/missing/x.svg", "does not exist"),
        ("{tmp}/file.txt/x.svg", "is a file, not a folder"),
        ("{tmp}/" + "x" * 300 + ".svg", "longer than 255 bytes"),
    ],
)
def test_targets_that_cannot_be_written_are_refused_in_one_line(tmp_path, target, says):
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(UsageError, match=says) as info:
        write_atomic(target.format(tmp=tmp_path), b"data")
    assert "\n" not in str(info.value)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]  # no temporary file left


def test_a_read_only_folder_is_one_line(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(UsageError, match="cannot write"):
            write_atomic(tmp_path / "x.svg", b"x")
    finally:
        tmp_path.chmod(0o700)


def test_a_folder_is_swapped_in_whole_or_not_at_all(tmp_path):
    out = tmp_path / "site"
    with building_folder(out) as aside:
        (aside / "old.html").write_text("old")
    with pytest.raises(RuntimeError), building_folder(out) as aside:
        (aside / "new.html").write_text("half")
        raise RuntimeError("stopped halfway")
    assert sorted(p.name for p in out.iterdir()) == [".meridian-output", "old.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    with building_folder(out) as aside:
        (aside / "new.html").write_text("whole")
    assert sorted(p.name for p in out.iterdir()) == [".meridian-output", "new.html"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_failed_gallery_leaves_the_old_one(tmp_path, G):
    from meridian.gallery import DIAGRAMS, Diagram, build_gallery

    out = tmp_path / "gallery"
    with building_folder(out, "meridian gallery") as aside:  # a gallery of meridian's own
        (aside / "index.html").write_text("the old gallery")
    broken = Diagram("broken", "channel", "x", "x", channel="ZZ")
    with pytest.raises(Exception, match="ZZ"):  # whatever the drawing raises, naming the channel
        build_gallery(G, out, workers=1, diagrams=(DIAGRAMS[0], broken))
    assert (out / "index.html").read_text() == "the old gallery"
    assert [p.name for p in tmp_path.iterdir()] == ["gallery"]


def test_names_are_text_not_mathematics(data_copy, tmp_path):
    path = data_copy / "points.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  english: Central Treasury\n", "  english: Central $Treasury\n", 1
        )
    )
    assert main(["--data", str(data_copy), "draw", "channel", "LU", "-o", str(tmp_path / "lu.svg")]) == 0
    assert main(["--data", str(data_copy), "draw", "back", "-o", str(tmp_path / "b.png")]) == 0


@pytest.mark.parametrize("dpi", ["0", "-5", "nan", "inf", "3000", "1e999", "9" * 5000])
def test_dpi_out_of_range_is_usage(tmp_path, capsys, dpi):
    with pytest.raises(SystemExit) as info:
        main(["draw", "back", "--dpi", dpi, "-o", str(tmp_path / "x.png")])
    assert info.value.code == 2 and capsys.readouterr().err.count("\n") == 1
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("target", ["{tmp}/sub.svg", "{tmp}/no/x.svg", "{tmp}/file.txt/x.svg"])
def test_output_that_cannot_be_written_is_one_line(tmp_path, capsys, target):
    (tmp_path / "sub.svg").mkdir()
    (tmp_path / "file.txt").write_text("x")
    assert main(["draw", "channel", "LU", "-o", target.format(tmp=tmp_path)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


# -- every command: 0, 1 or 2, one line on stderr, no partial file ------------------------------

WORDS = ["point", "channel", "search", "locate", "suggest", "distance", "validate", "draw", "back", "--json",
         "--symptom", "--days", "--age", "--dpi", "--category", "--frame", "BL13", "LI4", "T3:1.5:L", "T99",
         "Zhongdu", "P6", "xi", "-1", "1e999", "nan", "", "$x$", "🙂", "LU", "@", "--needling", "none",
         "export", "-o", "{tmp}/g.json", "{tmp}/g.ttl", "{tmp}/missing/g.json", "{tmp}", "--format", "csv"]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), min_size=1, max_size=5))
def test_random_command_lines(tmp_path_factory, argv):
    if "draw" in argv or "gallery" in argv:  # drawing is tested above; keep this fast
        return
    tmp = tmp_path_factory.mktemp("out")
    argv = [a.replace("{tmp}", str(tmp)) for a in argv]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: usage errors and --help
            code = exc.code if isinstance(exc.code, int) else 2
    assert code in (0, 1, 2)
    if code:
        assert err.getvalue().count("\n") in (1, 0) or err.getvalue().startswith("usage:")
    leftovers = [p.name for p in tmp.rglob("*") if p.name.endswith(".tmp") or ".new" in p.name]
    assert leftovers == []  # no half-written file, whatever happened
    if code:
        assert not any(p.is_file() for p in tmp.rglob("*")), "a failed command wrote a file"


def test_a_closed_pipe_and_an_unencodable_terminal(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    out = subprocess.run([sys.executable, "-m", "meridian", "point", "LI4"], env=env, capture_output=True)
    assert out.returncode == 0 and b"\\u5408" in out.stdout and out.stderr == b""
    piped = subprocess.run(
        f"{sys.executable} -m meridian channel BL | head -1", shell=True, capture_output=True, env=os.environ
    )
    assert piped.returncode == 0 and piped.stderr == b""


def test_a_full_stdout_is_one_line():
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        out = subprocess.run(
            [sys.executable, "-m", "meridian", "channel", "BL"], stdout=full, stderr=subprocess.PIPE
        )
    assert out.returncode == 1 and out.stderr.decode().count("\n") == 1
    assert out.stderr.decode().startswith("meridian: cannot write the output")
