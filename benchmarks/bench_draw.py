"""Figures: one figure from the command line, the whole gallery and website, and a rebuild.

    .venv/bin/python benchmarks/bench_draw.py [--repeat N] [--workers W] [--no-site]

Single figures are whole commands (a fresh Python each time, as a user runs them), medians of N,
beside a bare ``python -c pass`` measured in the same run; target 0.5 s each. The gallery and
the website are built once each on W processes (target 60 s); then the gallery is rebuilt with
nothing changed, and again after one point's English name is edited in a copy of the data: only
the diagrams that show that point may be redrawn.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import meridian
from meridian import gallery
from meridian.atlas.paths import default_data_dir

COMMANDS = {
    "draw back -o back.svg": ["draw", "back", "-o", "{tmp}/back.svg"],
    "draw point LI4 -o li4.svg": ["draw", "point", "LI4", "-o", "{tmp}/li4.svg"],
    "draw front --finding T3:1.5:L -o f.svg": [
        "draw",
        "front",
        "--finding",
        "T3:1.5:L@nodule",
        "-o",
        "{tmp}/f.svg",
    ],
    "draw channel BL -o bl.svg": ["draw", "channel", "BL", "-o", "{tmp}/bl.svg"],
    "draw point LI4 -o li4.png": ["draw", "point", "LI4", "-o", "{tmp}/li4.png"],
}


def _run(argv: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - t


def _verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-site", action="store_true", help="skip the website build")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        py = [sys.executable]
        _run([*py, "-m", "meridian", "point", "LI4"])  # a warm cache, as a user has after one command
        bare = statistics.median(_run([*py, "-c", "pass"]) for _ in range(args.repeat))
        print(f"{'python -c pass':48s} {bare * 1000:7.0f} ms")
        for name, argv in COMMANDS.items():
            cmd = [*py, "-m", "meridian", *(a.format(tmp=tmp) for a in argv)]
            _run(cmd)
            took = statistics.median(_run(cmd) for _ in range(args.repeat))
            target = (
                "(PNG: matplotlib, no target)"
                if name.endswith(".png")
                else (f"{_verdict(took, 0.5)} (target 500 ms)")
            )
            print(f"{'meridian ' + name:48s} {took * 1000:7.0f} ms  {target}")

        G = meridian.build_graph()
        out = Path(tmp) / "gallery"
        t = time.perf_counter()
        files = gallery.build_gallery(G, out, workers=args.workers)
        whole = time.perf_counter() - t
        print(f"{f'gallery, {len(files)} files, {args.workers} workers':48s} {whole:7.1f} s   "
              f"{_verdict(whole, 60)} (target 60 s)")  # fmt: skip

        drawn: list[str] = []
        real = gallery._render_all

        def spy(graph: object, diagrams: list[gallery.Diagram], *rest: object) -> list[list[str]]:
            drawn.extend(d.slug for d in diagrams)
            return real(graph, diagrams, *rest)  # type: ignore[arg-type]

        gallery._render_all = spy  # type: ignore[assignment]
        t = time.perf_counter()
        gallery.build_gallery(G, out, workers=args.workers)
        same = time.perf_counter() - t
        print(f"{'gallery rebuilt, nothing changed':48s} {same:7.1f} s   {len(drawn)} redrawn")
        data = Path(tmp) / "data"
        shutil.copytree(default_data_dir(), data)
        points = data / "points.yaml"
        points.write_text(points.read_text(encoding="utf-8").replace(
            "english: Joining Valley", "english: Joining Valley (edited)", 1), encoding="utf-8")  # fmt: skip
        edited = meridian.build_graph(meridian.load(data))
        drawn.clear()
        t = time.perf_counter()
        gallery.build_gallery(edited, out, workers=args.workers)
        one = time.perf_counter() - t
        which = ", ".join(drawn)
        print(f"{'gallery rebuilt after editing LI4':48s} {one:7.1f} s   {len(drawn)} redrawn: {which}")
        gallery._render_all = real  # type: ignore[assignment]

        if not args.no_site:
            try:
                from meridian.site import build_site
            except ImportError:
                return
            t = time.perf_counter()
            site = build_site(G, Path(tmp) / "site", workers=args.workers)
            took = time.perf_counter() - t
            print(f"{f'website, {len(site)} files, {args.workers} workers':48s} {took:7.1f} s   "
                  f"{_verdict(took, 60)} (target 60 s)")  # fmt: skip


if __name__ == "__main__":
    main()
