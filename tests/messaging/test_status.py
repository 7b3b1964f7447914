"""/twilio/status: signed, idempotent, never backwards; repeated failures alert the clinic."""

from datetime import timedelta

from sqlmodel import select

from coach.alerts.models import Alert
from coach.messaging.models import OutboxMessage, OutboxStatus
from tests.helpers import patient
from tests.replies.conftest import webhooks  # noqa: F401 (the signed-webhook fixture)


def sent_row(webhooks, p, n):  # noqa: F811
    with webhooks.session() as s:
        row = OutboxMessage(
            patient_id=p.id,
            slot_key=f"s{n}",
            kind="posture_tip",
            to_phone=p.phone,
            body="tip",
            status=OutboxStatus.sent,
            twilio_sid=f"SM{n:032d}",
            due_at=webhooks.clock.now,
            expires_at=webhooks.clock.now + timedelta(hours=1),
            sent_at=webhooks.clock.now,
        )
        s.add(row)
        s.commit()
        return row.twilio_sid


def callback(webhooks, sid, status, code=None):  # noqa: F811
    params = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC" + "0" * 32}
    if code:
        params["ErrorCode"] = str(code)
    return webhooks.post("/twilio/status", params)


def status_of(webhooks, sid):  # noqa: F811
    with webhooks.session() as s:
        return s.exec(select(OutboxMessage).where(OutboxMessage.twilio_sid == sid)).one().status


def test_delivered_is_recorded_and_never_goes_back(webhooks):  # noqa: F811
    with webhooks.session() as s:
        p = patient(s)
    sid = sent_row(webhooks, p, 1)
    assert callback(webhooks, sid, "delivered").status_code == 204
    assert status_of(webhooks, sid) == OutboxStatus.delivered
    # Late, out-of-order and repeated callbacks change nothing.
    for late in ("sent", "queued", "sending", "delivered"):
        assert callback(webhooks, sid, late).status_code == 204
    assert status_of(webhooks, sid) == OutboxStatus.delivered


def test_an_unsigned_callback_is_refused(webhooks):  # noqa: F811
    with webhooks.session() as s:
        p = patient(s)
    sid = sent_row(webhooks, p, 1)
    response = webhooks.post(
        "/twilio/status", {"MessageSid": sid, "MessageStatus": "failed"}, signature="nope"
    )
    assert response.status_code == 403
    assert status_of(webhooks, sid) == OutboxStatus.sent


def test_unknown_sids_and_missing_fields_are_harmless(webhooks):  # noqa: F811
    assert callback(webhooks, "SM" + "9" * 32, "delivered").status_code == 204
    assert webhooks.post("/twilio/status", {}).status_code == 204


def test_repeated_undelivered_texts_raise_one_alert(webhooks):  # noqa: F811
    with webhooks.session() as s:
        p = patient(s)
    sids = [sent_row(webhooks, p, n) for n in range(4)]
    for sid in sids:
        callback(webhooks, sid, "undelivered", code=30003)
    assert status_of(webhooks, sids[0]) == OutboxStatus.undelivered
    with webhooks.session() as s:
        alerts = s.exec(select(Alert)).all()
        row = s.exec(select(OutboxMessage).where(OutboxMessage.twilio_sid == sids[0])).one()
    assert [a.kind for a in alerts] == ["undeliverable"]
    assert row.error_code == 30003
