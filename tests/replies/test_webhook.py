"""The inbound SMS webhook end to end: signed requests, database effects, TwiML replies."""

import xml.etree.ElementTree as ET
from datetime import timedelta

from sqlmodel import func, select

from coach.alerts.models import Alert
from coach.messaging.models import InboundMessage, OutboxMessage, OutboxStatus
from coach.patients.models import ExerciseLog, PainReport, Patient, PatientStatus
from tests.helpers import patient
from tests.replies.conftest import at

PHONE = "+12125550123"


def texts(response):
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.text)
    assert root.tag == "Response"
    return [m.text for m in root.findall("Message")]


def enrolled(webhooks, **kw):
    with webhooks.session() as s:
        return patient(s, phone=PHONE, **kw)


def count(webhooks, model):
    with webhooks.session() as s:
        return s.exec(select(func.count()).select_from(model)).one()


def test_bad_or_missing_signature_is_403_and_records_nothing(webhooks):
    enrolled(webhooks)
    params = {"MessageSid": "SM1", "From": PHONE, "Body": "7"}
    assert webhooks.post("/twilio/sms", params, signature="bogus").status_code == 403
    assert webhooks.client.post("/twilio/sms", data=params).status_code == 403
    # Signed for another URL (e.g. what a proxy saw) is refused too.
    wrong = webhooks.sign("/twilio/status", params)
    assert webhooks.post("/twilio/sms", params, signature=wrong).status_code == 403
    assert count(webhooks, InboundMessage) == 0
    assert count(webhooks, PainReport) == 0


def test_a_pain_score_is_recorded_and_answered(webhooks):
    enrolled(webhooks)
    replies = texts(webhooks.sms(PHONE, "about a 4 today"))
    assert len(replies) == 1 and replies[0]
    with webhooks.session() as s:
        report = s.exec(select(PainReport)).one()
        assert report.score == 4 and report.source == "sms"
        assert s.exec(select(InboundMessage)).one().intent == "pain_report"


def test_a_retried_delivery_gets_the_same_reply_and_records_nothing_twice(webhooks):
    enrolled(webhooks)
    first = texts(webhooks.sms(PHONE, "5", sid="SM" + "a" * 32))
    again = texts(webhooks.sms(PHONE, "5", sid="SM" + "a" * 32))
    assert first == again
    assert count(webhooks, InboundMessage) == 1
    assert count(webhooks, PainReport) == 1


def test_unknown_sender_gets_one_polite_reply_a_day(webhooks):
    first = texts(webhooks.sms("+13105550111", "hello?"))
    assert len(first) == 1 and "Riverside Physio" in first[0]
    assert texts(webhooks.sms("+13105550111", "hello??")) == []
    webhooks.clock.now += timedelta(hours=25)
    assert len(texts(webhooks.sms("+13105550111", "anyone?"))) == 1


def test_red_flag_at_3am_replies_and_alerts_at_once(webhooks):
    enrolled(webhooks)
    webhooks.clock.now = at(2026, 6, 10, 7, 0)  # 03:00 in New York: quiet hours
    replies = texts(webhooks.sms(PHONE, "my left arm and hand went numb this morning"))
    assert len(replies) == 1
    with webhooks.session() as s:
        alert = s.exec(select(Alert)).one()
        assert alert.kind == "red_flag" and alert.urgent
        sms = s.exec(select(OutboxMessage).where(OutboxMessage.kind == "alert")).one()
        # The clinician's text is due now, not held for the morning.
        assert sms.to_phone == "+12125550999"
        assert sms.due_at == webhooks.clock.now
        assert PHONE not in sms.body


def test_airway_symptoms_say_911(webhooks):
    enrolled(webhooks)
    replies = texts(webhooks.sms(PHONE, "my throat is swelling and its hard to breathe"))
    assert "911" in replies[0]


def test_negated_symptoms_are_not_red_flags(webhooks):
    enrolled(webhooks)
    texts(webhooks.sms(PHONE, "no numbness today, pain 3"))
    assert count(webhooks, Alert) == 0


def test_exact_stop_opts_out_with_an_empty_reply(webhooks):
    enrolled(webhooks)
    assert texts(webhooks.sms(PHONE, "STOP")) == []
    with webhooks.session() as s:
        assert s.exec(select(Patient)).one().status == PatientStatus.opted_out


def test_a_second_opt_out_from_a_stopped_number_gets_no_second_confirmation(webhooks):
    enrolled(webhooks)
    assert texts(webhooks.sms(PHONE, "STOP")) == []  # Twilio confirmed it
    assert texts(webhooks.sms(PHONE, "STOP please, I mean it")) == []
    assert texts(webhooks.sms(PHONE, "no more texts")) == []
    with webhooks.session() as s:
        assert s.exec(select(Patient)).one().status == PatientStatus.opted_out


def test_plain_language_opt_out_is_confirmed_once(webhooks):
    p = enrolled(webhooks)
    with webhooks.session() as s:
        from coach.messaging import outbox

        outbox.enqueue(
            session=s,
            patient=p,
            slot_key="x",
            kind="posture_tip",
            body="tip",
            due_at=webhooks.clock.now + timedelta(hours=1),
            expires_at=webhooks.clock.now + timedelta(hours=2),
            now=webhooks.clock.now,
        )
        s.commit()
    replies = texts(webhooks.sms(PHONE, "please stop texting me"))
    assert len(replies) == 1
    with webhooks.session() as s:
        assert s.exec(select(Patient)).one().status == PatientStatus.opted_out
        assert s.exec(select(OutboxMessage)).one().status == OutboxStatus.cancelled
    # Opted out: ordinary texts get no answer.
    assert texts(webhooks.sms(PHONE, "5")) == []


def test_start_resumes_with_a_confirmation(webhooks):
    enrolled(webhooks)
    texts(webhooks.sms(PHONE, "STOP"))
    replies = texts(webhooks.sms(PHONE, "START"))
    assert len(replies) == 1
    with webhooks.session() as s:
        assert s.exec(select(Patient)).one().status == PatientStatus.active


def test_help_names_the_clinic_and_how_to_stop(webhooks):
    enrolled(webhooks)
    (reply,) = texts(webhooks.sms(PHONE, "HELP"))
    assert "Riverside Physio" in reply and "STOP" in reply


def test_wrong_number_stops_and_alerts(webhooks):
    enrolled(webhooks)
    assert len(texts(webhooks.sms(PHONE, "wrong number, I don't know who this is"))) == 1
    with webhooks.session() as s:
        assert s.exec(select(Patient)).one().status == PatientStatus.opted_out
        assert s.exec(select(Alert)).one().kind == "wrong_number"


def test_pause_for_days_then_resume(webhooks):
    enrolled(webhooks)
    (reply,) = texts(webhooks.sms(PHONE, "PAUSE 3"))
    assert "3" in reply
    with webhooks.session() as s:
        p = s.exec(select(Patient)).one()
        assert p.status == PatientStatus.paused
        assert p.paused_until == webhooks.clock.now + timedelta(days=3)
    assert len(texts(webhooks.sms(PHONE, "RESUME"))) == 1
    with webhooks.session() as s:
        assert s.exec(select(Patient)).one().status == PatientStatus.active


def test_done_after_an_exercise_logs_it(webhooks):
    p = enrolled(webhooks)
    with webhooks.session() as s:
        s.add(
            OutboxMessage(
                patient_id=p.id,
                slot_key="ex",
                kind="exercise",
                template_id="chin_tuck",
                to_phone=PHONE,
                body="Chin tucks...",
                status=OutboxStatus.sent,
                due_at=webhooks.clock.now,
                expires_at=webhooks.clock.now,
                sent_at=webhooks.clock.now - timedelta(minutes=5),
            )
        )
        s.commit()
    assert len(texts(webhooks.sms(PHONE, "DONE"))) == 1
    with webhooks.session() as s:
        log = s.exec(select(ExerciseLog)).one()
        assert log.exercise_id == "chin_tuck" and log.done


def test_medication_question_gets_the_content_answer_without_a_dose(webhooks):
    enrolled(webhooks)
    (reply,) = texts(webhooks.sms(PHONE, "how much ibuprofen should I take?"))
    assert "pharmacist" in reply.lower()
    assert "mg" not in reply.lower()


def test_what_the_coach_cannot_act_on_gets_one_holding_reply_per_conversation(webhooks):
    # What the coach cannot act on goes to the clinic inbox: one holding reply with the
    # safety net (not "didn't catch that"), not repeated while the conversation is open.
    enrolled(webhooks)
    (holding,) = texts(webhooks.sms(PHONE, "the weather is lovely"))
    assert "care team will read this" in holding and "911" in holding
    assert texts(webhooks.sms(PHONE, "what a day")) == []


def test_three_high_scores_give_one_clinician_message_and_one_alert(webhooks):
    enrolled(webhooks)
    replies = []
    for day in range(4):
        webhooks.clock.now = at(2026, 6, 10 + day, 22, 0)  # 18:00 in New York
        replies.append(texts(webhooks.sms(PHONE, "8")))
    with webhooks.session() as s:
        alerts = s.exec(select(Alert)).all()
    assert [a.kind for a in alerts] == ["persistent"]
    see = [r for r in replies if len(r) == 2]
    assert len(see) == 1 and replies.index(see[0]) == 2


def test_signed_but_empty_or_odd_bodies_never_500(webhooks):
    for params in (
        {},
        {"From": PHONE},
        {"MessageSid": "SM9"},
        {"MessageSid": "SM8", "From": PHONE, "Body": "x" * 5000},
    ):
        response = webhooks.post("/twilio/sms", params)
        assert response.status_code < 500
    big = {"MessageSid": "SM7", "From": PHONE, "Body": "y" * 40000}
    assert webhooks.post("/twilio/sms", big).status_code == 413
    bad = webhooks.client.post(
        "/twilio/sms",
        content=b"Body=%ff%fe&From=x",
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": "x"},
    )
    assert bad.status_code == 403  # read with U+FFFD for the bad bytes, then not signed


def test_a_red_flag_then_stop_still_alerts_the_clinician(webhooks):
    enrolled(webhooks)
    texts(webhooks.sms(PHONE, "my left hand feels numb and weak"))
    assert texts(webhooks.sms(PHONE, "STOP")) == []
    with webhooks.session() as s:
        alert_sms = s.exec(select(OutboxMessage).where(OutboxMessage.kind == "alert")).one()
        assert alert_sms.status == OutboxStatus.scheduled  # opting out does not cancel it
        assert s.exec(select(Patient)).one().status == PatientStatus.opted_out


def test_yes_from_an_active_patient_is_not_a_rejoin(webhooks):
    enrolled(webhooks)
    (reply,) = texts(webhooks.sms(PHONE, "yes"))
    assert "Welcome back" not in reply  # not the rejoin confirmation
    with webhooks.session() as s:
        assert s.exec(select(Patient)).one().status == PatientStatus.active


def test_a_spanish_speaker_is_answered_in_spanish(webhooks):
    enrolled(webhooks, language="es")
    (feedback,) = texts(webhooks.sms(PHONE, "me duele mucho, como un 9"))
    assert feedback.startswith("Sentimos")
    (safety,) = texts(webhooks.sms(PHONE, "tengo hormigueo en las dos manos"))
    assert "911" in safety and "llame" in safety.lower()
    (bye,) = texts(webhooks.sms(PHONE, "ALTO"))
    assert bye.startswith("Ya no recibira")
    with webhooks.session() as s:
        assert s.exec(select(Patient)).one().status == PatientStatus.opted_out
        assert [r.score for r in s.exec(select(PainReport)).all()] == [9]


def test_thanks_and_a_thumbs_up_need_no_answer(webhooks):
    enrolled(webhooks)
    assert texts(webhooks.sms(PHONE, "Thanks!")) == []
    assert texts(webhooks.sms(PHONE, "👍")) == []
    assert texts(webhooks.sms(PHONE, "ok gracias")) == []
    # Something the coach really didn't understand goes to a person, with the safety net.
    (holding,) = texts(webhooks.sms(PHONE, "the weather is lovely"))
    assert "care team will read this" in holding and "emergency" in holding


def test_how_the_neck_feels_without_a_number_gets_a_request_for_a_score(webhooks):
    enrolled(webhooks)
    (reply,) = texts(webhooks.sms(PHONE, "a little sore today"))
    assert "0 (no pain) to 10" in reply
    with webhooks.session() as s:
        assert s.exec(select(PainReport)).first() is None  # no score is invented


def test_a_bare_yes_does_not_end_a_pause_but_start_does(webhooks):
    enrolled(webhooks)
    texts(webhooks.sms(PHONE, "PAUSE"))
    (reply,) = texts(webhooks.sms(PHONE, "yes"))
    assert "RESUME" in reply
    with webhooks.session() as s:
        assert s.exec(select(Patient)).one().status == PatientStatus.paused
    texts(webhooks.sms(PHONE, "START"))
    with webhooks.session() as s:
        assert s.exec(select(Patient)).one().status == PatientStatus.active
