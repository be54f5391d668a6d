"""Time of the reasoning queries once the graph is built.

    .venv/bin/python benchmarks/bench_reasoning.py [--repeat N]

Prints the median time of one ``suggest`` with five findings (target under 1 ms) and of ``suggest``
over 10,000 random findings (target under 2 s), and of one ``locate``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time

import meridian
from meridian.clinic.reasoning import locate, suggest
from meridian.model import LEVELS

FIVE = ["T3:1.5:L@tender", "T3:3:L@nodule", "T5:1.5:R", "T4@cold", "CV17@tender"]


def median_s(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    G = meridian.build_graph()
    suggest(G, FIVE)  # warm the per-graph index
    rng = random.Random(0)
    kinds = ["tender", "pain", "swelling", "nodule", "depression", "warm", "cold"]
    cuns = [0, 0.5, 1, 1.5, 2, 3, 3.4]
    many = [
        f"{rng.choice(LEVELS)}:{rng.choice(cuns)}:{rng.choice('LR')}@{rng.choice(kinds)}"
        for _ in range(10_000)
    ]
    five = median_s(lambda: suggest(G, FIVE), args.repeat)
    one_locate = median_s(lambda: locate(G, "T3:1.5:L"), args.repeat)
    big = median_s(lambda: suggest(G, many), 5)
    print(f"suggest, 5 findings:        median {five * 1000:.3f} ms   (target < 1 ms)")
    print(f"locate, one spot:           median {one_locate * 1000:.3f} ms")
    print(f"suggest, 10,000 findings:   median {big:.3f} s    (target < 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
