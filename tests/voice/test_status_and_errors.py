"""Call status callbacks (retry, SMS fallback) and how bad requests are refused."""

from datetime import timedelta

from sqlmodel import col, func, select

from coach.messaging.models import InboundMessage, OutboxMessage, OutboxStatus
from coach.patients.models import PainReport
from coach.scheduling.localtime import local_now
from tests.voice.conftest import PUBLIC, Calls, at, placed_call, voice_patient, xml


def rows(calls: Calls) -> list[OutboxMessage]:
    with calls.session() as s:
        return list(s.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all())


def test_a_completed_call_is_delivered(calls):
    who = voice_patient(calls)
    sid = calls.new_sid()
    placed_call(calls, who, sid)
    assert calls.status(sid, "in-progress").status_code == 204
    assert calls.status(sid, "completed").status_code == 204
    assert calls.status(sid, "ringing").status_code == 204  # late and stale: ignored
    assert [r.status for r in rows(calls)] == [OutboxStatus.delivered]


def test_no_answer_is_retried_once_then_texted_when_the_patient_takes_texts(calls):
    who = voice_patient(calls, consent="verbal: calls and texts", sms_consent=True)
    first = calls.new_sid()
    placed_call(calls, who, first)
    assert calls.status(first, "no-answer").status_code == 204
    assert calls.status(first, "no-answer").status_code == 204  # a repeated callback
    original, retry = rows(calls)
    assert original.status == OutboxStatus.failed
    assert retry.slot_key == original.slot_key + ":retry" and retry.channel == "voice"
    assert retry.due_at == calls.clock.now + timedelta(minutes=30)
    assert retry.status == OutboxStatus.scheduled and retry.kind == "checkin"

    second = calls.new_sid()
    with calls.session() as s:
        row = s.get(OutboxMessage, retry.id)
        assert row is not None
        row.status, row.twilio_sid = OutboxStatus.sent, second
        s.add(row)
        s.commit()
    calls.status(second, "busy")
    calls.status(second, "busy")
    *_, fallback = rows(calls)
    assert len(rows(calls)) == 3
    assert fallback.slot_key == original.slot_key + ":sms" and fallback.channel == "sms"
    assert fallback.template_id == "checkin.prompt" and "0" in fallback.body


def test_no_sms_fallback_without_consent_to_texts(calls):
    who = voice_patient(calls, consent="verbal: calls and texts")  # no sms_consent
    sid = calls.new_sid()
    placed_call(calls, who, sid, slot_key=f"{who.id}:checkin:2026-06-10:retry")
    calls.status(sid, "failed")
    assert [r.slot_key for r in rows(calls)] == [f"{who.id}:checkin:2026-06-10:retry"]


def test_a_patient_who_texted_us_still_gets_no_fallback_without_sms_consent(calls):
    who = voice_patient(calls, consent="signed form")
    with calls.session() as s:
        s.add(
            InboundMessage(
                message_sid="SM" + "1" * 32, from_phone=who.phone, body="hi", intent="other"
            )
        )
        s.commit()
    sid = calls.new_sid()
    placed_call(calls, who, sid, slot_key="s:retry")
    calls.status(sid, "no-answer")
    assert [r.slot_key for r in rows(calls)] == ["s:retry"]


def test_the_retry_waits_for_the_end_of_quiet_hours(calls):
    calls.clock.now = at(2026, 6, 11, 0, 45)  # 20:45 in New York; quiet from 21:00
    who = voice_patient(calls)
    sid = calls.new_sid()
    placed_call(calls, who, sid)
    calls.status(sid, "no-answer")
    retry = rows(calls)[-1]
    local = local_now(retry.due_at, who.timezone)
    assert (local.hour, local.minute) == (8, 0)
    assert retry.expires_at > retry.due_at


def test_a_callback_before_dispatch_stored_the_callsid_finds_the_row_by_outbox(calls):
    who = voice_patient(calls)
    outbox_id = placed_call(calls, who, None)
    sid = calls.new_sid()
    assert calls.status(sid, "busy", outbox_id=outbox_id).status_code == 204
    first = rows(calls)[0]
    assert first.status == OutboxStatus.failed and first.twilio_sid == sid
    assert len(rows(calls)) == 2


def test_an_unknown_call_status_is_accepted_and_ignored(calls):
    assert calls.status("CA" + "9" * 32, "completed").status_code == 204
    assert rows(calls) == []


def test_a_bad_signature_is_403_and_records_nothing(calls):
    who = voice_patient(calls)
    sid = calls.new_sid()
    outbox_id = placed_call(calls, who, sid)
    path = f"/twilio/voice/gather?outbox={outbox_id}&step=score&t=2"
    params = calls.params(sid, From="+15005550006", Digits="5")
    assert calls.post(path, params, signature="bogus").status_code == 403
    assert calls.client.post(path, data=params).status_code == 403
    wrong = calls.sign(PUBLIC + path.replace("t=2", "t=3"), params)
    assert calls.post(path, params, signature=wrong).status_code == 403
    assert calls.post("/twilio/voice/status", {"CallSid": sid}, "x").status_code == 403
    with calls.session() as s:
        assert s.exec(select(func.count()).select_from(InboundMessage)).one() == 0
        assert s.exec(select(func.count()).select_from(PainReport)).one() == 0


def test_bad_or_missing_parameters_are_4xx_with_a_message(calls):
    who = voice_patient(calls)
    sid = calls.new_sid()
    outbox_id = placed_call(calls, who, sid)
    p = calls.params(sid, From=who.phone, Digits="1")
    cases = {
        "/twilio/voice/call": 400,  # no outbox
        "/twilio/voice/call?outbox=999": 404,
        "/twilio/voice/call?outbox=abc": 422,
        f"/twilio/voice/gather?outbox={outbox_id}&step=bogus&t=1": 422,
        f"/twilio/voice/gather?outbox={outbox_id}&step=score": 422,  # no turn
        f"/twilio/voice/gather?outbox={outbox_id}&step=menu&t=1": 400,
        f"/twilio/voice/gather?outbox={outbox_id}&step=score&i=2&t=1": 422,
        "/twilio/voice/menu?step=score&t=1": 400,
    }
    for path, expected in cases.items():
        response = calls.post(path, p)
        assert response.status_code == expected, (path, response.text)
        assert response.json()
    other = calls.params("CA" + "7" * 32, From=who.phone, Digits="1")
    path = f"/twilio/voice/gather?outbox={outbox_id}&step=identify&t=1"
    assert calls.post(path, other).status_code == 404  # another call's outbox row
    assert calls.post("/twilio/voice/inbound", {"From": who.phone}).status_code == 400
    stranger = calls.params(sid, From="+14155550000", Digits="1")
    assert calls.post("/twilio/voice/menu?t=1", stranger).status_code == 404
    assert xml(calls.outbound(outbox_id, sid)).find("Gather") is not None
