"""Channel consent: a voice patient gets texts only with sms_consent, whatever sends them."""

from datetime import UTC, date, datetime, timedelta
from functools import partial

import pytest
from sqlmodel import Session, SQLModel, col, select

import coach.models  # noqa: F401
from coach.content.loader import get_library
from coach.db import make_engine
from coach.messaging.dispatch import DispatchConfig, dispatch_due
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.messaging.transport import RecordingTransport
from coach.patients.models import Channel, PainReport, Patient
from coach.replies.followup import sweep
from coach.scheduling import oneoff, planner
from coach.settings import load_settings
from coach.voice.status import record_call_status
from tests.helpers import patient

SETTINGS = load_settings(transport="console", clinic_name="Riverside Physio")
START = datetime(2026, 6, 8, 4, 0, tzinfo=UTC)  # Monday 00:00 in New York
ALERT_PHONE = "+12125550999"


def _same(at: datetime) -> datetime:
    return at


def simulate_week(sms_consent: bool) -> tuple[Patient, RecordingTransport, list[str]]:
    """A week of hourly planning, dispatch and sweeps; every call rings out; pain stays 8."""
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    library = get_library()
    transport = RecordingTransport()
    config = DispatchConfig(public_url="https://coach.example", concurrency=1)
    with Session(engine, expire_on_commit=False) as s:
        who = patient(s, channel=Channel.voice, start=date(2026, 6, 8), alert_phone=ALERT_PHONE)
        who.sms_consent = sms_consent
        s.add(who)
        for day in range(3):  # 8/10 on three days in a row: "see your clinician"
            at = START + timedelta(days=day, hours=23)
            s.add(PainReport(patient_id=who.id or 0, score=8, source="voice", reported_at=at))
        s.commit()
        assert not oneoff.enqueue_now(
            session=s, library=library, patient=who, slot_key="w", kind="welcome",
            body="hello", now=START,
        ) or sms_consent  # fmt: skip
        s.commit()
    now = START
    while now < START + timedelta(days=7):
        with Session(engine, expire_on_commit=False) as s:
            planner.plan(session=s, library=library, now=now)
            sweep(session=s, library=library, settings=SETTINGS, now=now)
            s.commit()
        dispatch_due(engine=engine, transport=transport, config=config, now=partial(_same, now))
        with Session(engine, expire_on_commit=False) as s:
            calls = s.exec(
                select(OutboxMessage)
                .where(OutboxMessage.channel == "voice")
                .where(col(OutboxMessage.twilio_sid).is_not(None))
                .where(OutboxMessage.status == OutboxStatus.sent)
            ).all()
            for call in calls:
                if call.twilio_sid:
                    record_call_status(
                        session=s, library=library, call_sid=call.twilio_sid,
                        status="no-answer", outbox_id=call.id, error_code=None, now=now,
                    )  # fmt: skip
        now += timedelta(hours=1)
    with Session(engine) as s:
        planned = s.exec(select(OutboxMessage.slot_key).where(OutboxMessage.channel == "voice"))
        originals = [k for k in planned.all() if not k.endswith(":retry")]
    engine.dispose()
    return who, transport, originals


@pytest.mark.parametrize("sms_consent", [False, True])
def test_a_voice_patient_gets_texts_only_with_sms_consent(sms_consent):
    who, transport, originals = simulate_week(sms_consent)
    texts = transport.texts_to(who.phone)
    calls = [i for i in transport.sent if i.kind == "call" and i.to == who.phone]
    assert len(calls) >= 14  # check-in and exercise calls, and their retries
    # Retries and fallbacks are the same message again: they never cost a later day's call.
    days = [f"2026-06-{d:02d}" for d in range(8, 15)]
    for item in ("checkin", "exercise"):
        assert set(days) <= {k.rsplit(":", 1)[1] for k in originals if f":{item}:" in k}
    # The clinic hears about the persistent pain and the missed calls either way.
    assert transport.texts_to(ALERT_PHONE)
    library = get_library()
    see_clinician = library.render(
        "see_clinician", "en", clinic_name="Riverside Physio", clinic_phone=SETTINGS.clinic_phone
    )
    if not sms_consent:
        assert texts == []
    else:
        assert see_clinician in texts
        exercises = {e.sms_text for e in library.exercises("en")}
        assert len(exercises.intersection(texts)) >= 5  # missed exercise calls, by text
