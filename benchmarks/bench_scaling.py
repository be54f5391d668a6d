"""How each step grows with the data: 1x, 10x and 100x, side by side in one run.

    .venv/bin/python benchmarks/bench_scaling.py [--big 100] [--warm]

Synthetic data repeats the shipped points on made-up extra channels (as bench_load.py does).
For each step the median time is printed at 1x, 10x and 100x, and each 10x step's growth
(target: at most 12x, i.e. linear). Each run starts with the processor's caches cold, as a
command does (``--warm`` runs back to back instead, for reference). The steps: loading cached
data and building the graph, the name index, the catalog a lookup answers from, locating 100
spots and suggest with 100 findings (each reaching N times the points), and label placement
(N times the labels).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_load import synthetic

import meridian
from meridian.atlas import loader as io
from meridian.clinic.reasoning import locate, suggest
from meridian.figures.labels import Box, place_labels
from meridian.graph.build import build_graph
from meridian.model import LEVELS
from meridian.query.catalog import build_catalog, fold_names

WARM = False  # --warm: runs back to back, caches warm


def _largest_cache() -> int:
    """The size in bytes of the processor's largest cache (Linux), or 256 MiB when unknown."""
    sizes = []
    for path in Path("/sys/devices/system/cpu/cpu0/cache").glob("index*/size"):
        text = path.read_text().strip()
        if text[:-1].isdigit() and text[-1] in "KM":
            sizes.append(int(text[:-1]) << (10 if text[-1] == "K" else 20))
    return max(sizes, default=256 << 20)


FLUSH_BYTES = 2 * _largest_cache()


def _cool_caches() -> None:
    """Write twice the processor's largest cache, so a run finds none of its data there.

    A command meets its data cold. Run back to back, a size that fits in a cache stays there
    between runs and a larger one cannot, so the growth would measure the caches rather than
    the code (the catalog: 12-14x from 1x to 10x warm, 10.5-11.5x cold).
    """
    block = bytearray(b"\x01") * FLUSH_BYTES
    block[::4096] = b"\x02" * len(block[::4096])


def median_s(fn: Callable[[], object], repeat: int = 3) -> float:
    """Median wall time, each run from cold caches. The cyclic collector is paused while a step
    runs: its passes cost in proportion to every object alive in the process, which would charge
    each step for the size of the whole atlas rather than for its own work."""
    times = []
    for _ in range(repeat):
        gc.collect()
        if not WARM:
            _cool_caches()
        gc.disable()
        try:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return statistics.median(times)


def labels(n: int) -> Callable[[], object]:
    """Placing ``n`` labels beside points in four columns, as on the back chart."""
    candidates = []
    obstacles = []
    for k in range(n):
        x, y = (k % 4) * 1.5, (k // 4) * 1.0
        obstacles.append(Box(x - 0.15, y - 0.15, x + 0.15, y + 0.15))
        spots = [
            (x + 0.3, y, "left"),
            (x - 0.3, y, "right"),
            (x + 0.3, y - 0.5, "left"),
            (x + 0.3, y + 0.5, "left"),
        ]
        candidates.append((f"P{k}", f"BL{k} Name", y, spots))
    return lambda: place_labels(candidates, list(obstacles), 0.3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=100, help="the largest factor (default 100)")
    parser.add_argument("--warm", action="store_true", help="run back to back, caches warm (for reference)")
    args = parser.parse_args()
    global WARM
    WARM = args.warm
    tmp = Path(tempfile.mkdtemp(prefix="meridian-scaling-"))
    os.environ["MERIDIAN_CACHE_DIR"] = str(tmp / "cache")
    meridian.atlas.paths.MAX_FILE_BYTES = 1 << 40  # growth is measured beyond the size limit (bench_size.py)
    factors = [1, 10, args.big]
    rows: dict[str, list[float]] = {}
    for factor in factors:
        folder = tmp / f"x{factor}"
        if factor == 1:
            folder = meridian.default_data_dir()
        else:
            synthetic(meridian.default_data_dir(), folder, factor)
        atlas = io.load(folder)  # checks once and fills the cache

        def cached_load(folder: Path = folder) -> object:
            io._MEMO.clear()
            return io.load(folder)

        rows.setdefault("load (cached) + build graph", []).append(
            median_s(lambda: build_graph(cached_load()), 2)
        )
        G = build_graph(atlas)
        rows.setdefault("name index", []).append(median_s(lambda atlas=atlas: fold_names(atlas.points)))
        rows.setdefault("catalog (what a lookup answers from)", []).append(
            median_s(lambda G=G: build_catalog(G))
        )
        spots = [f"{LEVELS[i % len(LEVELS)]}:{(i % 7) * 0.5}:L" for i in range(100)]
        rows.setdefault("locate, 100 spots", []).append(
            median_s(lambda G=G, spots=spots: [locate(G, s) for s in spots])
        )
        findings = [f"{LEVELS[i % 24]}:{(i % 7) * 0.5}:{'LR'[i % 2]}@tender" for i in range(100)]
        rows.setdefault("suggest, 100 findings", []).append(
            median_s(lambda G=G, findings=findings: suggest(G, findings))
        )
        rows.setdefault("label placement, 120 labels per 1x", []).append(median_s(labels(120 * factor)))
        del atlas, G  # one size alive at a time
        io._MEMO.clear()
    print(f"{'step':38} " + " ".join(f"{f'{f}x':>10}" for f in factors) + "   growth per 10x (target <= 12)")
    ok = True
    for name, times in rows.items():
        growth = [times[i + 1] / times[i] / (factors[i + 1] / factors[i] / 10) for i in range(len(times) - 1)]
        ok &= all(g <= 12 for g in growth)
        print(
            f"{name:38} "
            + " ".join(f"{t * 1000:8.1f}ms" for t in times)
            + "   "
            + ", ".join(f"{g:.1f}x" for g in growth)
        )
    print("every step linear" if ok else "NOT every step is linear")
    return 0


if __name__ == "__main__":
    sys.exit(main())
