"""``python -m meridian`` runs the command line."""

from meridian.cli import run

run()
