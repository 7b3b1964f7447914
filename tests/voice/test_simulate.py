"""`coach simulate --voice`: a call walked in the terminal by keypad digits."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from coach import cli, db, migrate
from coach.alerts.models import Alert
from coach.patients.models import Channel, PainReport
from coach.settings import get_settings
from tests.helpers import patient

PHONE = "+12125550123"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'sim.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    try:
        migrate.upgrade(url)
        with db.session_scope() as s:
            patient(s, phone=PHONE, channel=Channel.voice)
        yield url
    finally:
        db.get_engine().dispose()
        get_settings.cache_clear()
        db.get_engine.cache_clear()


def simulate(*lines: str) -> str:
    stdin = "".join(f"{line}\n" for line in lines)
    result = CliRunner().invoke(cli.app, ["simulate", "--phone", PHONE, "--voice"], input=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.usefixtures("database")
def test_a_pain_report_by_keypad():
    out = simulate("1", "7#", "1")
    assert "To report your pain, press 1." in out
    assert "[keypad or speech: score]" in out
    assert out.rstrip().endswith("[the coach hangs up]")
    with db.session_scope() as s:
        report = s.exec(select(PainReport)).one()
        assert (report.score, report.source) == (7, "voice")


@pytest.mark.usefixtures("database")
def test_a_red_flag_shows_the_urgent_alert():
    out = simulate("1", "2", "9")
    assert "URGENT alert to clinician: red_flag" in out
    with db.session_scope() as s:
        assert s.exec(select(Alert).where(Alert.kind == "red_flag")).one().urgent


@pytest.mark.usefixtures("database")
def test_an_exercise_shows_its_pauses_and_hanging_up_ends_the_call():
    out = simulate("2")
    assert "[pause " in out and "[keypad: exercise]" in out
    assert out.rstrip().endswith("[you hang up]")


@pytest.mark.usefixtures("database")
def test_an_unknown_number_hears_the_polite_message():
    result = CliRunner().invoke(
        cli.app, ["simulate", "--phone", "+14155550000", "--voice"], input="1\n"
    )
    assert result.exit_code == 0, result.output
    assert "We don't recognise this number" in result.stdout
