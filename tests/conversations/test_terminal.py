"""`coach inbox`: a clinician lists, reads, answers and closes from the terminal."""

from collections.abc import Iterator
from datetime import time
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from coach import cli, db, migrate
from coach.content.loader import get_library
from coach.conversations.models import Conversation
from coach.messaging.models import OutboxMessage
from coach.replies.service import Inbound, handle_sms
from coach.settings import get_settings
from tests.helpers import patient

EMAIL = "dr0123@clinic.example"  # the clinician tests.helpers.patient creates


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'inbox.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("COACH_TRANSPORT", "console")
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    try:
        migrate.upgrade(url)
        with db.session_scope() as s:
            # No quiet hours: the command uses the real clock.
            patient(s, quiet=(time(0, 0), time(0, 0)))
            handle_sms(
                session=s, library=get_library(), settings=get_settings(),
                inbound=Inbound("SM" + "1" * 32, "+12125550123", "Can I still go to the gym?"),
                now=db.utcnow(),
            )  # fmt: skip
        yield url
    finally:
        db.get_engine().dispose()
        get_settings.cache_clear()
        db.get_engine.cache_clear()


@pytest.mark.usefixtures("database")
def test_a_clinician_answers_and_closes_from_the_terminal():
    stdin = "Hello Sam\n1\nYes, gentle gym work is fine.\n/note told her to skip lifts\n/close\n"
    result = CliRunner().invoke(cli.app, ["inbox", "--email", EMAIL], input=stdin)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "1 open conversation(s)" in out
    assert "#1 Sam (patient 1)" in out and "Can I still go to the gym?" in out
    assert "! open a conversation first" in out  # "Hello Sam" before choosing one
    assert "patient: Can I still go to the gym?" in out
    assert "queued to send now (1 segment(s)): Yes, gentle gym work is fine." in out
    assert "closed #1" in out
    with db.session_scope() as s:
        (row,) = s.exec(select(OutboxMessage).where(OutboxMessage.kind == "clinician")).all()
        assert row.body == "Yes, gentle gym work is fine." and row.to_phone == "+12125550123"
        assert s.exec(select(Conversation)).one().status == "closed"


@pytest.mark.usefixtures("database")
def test_an_unknown_clinician_is_a_clear_error():
    result = CliRunner().invoke(cli.app, ["inbox", "--email", "nobody@clinic.example"], input="")
    assert result.exit_code == 1
    assert "no enabled clinician" in result.stderr
