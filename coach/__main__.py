"""`python -m coach` runs the CLI."""

from coach.cli import app

app(prog_name="coach")
