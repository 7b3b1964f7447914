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


def local(day, hour, minute=0):
    """A New York wall-clock time in June 2026 (UTC-4) as UTC."""
    return utc(2026, 6, day, hour, minute) + timedelta(hours=4)


def test_a_late_check_in_is_nudged_before_quiet_hours_not_the_next_morning(session):
    p = patient(session)
    sent_checkin(session, p, local(10, 18, 30), 1)  # + 3 h would be 21:30, in quiet hours
    run(session, local(10, 20, 0))
    assert nudges(session) == []  # too soon
    run(session, local(10, 20, 30))  # 30 minutes before quiet hours: the latest it may go
    (nudge,) = nudges(session)
    assert nudge.due_at == local(10, 20, 30)
    assert nudge.expires_at <= local(10, 21, 0)
    assert nudge.body == get_library().render("checkin.nudge", "en")
    run(session, local(11, 8, 0))
    assert len(nudges(session)) == 1


def test_an_early_check_in_is_nudged_after_the_programmes_delay(session):
    p = patient(session)
    sent_checkin(session, p, local(10, 17, 0), 1)
    run(session, local(10, 19, 30))
    assert nudges(session) == []
    run(session, local(10, 20, 0))
    assert [n.due_at for n in nudges(session)] == [local(10, 20, 0)]


def test_no_nudge_when_the_evening_is_too_short(session):
    p = patient(session)
    # 20:15: a nudge by 20:30 would come only 15 minutes after it; none at all instead.
    sent_checkin(session, p, local(10, 20, 15), 1)
    for at in (local(10, 20, 30), local(10, 20, 45), local(11, 8, 0), local(11, 12, 0)):
        run(session, at)
    assert nudges(session) == []


def test_a_nudge_missed_in_the_evening_is_not_sent_the_next_morning(session):
    p = patient(session)
    sent_checkin(session, p, local(10, 18, 0), 1)
    run(session, local(11, 8, 0))  # the worker was down all evening
    assert nudges(session) == []


def test_nudges_back_off_after_two_unanswered_days(session):
    p = patient(session)
    for day in (10, 11, 12):
        sent_checkin(session, p, local(day, 18, 0), day)
        run(session, local(day, 20, 30))
    assert [local_day(n.due_at) for n in nudges(session)] == [10, 11]
    # A reply resets it: the next unanswered check-in is nudged again.
    session.add(
        InboundMessage(
            message_sid="SM9", patient_id=p.id, from_phone=p.phone, body="5",
            intent="pain_report", pain=5, received_at=local(12, 22, 0),
        )
    )  # fmt: skip
    session.commit()
    sent_checkin(session, p, local(13, 18, 0), 13)
    run(session, local(13, 20, 30))
    assert [local_day(n.due_at) for n in nudges(session)] == [10, 11, 13]


def local_day(at):
    return (at - timedelta(hours=4)).day


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


def alerts(session):
    return session.exec(select(Alert)).all()


def test_three_unanswered_check_ins_alert_once(session):
    p = patient(session)
    for day in range(3):
        sent_checkin(session, p, local(10 + day, 18, 0), day)
    run(session, local(12, 21, 0))
    run(session, local(12, 23, 0))
    run(session, local(13, 9, 0))
    assert [(a.kind, a.category) for a in alerts(session)] == [("no_response", "no_response")]


def test_the_no_response_alert_waits_until_the_last_check_in_could_be_answered(session):
    p = patient(session)
    for day in range(3):
        sent_checkin(session, p, local(10 + day, 18, 0), day)
    run(session, local(12, 18, 5))  # the third was just sent: it can still be answered
    run(session, local(12, 20, 55))  # nudged at 20:30; the evening is not over
    assert alerts(session) == []
    run(session, local(12, 21, 0))  # quiet hours, and 3 hours since the check-in
    assert [a.kind for a in alerts(session)] == ["no_response"]


def test_a_reply_to_the_last_check_in_before_its_deadline_means_no_alert(session):
    p = patient(session)
    for day in range(3):
        sent_checkin(session, p, local(10 + day, 18, 0), day)
    session.add(
        InboundMessage(
            message_sid="SM2", patient_id=p.id, from_phone=p.phone, body="6",
            intent="pain_report", pain=6, received_at=local(12, 20, 50),
        )
    )  # fmt: skip
    session.commit()
    run(session, local(12, 21, 30))
    run(session, local(13, 9, 0))
    assert alerts(session) == []


def test_persistent_pain_found_by_the_sweep(session):
    p = patient(session, start=date(2026, 5, 20))
    # Two weeks in and no better than week one (a 4-week programme: no 6-week rule).
    for day, score in [(0, 6), (3, 6), (6, 6), (10, 6), (14, 6)]:
        session.add(
            PainReport(
                patient_id=p.id or 0,
                score=score,
                reported_at=utc(2026, 5, 20, 22) + timedelta(days=day),
            )
        )
    session.commit()
    now = utc(2026, 6, 4, 16, 0)
    run(session, now)
    run(session, now + timedelta(hours=1))  # not repeated
    alerts = session.exec(select(Alert)).all()
    assert [(a.kind, a.category) for a in alerts] == [("persistent", "no_improvement")]
    see = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "see_clinician")).all()
    assert len(see) == 1
