"""A fingerprint of everything meridian writes, to show a refactoring changed no output.

    python benchmarks/snapshot.py -o before.json     # before a move
    python benchmarks/snapshot.py -o after.json      # after it
    python benchmarks/snapshot.py --compare before.json after.json

Each entry is a command line (or a folder it builds) and the SHA-256 of its standard output,
standard error, exit status and of every file it writes. The commands cover every lookup, the
reasoning, every export format, every kind of figure (SVG and PNG), the gallery and the website.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

COMMANDS = [
    ["point", "LI4"], ["point", "ub-13", "--json"], ["point", "Hegu"], ["point", "Zhongdu"], ["point", "P6"],
    ["channel", "BL"], ["channel", "Liver", "--json"], ["search", "--category", "xi"],
    ["search", "--needling", "none", "--json"], ["search", "--organ", "lung"],
    ["distance", "ST35", "ST36", "--json"],
    ["locate", "T3:1.5:L"], ["locate", "T7:3:R", "--json"], ["validate"], ["schema"],
    ["suggest", "T3:1.5:L@nodule", "T3:3:L", "CV17", "--symptom", "tingling in the hands", "--days", "3"],
    ["suggest", "T5:1.5:L", "--symptom", "crushing chest pain", "--json"],
    ["suggest", "BL60", "T5:1.5", "--symptom", "12 weeks pregnant", "--symptom", "has a pacemaker", "--json"],
    ["suggest", "T2:6:L"], ["point", "XX99"], ["suggest", "T13"],
]  # fmt: skip
FILES = [
    ["export", "-o", "{out}/m.graphml"], ["export", "-o", "{out}/m.json"], ["export", "-o", "{out}/m.cyjs"],
    ["export", "--format", "csv", "-o", "{out}/csv"], ["export", "-o", "{out}/m.ttl"],
    ["export", "--format", "fhir", "-o", "{out}/fhir.json"],
    ["draw", "back", "-o", "{out}/back.svg"], ["draw", "back", "-o", "{out}/back.png"],
    ["draw", "front", "-o", "{out}/front.svg"], ["draw", "channel", "BL", "-o", "{out}/bl.svg"],
    ["draw", "channel", "LI", "--index", "-o", "{out}/li-index.svg"],
    ["draw", "point", "LI4", "-o", "{out}/li4.svg"],
    ["draw", "point", "ST36", "-o", "{out}/st36.png"], ["draw", "back", "-o", "{out}/back.json"],
    ["gallery", "-o", "{out}/gallery"], ["site", "-o", "{out}/site"],
]  # fmt: skip


def _digest(path: Path) -> dict[str, str]:
    if path.is_file():
        return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()}
    return {
        str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file() and not p.name.startswith(".meridian")
    }


def snapshot() -> dict[str, object]:
    out: dict[str, object] = {}
    env = {**os.environ, "MERIDIAN_NO_CACHE": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        for argv in COMMANDS + FILES:
            args = [a.format(out=tmp) for a in argv]
            run = subprocess.run([sys.executable, "-m", "meridian", *args], capture_output=True, env=env)
            entry: dict[str, object] = {
                "exit": run.returncode,
                "stdout": hashlib.sha256(run.stdout.replace(tmp.encode(), b"OUT")).hexdigest(),
                "stderr": hashlib.sha256(run.stderr.replace(tmp.encode(), b"OUT")).hexdigest(),
            }
            if argv in FILES:
                target = Path(args[-1])
                entry["files"] = _digest(target) if target.exists() else {}
            out[" ".join(argv)] = entry
            print(f"{run.returncode}  meridian {' '.join(argv)}", file=sys.stderr)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", help="write the fingerprint here")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"), help="compare two fingerprints")
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(Path(p).read_text()) for p in args.compare)
        differ = [k for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
        for key in differ:
            print(f"DIFFERS  meridian {key}")
        print(f"{len(before) - len(differ)} of {len(before)} outputs identical")
        return 1 if differ else 0
    data = snapshot()
    text = json.dumps(data, indent=1, sort_keys=True)
    if args.output:
        Path(args.output).write_text(text + "\n")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
