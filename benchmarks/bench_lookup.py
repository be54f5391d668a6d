"""Start-up of a lookup, against importing networkx and yaml, and against a bare Python.

    .venv/bin/python benchmarks/bench_lookup.py [--repeat N]

Each run is a new process, as when a practitioner types the command: ``meridian point LI4``,
``meridian channel ST`` and ``meridian search --category luo``, interleaved with
``python -c "import networkx, yaml"`` and ``python -c pass``. Prints each median wall time and the
ratios (targets: at most 0.3x the import of networkx and yaml; aim for 3x a bare Python). The data
cache is warm, as it is after the first run, and meridian is byte-compiled as an installed package is.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    env = dict(os.environ)
    script = shutil.which("meridian", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "meridian"]
    lookups = [
        [*command, "point", "LI4"],
        [*command, "channel", "ST"],
        [*command, "search", "--category", "luo"],
    ]
    baseline = [sys.executable, "-c", "import networkx, yaml"]
    bare = [sys.executable, "-c", "pass"]
    # Installed packages are byte-compiled (pip does it for networkx and yaml); do the same for
    # meridian, which an editable install leaves as source, so both sides start alike.
    import compileall

    import meridian

    compileall.compile_dir(Path(meridian.__file__).parent, quiet=1)
    for cmd in lookups:
        wall(cmd, env)  # fill the data cache and the name index
    times: dict[str, list[float]] = {}
    for _ in range(args.repeat):  # interleaved, so load on the machine hits all alike
        for cmd in [*lookups, baseline, bare]:
            times.setdefault(" ".join(cmd[-3:] if cmd[0] == sys.executable else cmd[1:]), []).append(
                wall(cmd, env)
            )
    medians = {name: statistics.median(t) for name, t in times.items()}
    base = medians.pop(" ".join(baseline[-3:]))
    floor = medians.pop(" ".join(bare[-3:]))
    print(f"python -c 'import networkx, yaml': median {base * 1000:.0f} ms")
    print(f"python -c pass: median {floor * 1000:.0f} ms")
    for name, value in medians.items():
        print(
            f"meridian {name}: median {value * 1000:.0f} ms, {value / base:.2f}x networkx+yaml (target 0.3),"
            f" {value / floor:.1f}x a bare Python (aim 3)"
        )
    print(f"{args.repeat} runs each")
    return 0


if __name__ == "__main__":
    sys.exit(main())
