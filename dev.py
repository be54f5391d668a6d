#!/usr/bin/env python3
"""Set-up and tasks for meridian, needing nothing but Python 3 (and pip).

    python3 dev.py demo   # the main job: the points and organs for a tender spot at T3, 1.5 cun
    python3 dev.py test   # the whole suite: ruff, mypy, lint-imports, pytest (doctests and notebooks too)
    python3 dev.py test --fast   # the inner loop: the same, without the tests marked slow

Each task first makes ``.venv`` with meridian installed in editable mode and its test tools, and
redoes that only when ``pyproject.toml`` changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".meridian-installed"


def _run(*cmd: str | os.PathLike[str]) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT)


def _make_venv() -> None:
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        return
    except (OSError, subprocess.CalledProcessError) as exc:  # e.g. Debian without python3-venv
        print(f"python3 -m venv could not install pip ({exc}); trying virtualenv", flush=True)
    shutil.rmtree(VENV, ignore_errors=True)
    user_pip = [sys.executable, "-m", "pip", "install", "--user", "--quiet", "virtualenv"]
    # A distribution's Python may refuse user installs (PEP 668) unless told it is fine.
    if _run(*user_pip) and _run(*user_pip, "--break-system-packages"):
        sys.exit("could not create .venv: install python3-venv (or virtualenv) and try again")
    if _run(sys.executable, "-m", "virtualenv", "--clear", VENV):
        sys.exit("could not create .venv with virtualenv")


def _has_pip() -> bool:
    return PY.exists() and subprocess.call([PY, "-m", "pip", "--version"], stdout=subprocess.DEVNULL) == 0


def ensure_env() -> None:
    """Create .venv and install meridian (editable) with its test tools, when needed."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PY.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not _has_pip():
        _make_venv()
    pip = [PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if _run(*pip, "--upgrade", "pip") or _run(*pip, "-e", ".[test]"):
        sys.exit("installing meridian into .venv failed")
    STAMP.write_text(wanted)


def demo(extra: list[str]) -> int:
    """The main job on the shipped data: what a tender spot at T3, 1.5 cun suggests."""
    args = extra or ["T3:1.5@tender"]
    return _run(BIN / "meridian", "suggest", *args)


def test(extra: list[str]) -> int:
    """Lint, type-check, check the import contracts and run every test (doctests and notebooks
    included) over two workers; ``--fast`` leaves out the tests marked slow."""
    fast = "--fast" in extra
    extra = [a for a in extra if a != "--fast"]
    for step in (
        [PY, "-m", "ruff", "check", "src", "tests", "benchmarks", "dev.py"],
        [PY, "-m", "mypy", "src/meridian"],
        [BIN / "lint-imports"],
        [PY, "-m", "pytest", "-n", "2", *(["-m", "not slow"] if fast else []), *extra],
    ):
        code = _run(*step)
        if code:
            return code
    return 0


TASKS = {"demo": demo, "test": test}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in TASKS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    ensure_env()
    return TASKS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
