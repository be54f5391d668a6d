"""``python -m meridian`` runs the command line."""

from .cli import run

run()
