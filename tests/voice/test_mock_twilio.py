"""A check-in call placed by dispatch through the real twilio client, against mock-twilio."""

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from coach.messaging import outbox
from coach.messaging.dispatch import DispatchConfig, dispatch_due
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.messaging.transport import TwilioTransport
from coach.settings import load_settings
from tests.services import ROOT, mock_twilio_server
from tests.voice.conftest import PUBLIC, Calls, action, voice_patient, xml

pytestmark = pytest.mark.mock_twilio

SID = "AC" + "0123456789abcdef" * 2


@pytest.fixture(scope="module")
def mock_twilio_url() -> Iterator[str]:
    """A running mock-twilio for this module (its npm cache lives in the repo)."""
    home = Path(ROOT / ".twilio-mock")
    home.mkdir(exist_ok=True)
    with mock_twilio_server(home) as url:
        yield url


def test_dispatch_places_the_call_and_the_callsid_drives_the_webhooks(
    calls: Calls, mock_twilio_url: str
) -> None:
    who = voice_patient(calls)
    now = calls.clock.now
    with calls.session() as s:
        outbox.enqueue(
            session=s,
            patient=who,
            slot_key="call-1",
            kind="checkin",
            template_id="checkin.prompt",
            body="Check-in",
            due_at=now,
            expires_at=now + timedelta(hours=1),
            now=now,
            channel="voice",
        )
        s.commit()
    settings = load_settings(
        twilio_account_sid=SID,
        twilio_auth_token="test-token-123",
        twilio_api_base_url=mock_twilio_url,
        twilio_from_number="+15017122661",
    )
    report = dispatch_due(
        engine=calls.engine,
        transport=TwilioTransport(settings),
        config=DispatchConfig(public_url=PUBLIC, concurrency=1),
        now=lambda: now,
    )
    assert report.sent == 1
    with calls.session() as s:
        row = s.exec(select(OutboxMessage)).one()
    assert row.status == OutboxStatus.sent and row.twilio_sid and row.twilio_sid.startswith("CA")
    assert row.id is not None
    root = xml(calls.outbound(row.id, row.twilio_sid))
    assert action(root)[1]["step"] == ["identify"]
    assert calls.status(row.twilio_sid, "completed").status_code == 204
    with calls.session() as s:
        assert s.exec(select(OutboxMessage.status)).one() == OutboxStatus.delivered
