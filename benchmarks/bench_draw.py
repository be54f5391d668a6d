"""Time to draw the back chart to SVG, and to build the whole gallery.

    .venv/bin/python benchmarks/bench_draw.py [--repeat N] [--workers W]

"import" is the first import of matplotlib and meridian.draw (paid once per process); "back chart
to SVG" is the median of N runs of draw_back + save after that (target: under 0.5 s); "gallery"
is one build_gallery into a temporary folder with W worker processes.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import meridian


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    G = meridian.build_graph()
    start = time.perf_counter()
    import matplotlib

    matplotlib.use("Agg")
    from meridian import draw, gallery

    imported = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "back.svg"
        draw.save(draw.draw_back(G), target)  # warm-up: fonts and caches
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            draw.save(draw.draw_back(G), target)
            times.append(time.perf_counter() - t)
        t = time.perf_counter()
        files = gallery.build_gallery(G, Path(tmp) / "gallery", workers=args.workers)
        whole = time.perf_counter() - t

    back = statistics.median(times)
    print(f"import matplotlib + meridian.draw   {imported * 1000:8.0f} ms")
    print(
        f"back chart to SVG (median of {args.repeat})  {back * 1000:8.0f} ms"
        f"  {'ok' if back < 0.5 else 'OVER'} (target < 500 ms)"
    )
    print(f"gallery, {len(files)} files, {args.workers} workers  {whole * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
