"""Cold start of a lookup, against importing meridian's two main dependencies.

    .venv/bin/python benchmarks/bench_lookup.py [--repeat N]

Each run is a new process, as when a practitioner types the command. Prints the median wall time
of ``meridian point BL13`` and of ``python -c "import networkx, yaml"`` run the same way, and their
ratio (target 1.3 or less). The data cache is warm, as it is after the first run, and meridian is
byte-compiled as an installed package is.
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
    lookup = [script] if script else [sys.executable, "-m", "meridian"]
    lookup = [*lookup, "point", "BL13"]
    baseline = [sys.executable, "-c", "import networkx, yaml"]
    # Installed packages are byte-compiled (pip does it for networkx and yaml); do the same for
    # meridian, which an editable install leaves as source, so both sides start alike.
    import compileall

    import meridian

    compileall.compile_dir(Path(meridian.__file__).parent, quiet=1)
    wall(lookup, env)  # fill the data cache
    ours, base = [], []
    for _ in range(args.repeat):  # interleaved, so load on the machine hits both alike
        ours.append(wall(lookup, env))
        base.append(wall(baseline, env))
    m_ours, m_base = statistics.median(ours), statistics.median(base)
    shown = " ".join([Path(lookup[0]).name, *lookup[1:]])
    print(f"{shown}: median {m_ours * 1000:.0f} ms")
    print(f"python -c 'import networkx, yaml': median {m_base * 1000:.0f} ms")
    print(f"ratio {m_ours / m_base:.2f} (target 1.3 or less), {args.repeat} runs each")
    return 0


if __name__ == "__main__":
    sys.exit(main())
