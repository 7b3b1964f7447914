"""Reconcile: stuck sends become unknown, never resent; texts found at Twilio become sent."""

from datetime import timedelta

from sqlmodel import Session, col, select

from coach.messaging import outbox
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.messaging.reconcile import reconcile
from coach.messaging.transport import RecordingTransport
from tests.helpers import NOW, patient


def claim_two(engine):
    with Session(engine) as s:
        p = patient(s)
        for i in range(2):
            outbox.enqueue(
                session=s,
                patient=p,
                slot_key=f"r{i}",
                kind="posture_tip",
                body=f"tip {i}",
                due_at=NOW,
                expires_at=NOW + timedelta(hours=1),
                now=NOW,
            )
        s.commit()
        assert len(outbox.claim_due(session=s, now=NOW, limit=10)) == 2


def rows(engine):
    with Session(engine) as s:
        return s.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()


def test_a_text_twilio_has_is_marked_sent_and_the_rest_stay_unknown(engine):
    claim_two(engine)
    transport = RecordingTransport()
    # The worker died after Twilio took "tip 0" but before it recorded the answer.
    taken = transport.send_sms(to="+12125550123", body="tip 0")
    later = NOW + timedelta(minutes=15)
    report = reconcile(
        engine=engine, transport=transport, now=later, stuck_after=timedelta(minutes=10)
    )
    assert (report.stuck, report.found) == (2, 1)
    first, second = rows(engine)
    assert (first.status, first.twilio_sid) == (OutboxStatus.sent, taken.sid)
    assert (second.status, second.twilio_sid) == (OutboxStatus.unknown, None)
    assert len(transport.sent) == 1  # nothing was sent again


def test_recent_claims_are_left_alone(engine):
    claim_two(engine)
    report = reconcile(
        engine=engine,
        transport=RecordingTransport(),
        now=NOW + timedelta(minutes=5),
        stuck_after=timedelta(minutes=10),
    )
    assert report.stuck == 0
    assert {r.status for r in rows(engine)} == {OutboxStatus.sending}
