"""Time to load, validate and build the graph: shipped data, and a synthetic set ten times larger.

    .venv/bin/python benchmarks/bench_load.py [--repeat N]

"cold" reads and checks the YAML (what happens after any edit of the data); "cached" is a later
load of unchanged data, which skips the checks (meridian remembers data it checked clean).
Medians of N runs, in milliseconds; the growth ratio compares the 10x set with the shipped one.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import meridian
from meridian import graph, io


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="meridian-bench-"))
    os.environ["MERIDIAN_CACHE_DIR"] = str(tmp / "cache")
    shipped = meridian.default_data_dir()
    big = tmp / "data10"
    count = synthetic(shipped, big, 10)
    problems = io.validate(big)
    if problems:
        print("synthetic data is invalid:", problems[0], file=sys.stderr)
        return 1

    def cold(folder: Path) -> Callable[[], object]:
        return lambda: graph._build(io.load(folder, cache=False))

    def cached(folder: Path) -> Callable[[], object]:
        def run() -> object:
            io._MEMO.clear()  # as in a new process: read the cache file, build records and graph
            return graph._build(io.load(folder))

        return run

    rows = []
    for label, folder, n in (("shipped", shipped, len(meridian.load().points)), ("10x", big, count)):
        cached(folder)()  # fill the cache
        rows.append((label, n, median_ms(cold(folder), args.repeat), median_ms(cached(folder), args.repeat)))
    print(f"load + validate + build graph, median of {args.repeat} runs (ms)")
    print(f"{'data':<8} {'points':>6} {'cold':>9} {'cached':>9}")
    for label, n, c, w in rows:
        print(f"{label:<8} {n:>6} {c:>9.1f} {w:>9.1f}")
    print(f"growth 10x/shipped: cold {rows[1][2] / rows[0][2]:.1f}x, cached {rows[1][3] / rows[0][3]:.1f}x")
    print("target: 30 ms or less for the shipped data")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
