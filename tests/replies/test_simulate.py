"""`coach simulate`: texting as an enrolled patient through the real pipeline."""

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from coach import cli, db, migrate
from coach.messaging.models import InboundMessage
from coach.patients.models import PainReport
from coach.settings import get_settings
from tests.helpers import patient


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'sim.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("COACH_TRANSPORT", "console")
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    try:
        migrate.upgrade(url)
        with db.session_scope() as s:
            # Enrolled yesterday: simulate uses the real clock.
            patient(s, phone="+12125550123", start=date.today() - timedelta(days=1))
        yield url
    finally:
        db.get_engine().dispose()
        get_settings.cache_clear()
        db.get_engine.cache_clear()


@pytest.mark.usefixtures("database")
def test_a_conversation_with_a_red_flag():
    stdin = "about a 6 today\n\nmy left hand went numb\nHELP\n"
    # Any common format of the number finds the patient.
    result = CliRunner().invoke(cli.app, ["simulate", "--phone", "(212) 555-0123"], input=stdin)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "[understood: pain_report, pain=6, red_flag=False]" in out
    assert "[understood: pain_report, pain=None, red_flag=True]" in out
    assert "911" in out
    assert "[URGENT alert to clinician: red_flag" in out
    # The red flag opens a conversation; the HELP after it joins the same one.
    assert out.count("[to the clinic inbox: conversation #1]") == 2
    assert out.count("coach> ") == 3  # the blank line is skipped
    with db.session_scope() as s:
        assert [r.score for r in s.exec(select(PainReport)).all()] == [6]
        assert len(s.exec(select(InboundMessage)).all()) == 3


@pytest.mark.usefixtures("database")
def test_an_unknown_or_invalid_number_is_a_clear_error():
    unknown = CliRunner().invoke(cli.app, ["simulate", "--phone", "+12125550999"], input="5\n")
    assert unknown.exit_code == 1
    assert "no patient with phone +12125550999" in unknown.stderr
    invalid = CliRunner().invoke(cli.app, ["simulate", "--phone", "call me"], input="5\n")
    assert invalid.exit_code == 1
    assert "Traceback" not in invalid.output
