"""Library lookups, rendering and the Typer sub-app."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.content.cli import app
from coach.content.library import Library
from coach.content.loader import get_library
from coach.content.models import ContentError, UnknownContent
from tests.content.conftest import FIXTURES

runner = CliRunner()


def test_render_and_fallback(library: Library) -> None:
    text = library.render("pause.confirm", "es", days="5", clinic_name="X")
    assert text.startswith("En pausa por 5 dias")
    assert library.template("welcome", "fr").language == "en"
    with pytest.raises(UnknownContent, match="days"):
        library.render("pause.confirm", "en")


def test_unknown_ids_raise_key_error_like(library: Library) -> None:
    with pytest.raises(KeyError):
        library.program("nope")
    with pytest.raises(ContentError):
        library.template("nope", "en")
    with pytest.raises(UnknownContent):
        library.exercise("nope", "en")


def test_exercise_has_steps_and_cautions(library: Library) -> None:
    ex = library.exercise("exercise.upper_trap_stretch", "es")
    assert ex.sms_text and ex.cautions
    assert ex.steps[-1].hold_seconds == 20 and ex.steps[-1].sides == ["left", "right"]
    assert len(library.exercises("en")) >= 12
    assert library.template(ex.id, "es").kind == "exercise"


def test_clinician_alerts_are_english_only(library: Library) -> None:
    alert = library.template("alert.red_flag", "en")
    assert alert.audience == "clinician"
    assert not library.has_template("alert.red_flag", "es")
    assert "P-12" in library.render("alert.red_flag", "en", patient_ref="P-12", reason="numbness")


def test_get_library_is_cached() -> None:
    assert get_library() is get_library()


def test_programs_loaded(library: Library) -> None:
    assert set(library.programs) == {"neck-4wk", "acute-spasm-2wk", "desk-worker-4wk"}
    program = library.program("neck-4wk")
    assert program.weeks == 4 and program.persistent.high_pain_score == 7


def test_cli_check_ok() -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK:")


def test_cli_check_broken(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parents[2] / "content", content)
    shutil.copy(FIXTURES / "ucs2.toml", content / "ucs2.toml")
    result = runner.invoke(app, ["check", "--content-dir", str(content)])
    assert result.exit_code == 1
    assert "content/ucs2.toml: fixture.ucs2.en:" in result.output


def test_cli_list_json(library: Library) -> None:
    result = runner.invoke(app, ["list", "--json"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == sum(1 for _ in library.iter_templates())
    for row in rows:
        assert {"id", "kind", "language", "channel", "text"} <= row.keys()
    assert {r["channel"] for r in rows} == {"sms", "voice"}


def test_cli_preview() -> None:
    args = ["preview", "--program", "acute-spasm-2wk", "--days", "2", "--tz", "America/Denver"]
    result = runner.invoke(app, [*args, "--language", "es", "--start", "2025-05-01"])
    assert result.exit_code == 0, result.output
    assert "Day 1 - Thu 2025-05-01" in result.output
    assert "MDT [welcome: welcome]" in result.output
    bad = runner.invoke(app, ["preview", "--program", "nope", "--tz", "UTC"])
    assert bad.exit_code != 0
