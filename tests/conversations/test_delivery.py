"""A clinician's inbox text goes through the real dispatcher: to a paused patient too (the
programme's pause is not a stop), never to one who opted out."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from coach.clinicians.models import Clinician
from coach.content.loader import get_library
from coach.conversations import sending
from coach.conversations.schemas import MessageIn
from coach.messaging.dispatch import DispatchConfig, dispatch_due
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.messaging.transport import RecordingTransport
from coach.patients import lifecycle
from coach.settings import load_settings
from tests.helpers import patient

NOON = datetime(2026, 6, 10, 16, 0, tzinfo=UTC)
PHONE = "+12125550123"


def _text(engine, *, paused: bool, opted_out: bool) -> RecordingTransport:
    settings = load_settings(transport="console")
    with Session(engine, expire_on_commit=False) as s:
        p = patient(s)
        if paused:
            lifecycle.pause(session=s, patient=p, now=NOON, until=None)
            s.commit()
        actor = s.get_one(Clinician, p.clinician_id)
        sending.start_conversation(
            session=s, actor=actor, library=get_library(), settings=settings,
            patient_id=p.id or 0, body=MessageIn(text="Hi Sam, how is the neck?"), now=NOON,
        )  # fmt: skip
        if opted_out:
            lifecycle.opt_out(session=s, patient=p, now=NOON)
            s.commit()
    transport = RecordingTransport()
    config = DispatchConfig(public_url="https://coach.example")
    dispatch_due(engine=engine, transport=transport, config=config, now=lambda: NOON)
    return transport


def test_a_paused_patient_still_gets_the_clinicians_text(engine):
    transport = _text(engine, paused=True, opted_out=False)
    assert transport.texts_to(PHONE) == ["Hi Sam, how is the neck?"]


def test_an_opt_out_after_queueing_cancels_the_clinicians_text(engine):
    transport = _text(engine, paused=False, opted_out=True)
    assert transport.texts_to(PHONE) == []
    with Session(engine) as s:
        row = s.exec(select(OutboxMessage).where(OutboxMessage.kind == "clinician")).one()
        assert row.status == OutboxStatus.cancelled


def test_a_full_day_never_bumps_a_clinicians_waiting_text():
    from datetime import date

    from coach.scheduling import budget

    program = get_library().program("neck-4wk")
    day = date(2026, 6, 10)
    rows = [
        budget._Row(1, "conversation:1:sms:1", "clinician", OutboxStatus.scheduled, day),
        budget._Row(2, "nudge:1:2026-06-10", "nudge", OutboxStatus.scheduled, day),
    ]
    victim = budget._victim(program, rows, [day], day)
    assert victim is not None and victim.kind == "nudge"
    assert budget._victim(program, rows[:1], [day], day) is None
