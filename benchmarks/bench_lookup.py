"""Start-up and peak memory of a lookup, against importing networkx and yaml, and a bare Python.

    .venv/bin/python benchmarks/bench_lookup.py [--repeat N]

Each run is a new process, as when a practitioner types the command: ``meridian point LI4``,
``meridian channel ST`` and ``meridian search --category luo``, interleaved with
``python -c "import networkx, yaml"``, ``python -c "import yaml"`` and ``python -c pass``. For
each: the median wall time and the median peak resident memory (the child's ``ru_maxrss``).
Targets: at most 0.3x the time of importing networkx and yaml (aim: 3x a bare Python), and a
peak memory at most 1.5x that of importing yaml. The data cache is warm, as it is after the first
run, and meridian is byte-compiled as an installed package is.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import meridian

TIME_TARGET, AIM, MEMORY_TARGET = 0.3, 3.0, 1.5


# A child's peak memory (ru_maxrss) counts the image of the process it was forked from, so each
# command is started by this small launcher (a Python without site, smaller than any command
# measured) rather than by this benchmark, which has meridian loaded.
LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def wall(cmd: list[str], env: dict[str, str]) -> float:
    """Wall time (s) of one command."""
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def peak(cmd: list[str], env: dict[str, str]) -> float:
    """Peak resident memory (MB) of one command."""
    out = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCHER, *cmd], env=env, check=True, capture_output=True
    )
    kib, code = map(int, out.stdout.split())
    if code:
        raise SystemExit(f"{' '.join(cmd)} failed ({code})")
    return kib / 1024  # ru_maxrss is in KiB on Linux


def verdict(ratio: float, target: float) -> str:
    return "PASS" if ratio <= target else "MISS"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    env = dict(os.environ)
    script = shutil.which("meridian", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "meridian"]
    lookups = {
        "meridian point LI4": [*command, "point", "LI4"],
        "meridian channel ST": [*command, "channel", "ST"],
        "meridian search --category luo": [*command, "search", "--category", "luo"],
    }
    baselines = {
        "python -c 'import networkx, yaml'": [sys.executable, "-c", "import networkx, yaml"],
        "python -c 'import yaml'": [sys.executable, "-c", "import yaml"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    # Installed packages are byte-compiled (pip does it for networkx and yaml); do the same for
    # meridian, which an editable install leaves as source, so both sides start alike.
    compileall.compile_dir(Path(meridian.__file__).parent, quiet=1)
    for cmd in lookups.values():
        wall(cmd, env)  # fill the data cache and the catalog
    times: dict[str, list[float]] = {}
    peaks: dict[str, list[float]] = {}
    everything = {**lookups, **baselines}
    for _ in range(args.repeat):  # interleaved, so load on the machine hits all alike
        for name, cmd in everything.items():
            times.setdefault(name, []).append(wall(cmd, env))
    for _ in range(max(3, args.repeat // 4)):
        for name, cmd in everything.items():
            peaks.setdefault(name, []).append(peak(cmd, env))
    ms = {name: statistics.median(t) * 1000 for name, t in times.items()}
    mb = {name: statistics.median(p) for name, p in peaks.items()}
    heavy, plain, bare = baselines
    for name in baselines:
        print(f"{name}: median {ms[name]:.0f} ms, peak {mb[name]:.1f} MB")
    for name in lookups:
        speed, startup, memory = ms[name] / ms[heavy], ms[name] / ms[bare], mb[name] / mb[plain]
        print(
            f"{name}: median {ms[name]:.0f} ms, {speed:.2f}x networkx+yaml (target {TIME_TARGET}):"
            f" {verdict(speed, TIME_TARGET)}; {startup:.1f}x a bare Python (aim {AIM:g}):"
            f" {'met' if startup <= AIM else 'not met'}; peak {mb[name]:.1f} MB,"
            f" {memory:.2f}x import yaml (target {MEMORY_TARGET}): {verdict(memory, MEMORY_TARGET)}"
        )
    print(f"{args.repeat} runs each")
    return 0


if __name__ == "__main__":
    sys.exit(main())
