"""The sweep: one nudge for an unanswered check-in, an alert after several, and
persistent-symptom rules evaluated between replies."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, SQLModel, select

import coach.models  # noqa: F401
from coach.alerts.models import Alert
from coach.content.loader import get_library
from coach.db import make_engine
from coach.messaging.models import InboundMessage, OutboxMessage, OutboxStatus
from coach.patients.models import Channel, PainReport
from coach.replies.followup import sweep
from coach.settings import load_settings
from tests.helpers import patient

SETTINGS = load_settings(transport="console", clinic_name="Riverside Physio")


def utc(*args: int) -> datetime:
    return datetime(*args).replace(tzinfo=UTC)  # type: ignore[arg-type]


@pytest.fixture
def session():
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as s:
        yield s
    engine.dispose()


def sent_checkin(session, p, sent_at, n):
    session.add(
        OutboxMessage(
            patient_id=p.id,
            slot_key=f"{p.id}:checkin:{n}",
            kind="checkin",
            template_id="checkin.prompt",
            to_phone=p.phone,
            body="How is your neck, 0-10?",
            status=OutboxStatus.delivered,
            due_at=sent_at,
            expires_at=sent_at + timedelta(hours=2),
            sent_at=sent_at,
        )
    )
    session.commit()


def nudges(session):
    return session.exec(select(OutboxMessage).where(OutboxMessage.kind == "nudge")).all()


def run(session, now):
    sweep(session=session, library=get_library(), settings=SETTINGS, now=now)


def test_one_nudge_after_an_unanswered_check_in(session):
    p = patient(session)
    # Friday 18:00 in New York; Saturday has room under the daily cap for a nudge.
    sent_checkin(session, p, utc(2026, 6, 12, 22, 0), 1)
    run(session, utc(2026, 6, 12, 23, 0))
    assert nudges(session) == []  # too soon
    run(session, utc(2026, 6, 13, 1, 30))  # 21:30 local: in quiet hours
    run(session, utc(2026, 6, 13, 2, 0))
    (nudge,) = nudges(session)
    # Queued for after quiet hours end, never at night.
    assert nudge.due_at == utc(2026, 6, 13, 12, 0)
    assert nudge.body == get_library().render("checkin.nudge", "en")


def test_an_answered_check_in_gets_no_nudge(session):
    p = patient(session)
    sent_checkin(session, p, utc(2026, 6, 10, 22, 0), 1)
    session.add(
        InboundMessage(
            message_sid="SM1",
            patient_id=p.id,
            from_phone=p.phone,
            body="4",
            intent="pain_report",
            pain=4,
            received_at=utc(2026, 6, 10, 22, 5),
        )
    )
    session.commit()
    run(session, utc(2026, 6, 11, 2, 0))
    assert nudges(session) == []


def test_voice_patients_are_not_nudged_by_text(session):
    p = patient(session, channel=Channel.voice)
    sent_checkin(session, p, utc(2026, 6, 10, 22, 0), 1)
    run(session, utc(2026, 6, 11, 2, 0))
    assert nudges(session) == []


def test_three_unanswered_check_ins_alert_once(session):
    p = patient(session)
    for day in range(3):
        sent_checkin(session, p, utc(2026, 6, 10 + day, 22, 0), day)
    run(session, utc(2026, 6, 12, 23, 0))
    run(session, utc(2026, 6, 13, 1, 0))
    alerts = session.exec(select(Alert)).all()
    assert [a.kind for a in alerts] == ["no_response"]


def test_persistent_pain_found_by_the_sweep(session):
    p = patient(session, start=date(2026, 4, 20))
    # Six weeks in and still at 5: "not better after a few weeks".
    for day, score in [(0, 6), (3, 6), (20, 5), (40, 5), (44, 5)]:
        session.add(
            PainReport(
                patient_id=p.id or 0,
                score=score,
                reported_at=utc(2026, 4, 20, 22) + timedelta(days=day),
            )
        )
    session.commit()
    now = utc(2026, 6, 4, 16, 0)
    run(session, now)
    run(session, now + timedelta(hours=1))  # not repeated
    alerts = session.exec(select(Alert)).all()
    assert [a.kind for a in alerts] == ["persistent"]
    see = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "see_clinician")).all()
    assert len(see) == 1
