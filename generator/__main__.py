"""``python -m generator`` runs the ``handbook`` command."""

from .cli import run

run()
