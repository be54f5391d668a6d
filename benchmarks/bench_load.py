"""Cold load, validate and build against parsing the YAML alone: shipped data and ten times more.

    .venv/bin/python benchmarks/bench_load.py [--repeat N]

The floor is parsing the data files with PyYAML's C loader and nothing else (the cyclic garbage
collector paused, as meridian pauses it while loading). Side by side in one run, interleaved:

- in process: a cold load (read, check every record against the schemas and across records,
  build the records and the graph), the same right after editing one record (the cache on, as a
  notebook has it), ``validate()`` with the cache on and off, and a cached load + build;
- as commands, each a new process: ``meridian point BL13`` and ``meridian validate`` right after
  editing one record, and ``meridian validate`` with the cache off, against a command that imports
  yaml and parses the same files.

With the cache on, a read parses again only the records whose text changed since the last read
(``meridian.reparse``), so after an edit the command can beat the parse of the whole data; the
rows with the cache off show the cost of parsing everything.

Targets: each at most 1.5x the parse, for the shipped data; the 10x set shows the growth.
Prints each median, each ratio, and PASS or MISS.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

import meridian
from meridian.atlas import loader as io
from meridian.atlas.paths import DATA_FILES
from meridian.graph import build as graph

TARGET = 1.5


def synthetic(src: Path, dst: Path, factor: int) -> int:
    """Copy the data folder with the points repeated ``factor`` times on made-up extra channels."""
    shutil.copytree(src, dst)
    text = (src / "points.yaml").read_text(encoding="utf-8")
    header, _, body = text.partition("\n- code:")
    records = ("- code:" + body).split("\n- code:")
    records = [r if r.startswith("- code:") else "- code:" + r for r in records]
    out = [header, ""]
    channels = (src / "channels.yaml").read_text(encoding="utf-8")
    extra_channels = []
    n = 0
    for copy in range(factor):
        if copy == 0:
            out += records
            continue
        code = "EX-Z" + chr(ord("A") + copy // 26) + chr(ord("A") + copy % 26)  # no real group starts EX-Z
        extra_channels.append(
            f"\n- code: {code}\n  name: Synthetic {copy}\n  pinyin: X\n  pinyin_tones: X\n  hanzi: 奇\n"
            "  hanzi_simplified: 奇\n  kind: extra\n  aliases: []\n  limb: null\n  polarity: null\n"
            "  shared_aliases: []\n  organ: null\n  paired: null\n  flows_to: null\n"
            "  point_count: null\n  complete: false\n  flow: None.\n  sources: [meandqi, cmd]\n"
        )
        for number, rec in enumerate(records, start=1):
            n += 1
            rec = re.sub(
                r"^- code: \S+\n  channel: \S+\n  number: \d+",
                f"- code: {code}{number}\n  channel: {code}\n  number: {number}",
                rec,
            )
            rec = re.sub(
                r"\n  hanzi: (\S+)",
                lambda m, n=n: f"\n  hanzi: {m.group(1)}{chr(0x4E00 + n % 20000)}{chr(0x4E00 + n // 20000)}",
                rec,
                count=1,
            )
            rec = re.sub(r"\n  aliases: \[[^\]]*\]", "\n  aliases: []", rec, count=1)
            rec = re.sub(r"\n  aliases:\n(  - .*\n)+", "\n  aliases: []\n", rec, count=1)
            rec = re.sub(r"\n  other_codes:\n(  - .*\n(    .*\n)*)+", "\n  other_codes: []\n", rec, count=1)
            out.append(rec)
    (dst / "points.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    (dst / "channels.yaml").write_text(channels + "".join(extra_channels), encoding="utf-8")
    return len(records) * factor


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def parse_alone(folder: Path) -> None:
    """The floor: each data file parsed by the C loader, nothing else."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        for stem in DATA_FILES:
            yaml.load((folder / f"{stem}.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    finally:
        if collecting:
            gc.enable()


class Editor:
    """Edits one record of a data folder anew each time (BL13's English name)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "points.yaml"
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        text = self.path.read_text(encoding="utf-8")
        text = re.sub(r"english: Lung Shu[^\n]*", f"english: Lung Shu {self.count}", text, count=1)
        self.path.write_text(text, encoding="utf-8")


def validate_uncached(folder: Path) -> object:
    """``validate()`` with the cache off: every record parsed."""
    os.environ["MERIDIAN_NO_CACHE"] = "1"
    try:
        return io.validate(folder)
    finally:
        del os.environ["MERIDIAN_NO_CACHE"]


def in_process(folder: Path, repeat: int) -> dict[str, float]:
    """Medians (ms) of the steps in this process, interleaved."""
    edit = Editor(folder)

    def after_edit() -> float:
        edit()
        start = time.perf_counter()
        graph._build(io.load(folder))
        return time.perf_counter() - start

    def cached() -> object:
        io._MEMO.clear()  # as in a new process: read the cache file, build records and graph
        return graph._build(io.load(folder))

    steps: dict[str, Callable[[], object]] = {
        "parse alone": lambda: parse_alone(folder),
        "cold load + validate + build": lambda: graph._build(io.load(folder, cache=False)),
        "validate()": lambda: io.validate(folder),
        "validate(), cache off": lambda: validate_uncached(folder),
        "cached load + build": cached,
    }
    cached()  # fills the cache
    times: dict[str, list[float]] = {name: [] for name in [*steps, "load + build after editing a record"]}
    for _ in range(repeat):
        for name, fn in steps.items():
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
        times["load + build after editing a record"].append(after_edit() * 1000)
    return {name: statistics.median(t) for name, t in times.items()}


def commands(folder: Path, repeat: int, env: dict[str, str]) -> dict[str, float]:
    """Medians (ms) of commands, each a new process, interleaved."""
    script = shutil.which("meridian", path=str(Path(sys.executable).parent))
    meridian_cmd = [script] if script else [sys.executable, "-m", "meridian"]
    files = [str(folder / f"{stem}.yaml") for stem in DATA_FILES]
    parse = (
        "import gc, yaml\ngc.disable()\n"
        f"for f in {files!r}:\n"
        "    yaml.load(open(f, encoding='utf-8').read(), Loader=yaml.CSafeLoader)\n"
    )
    edit = Editor(folder)
    off = {**env, "MERIDIAN_NO_CACHE": "1"}
    runs = {
        "python: import yaml, parse the files": ([sys.executable, "-c", parse], None, env),
        "meridian point BL13, after editing a record": (
            [*meridian_cmd, "--data", str(folder), "point", "BL13"],
            edit,
            env,
        ),
        "meridian validate, after editing a record": ([*meridian_cmd, "validate", str(folder)], edit, env),
        "meridian validate, cache off": ([*meridian_cmd, "validate", str(folder)], None, off),
    }
    for cmd, _, cmd_env in runs.values():  # warm the disk cache and meridian's compiled schema checks
        subprocess.run(cmd, env=cmd_env, check=True, stdout=subprocess.DEVNULL)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, (cmd, before, cmd_env) in runs.items():
            if before is not None:
                before()
            start = time.perf_counter()
            subprocess.run(cmd, env=cmd_env, check=True, stdout=subprocess.DEVNULL)
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(t) for name, t in times.items()}


def verdict(value: float, floor: float, step: str = "") -> str:
    ratio = value / floor
    if step.endswith("cache off"):  # what a user who turns the cache off waits: no target
        return f"{ratio:.2f}x the parse (for reference, no target: nothing kept from earlier runs)"
    return f"{ratio:.2f}x the parse (target {TARGET}): {'PASS' if ratio <= TARGET else 'MISS'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="meridian-bench-"))
    env = {**os.environ, "MERIDIAN_CACHE_DIR": str(tmp / "cache")}
    env.pop("MERIDIAN_NO_CACHE", None)
    os.environ.update(env)
    compileall.compile_dir(Path(meridian.__file__).parent, quiet=1)  # as an installed package is
    shipped = tmp / "data"
    shutil.copytree(meridian.default_data_dir(), shipped)
    big = tmp / "data10"
    count = synthetic(meridian.default_data_dir(), big, 10)
    problems = io.validate(big)
    if problems:
        print("synthetic data is invalid:", problems[0], file=sys.stderr)
        return 1
    sizes = {"shipped": (shipped, len(meridian.load().points)), "10x": (big, count)}
    results = {label: in_process(folder, args.repeat) for label, (folder, _) in sizes.items()}
    print(f"in process, median of {args.repeat} runs (ms)")
    print(f"{'':40} " + " ".join(f"{f'{label} ({n})':>14}" for label, (_, n) in sizes.items()))
    for step in results["shipped"]:
        print(f"{step:40} " + " ".join(f"{results[label][step]:14.1f}" for label in sizes))
    floor = results["shipped"]["parse alone"]
    for step in (
        "cold load + validate + build",
        "load + build after editing a record",
        "validate()",
        "validate(), cache off",
    ):
        print(f"{step}, shipped: {verdict(results['shipped'][step], floor, step)}")
        big_floor = results["10x"]["parse alone"]
        print(f"  (10x: {results['10x'][step] / big_floor:.2f}x its parse)")
    cold = results["shipped"]["cold load + validate + build"]
    print(f"growth 10x/shipped: cold {results['10x']['cold load + validate + build'] / cold:.1f}x")
    timed = commands(shipped, max(5, args.repeat // 2), env)
    print(f"\nas commands, shipped data, median of {max(5, args.repeat // 2)} runs (ms)")
    base_name = "python: import yaml, parse the files"
    base = timed.pop(base_name)
    print(f"{base_name:46} {base:8.1f}")
    for name, value in timed.items():
        print(f"{name:46} {value:8.1f}   {verdict(value, base, name)}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
