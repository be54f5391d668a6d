"""What a large data file costs: ``meridian point LI4`` from a cold cache as points.yaml grows.

    .venv/bin/python benchmarks/bench_size.py [--factors 1 2 5 10 20] [--beyond 60]

A data file of at most ``meridian.paths.MAX_FILE_BYTES`` is read; this measures where that limit
should stand. For each factor the points are repeated on made-up channels (as bench_load.py
does) and ``meridian point LI4`` runs as a new process with an empty cache (the first command
after an edit checks every record), then again with the cache warm. Printed per size: the
size of points.yaml, the seconds and peak memory (maximum resident set) of each run.

Sizes above the limit are run with the limit lifted in that process (so the cost the limit
avoids is seen), and once as a user meets them: refused in one line, at once. Each row is one
run (the cold ones take seconds; the machines are shared, so compare the rows of one run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_load import synthetic

import meridian
from meridian.atlas.paths import MAX_FILE_BYTES

#: A command with the size limit lifted, for sizes beyond it.
LIFTED = (
    "import sys, meridian.paths as p; p.MAX_FILE_BYTES = 1 << 40;"
    " from meridian.cli import main; sys.exit(main(sys.argv[1:]))"
)


def run(argv: list[str], env: dict[str, str], lifted: bool = False) -> tuple[float, float, int, str]:
    """(seconds, peak MiB, exit code, first line of stderr) of one ``meridian`` command."""
    cmd = [sys.executable, "-c", LIFTED, *argv] if lifted else [sys.executable, "-m", "meridian", *argv]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, proc.returncode, (err.splitlines() or [""])[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 2, 5, 10, 20])
    parser.add_argument("--beyond", type=int, default=0, help="also this factor, far beyond the limit")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="meridian-size-"))
    base = {k: v for k, v in os.environ.items() if k != "MERIDIAN_NO_CACHE"}
    shipped = (meridian.default_data_dir() / "points.yaml").stat().st_size
    print(f"limit: {MAX_FILE_BYTES / 2**20:g} MiB, {MAX_FILE_BYTES / shipped:.1f}x the shipped points.yaml")
    head = f"{'factor':>6} {'points.yaml':>12} {'cold':>8} {'peak':>9} {'warm':>8} {'peak':>8}"
    print(f"{head}  as a user meets it")
    try:
        for factor in [*args.factors, *([args.beyond] if args.beyond else [])]:
            folder = tmp / f"x{factor}"
            if factor == 1:
                shutil.copytree(meridian.default_data_dir(), folder)
            else:
                synthetic(meridian.default_data_dir(), folder, factor)
            size = (folder / "points.yaml").stat().st_size
            over = size > MAX_FILE_BYTES
            env = {**base, "MERIDIAN_CACHE_DIR": str(tmp / f"cache{factor}")}
            argv = ["--data", str(folder), "point", "LI4"]
            cold = run(argv, env, lifted=over)
            warm = run(argv, env, lifted=over)
            if cold[2] or warm[2]:
                print(f"{factor}x failed: {cold[3] or warm[3]}", file=sys.stderr)
                return 1
            met = "answered"
            if over:
                env = {**base, "MERIDIAN_CACHE_DIR": str(tmp / f"refused{factor}")}
                refused = run(argv, env)
                met = f"refused in {refused[0]:.2f} s, exit {refused[2]}: {refused[3][:70]}"
            print(
                f"{factor:>5}x {size / 2**20:>8.1f} MiB {cold[0]:>6.2f} s {cold[1]:>6.0f} MiB"
                f" {warm[0]:>6.2f} s {warm[1]:>4.0f} MiB  {met}"
            )
            shutil.rmtree(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
