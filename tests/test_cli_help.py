"""What `--help` and `content preview` tell a newcomer."""

import re

import pytest
from typer.testing import CliRunner

from coach import cli
from coach.patients import importer
from coach.settings import get_settings


@pytest.mark.parametrize(
    "args", [["simulate"], ["serve"], ["clinicians", "create"], ["content", "list"]]
)
def test_flags_are_shown_without_a_type(args):
    result = CliRunner().invoke(cli.app, [*args, "--help"])
    assert result.exit_code == 0
    assert "<bool>" not in result.stdout
    assert re.search(r"--help\s+Show this message", result.stdout)


def test_simulate_help_shows_voice_as_a_flag():
    result = CliRunner().invoke(cli.app, ["simulate", "--help"])
    assert re.search(r"^\s+--voice\s+Call the phone menu", result.stdout, re.MULTILINE)
    assert "--weeks <int>" in result.stdout


def test_import_help_lists_every_csv_column():
    result = CliRunner().invoke(cli.app, ["patients", "import", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for column in (*importer.REQUIRED, *importer.OPTIONAL):
        assert column in text


def test_content_preview_names_the_configured_clinic(monkeypatch):
    monkeypatch.setenv("COACH_CLINIC_NAME", "Harbor Spine Care")
    monkeypatch.setenv("COACH_CLINIC_PHONE", "+1 617 555 0142")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(
            cli.app,
            ["content", "preview", "--program", "neck-4wk", "--days", "1", "--tz", "UTC"],
        )
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.stdout
    assert "Harbor Spine Care" in result.stdout
    assert "Riverside Physio" not in result.stdout and "Demo Clinic" not in result.stdout
