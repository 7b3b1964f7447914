"""Dispatch: due rows go out once, failures are retried or not as Twilio's answer says."""

from datetime import timedelta

from sqlmodel import Session, col, select

from coach.alerts.models import Alert
from coach.errors import DeliveryError
from coach.messaging import outbox
from coach.messaging.dispatch import DispatchConfig, dispatch_due
from coach.messaging.failures import handle_failure
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.messaging.transport import RecordingTransport
from coach.patients.models import Patient, PatientStatus
from tests.helpers import NOW, patient


def queue(session, p, n, *, due=NOW - timedelta(minutes=1), expires=NOW + timedelta(hours=1)):
    for i in range(n):
        assert outbox.enqueue(
            session=session,
            patient=p,
            slot_key=f"{p.id}:t{i}:2026-06-10",
            kind="posture_tip",
            body=f"tip {i}",
            due_at=due,
            expires_at=expires,
            now=NOW,
        )
    session.commit()


def run(engine, transport, now=NOW, **kw):
    config = DispatchConfig(public_url="https://coach.example", batch_size=7, concurrency=4, **kw)
    return dispatch_due(
        engine=engine,
        transport=transport,
        config=config,
        now=lambda: now,
        on_failure=handle_failure,
    )


def statuses(session):
    session.expire_all()
    return [
        r.status for r in session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
    ]


def test_each_due_row_is_sent_exactly_once(engine):
    with Session(engine) as s:
        p = patient(s)
        queue(s, p, 20)
        outbox.enqueue(
            session=s,
            patient=p,
            slot_key="later",
            kind="tip",
            body="later",
            due_at=NOW + timedelta(hours=2),
            expires_at=NOW + timedelta(hours=3),
            now=NOW,
        )
        s.commit()
    transport = RecordingTransport()
    report = run(engine, transport)
    assert report.sent == 20
    assert sorted(transport.texts_to("+12125550123")) == sorted(f"tip {i}" for i in range(20))
    assert all(i.status_callback == "https://coach.example/twilio/status" for i in transport.sent)
    # A second run finds nothing more to send.
    assert run(engine, transport).sent == 0
    assert len(transport.sent) == 20
    with Session(engine) as s:
        rows = s.exec(select(OutboxMessage).where(OutboxMessage.slot_key != "later")).all()
        assert {r.status for r in rows} == {OutboxStatus.sent}
        assert all(r.twilio_sid for r in rows)


def test_expired_rows_are_never_sent_late(engine):
    with Session(engine) as s:
        p = patient(s)
        queue(s, p, 3, due=NOW - timedelta(hours=5), expires=NOW - timedelta(hours=3))
    transport = RecordingTransport()
    report = run(engine, transport)
    assert report.expired == 3 and transport.sent == []
    with Session(engine) as s:
        assert statuses(s) == [OutboxStatus.expired] * 3


def test_retryable_errors_are_retried_with_backoff(engine):
    with Session(engine) as s:
        queue(s, patient(s), 1)
    transport = RecordingTransport(
        fail_with=[DeliveryError("busy", http_status=429, retryable=True)]
    )
    run(engine, transport)
    with Session(engine) as s:
        row = s.exec(select(OutboxMessage)).one()
        assert row.status == OutboxStatus.scheduled and row.attempts == 1
        assert row.next_attempt_at is not None and row.next_attempt_at > NOW
        retry_at = row.next_attempt_at
    assert run(engine, transport).sent == 0  # not before its back-off
    assert run(engine, transport, now=retry_at).sent == 1
    assert len(transport.sent) == 1


def test_retries_are_bounded(engine):
    with Session(engine) as s:
        queue(s, patient(s), 1, expires=NOW + timedelta(days=2))
    errors = [DeliveryError("down", http_status=503, retryable=True) for _ in range(10)]
    transport = RecordingTransport(fail_with=errors)
    now = NOW
    for _ in range(10):
        run(engine, transport, now=now)
        now += timedelta(hours=2)
    with Session(engine) as s:
        row = s.exec(select(OutboxMessage)).one()
        assert row.status == OutboxStatus.failed
        assert row.attempts == 5
    assert len(transport.fail_with) == 5  # five attempts used, no more


def test_ambiguous_timeouts_are_never_resent(engine):
    with Session(engine) as s:
        queue(s, patient(s), 1)
    transport = RecordingTransport(fail_with=[DeliveryError("read timeout", ambiguous=True)])
    run(engine, transport)
    run(engine, transport, now=NOW + timedelta(minutes=30))
    with Session(engine) as s:
        assert statuses(s) == [OutboxStatus.unknown]
    assert transport.sent == []


def due_now_and_tomorrow(engine):
    """One text due now and one due tomorrow, for the same patient."""
    with Session(engine) as s:
        p = patient(s)
        queue(s, p, 1)
        outbox.enqueue(
            session=s,
            patient=p,
            slot_key="tomorrow",
            kind="tip",
            body="x",
            due_at=NOW + timedelta(days=1),
            expires_at=NOW + timedelta(days=1, hours=1),
            now=NOW,
        )
        s.commit()


def test_21610_marks_the_patient_opted_out_and_cancels_the_rest(engine):
    due_now_and_tomorrow(engine)
    transport = RecordingTransport(
        fail_with=[DeliveryError("opted out", twilio_code=21610, http_status=400)]
    )
    run(engine, transport)
    with Session(engine) as s:
        assert s.exec(select(Patient)).one().status == PatientStatus.opted_out
        assert statuses(s) == [OutboxStatus.failed, OutboxStatus.cancelled]


def test_an_invalid_number_pauses_the_patient_and_alerts(engine):
    due_now_and_tomorrow(engine)
    transport = RecordingTransport(
        fail_with=[DeliveryError("bad number", twilio_code=21211, http_status=400)]
    )
    run(engine, transport)
    with Session(engine) as s:
        assert s.exec(select(Patient)).one().status == PatientStatus.paused
        alert = s.exec(select(Alert)).one()
        assert alert.kind == "undeliverable"
        assert OutboxStatus.cancelled in statuses(s)  # tomorrow's text is held back
    # The clinician's alert text went out in the same run, to the clinician's phone.
    assert [i.to for i in transport.sent] == ["+12125550999"]


def test_stuck_sends_become_unknown(engine):
    with Session(engine) as s:
        queue(s, patient(s), 1)
        claimed = outbox.claim_due(session=s, now=NOW, limit=10)
        assert len(claimed) == 1
        assert outbox.mark_stuck(session=s, now=NOW + timedelta(minutes=5)) == []
        assert len(outbox.mark_stuck(session=s, now=NOW + timedelta(minutes=11))) == 1
        s.commit()
        assert statuses(s) == [OutboxStatus.unknown]


def test_batches_are_about_five_seconds_of_sending():
    from coach.messaging.dispatch import batch_size

    assert batch_size(1, 4) == 5  # a long code: a crash strands at most 5 texts
    assert batch_size(10, 4) == 50
    assert batch_size(1000, 4) == 100
    assert batch_size(0.1, 4) == 1
    assert batch_size(0, 8) == 32  # no limit: a few rounds of the thread pool


def test_a_row_whose_window_closes_while_it_waits_for_the_pace_is_not_sent(engine):
    """Claimed a second before quiet hours, its turn comes after: it expires, unsent."""
    with Session(engine) as s:
        p = patient(s)
        queue(s, p, 3, expires=NOW + timedelta(seconds=1))
    transport = RecordingTransport()

    class SlowPace:
        def acquire(self) -> None:
            pass

    config = DispatchConfig(public_url="https://x", batch_size=10, concurrency=1)
    config.limiter = SlowPace()
    times = [NOW, NOW, NOW, NOW + timedelta(seconds=2)]  # expire, claim, 1st send, then late

    def now():
        return times.pop(0) if len(times) > 1 else times[0]

    report = dispatch_due(engine=engine, transport=transport, config=config, now=now)
    assert len(transport.sent) == 1
    assert report.sent == 1 and report.expired == 2
    with Session(engine) as s:
        assert sorted(statuses(s)) == sorted(
            [OutboxStatus.sent, OutboxStatus.expired, OutboxStatus.expired]
        )
        assert [r.attempts for r in s.exec(select(OutboxMessage)).all()].count(0) == 2
