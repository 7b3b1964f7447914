"""Outbound check-in calls end to end: signed webhooks, TwiML parsed as XML, database effects."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from typing import Any

from sqlmodel import SQLModel, func, select

from coach.alerts.models import Alert, AlertKind
from coach.content.loader import get_library
from coach.messaging.models import InboundMessage
from coach.patients.models import PainReport, Patient
from tests.voice.conftest import Calls, action, placed_call, spoken, voice_patient, xml


def render(template_id: str, language: str = "en", **values: str) -> str:
    # A US patient: emergency and crisis numbers are the US ones.
    base = {
        "clinic_name": "Riverside Physio",
        "clinic_phone": "+1 212 555 0100",
        "emergency_number": "911",
        "crisis_line": "988",
    }
    return get_library().render(template_id, language, **(base | values))


def count(calls: Calls, model: type[SQLModel]) -> int:
    with calls.session() as s:
        return int(s.exec(select(func.count()).select_from(model)).one())


def started(calls: Calls, **kw: Any) -> tuple[Patient, str, int, ET.Element]:
    who = voice_patient(calls, **kw)
    sid = calls.new_sid()
    outbox_id = placed_call(calls, who, sid)
    return who, sid, outbox_id, xml(calls.outbound(outbox_id, sid))


def test_the_greeting_asks_for_the_patient_by_first_name_without_clinical_detail(calls):
    _who, _sid, outbox_id, root = started(calls)
    texts = spoken(root)
    assert texts == [render("voice.identify", first_name="Sam")]
    assert "pain" not in texts[0].lower()
    gather = root.find("Gather")
    assert gather is not None
    assert gather.get("input") == "dtmf" and gather.get("numDigits") == "1"
    assert gather.find("Say").get("language") == "en-US"  # type: ignore[union-attr,unused-ignore]
    path, query = action(root)
    assert path == "/twilio/voice/gather"
    assert query == {"outbox": [str(outbox_id)], "step": ["identify"], "t": ["1"]}


def test_without_a_first_name_the_greeting_is_neutral(calls):
    who = voice_patient(calls)
    with calls.session() as s:
        who.first_name = None
        s.add(who)
        s.commit()
    sid = calls.new_sid()
    root = xml(calls.outbound(placed_call(calls, who, sid), sid))
    assert spoken(root) == [render("voice.identify_generic")]


def test_a_keypad_score_goes_into_the_pain_history_then_the_red_flag_question(calls):
    _who, sid, _id, root = started(calls)
    root = xml(calls.answer(root, sid, digits="1"))
    gather = root.find("Gather")
    assert gather is not None
    assert gather.get("input") == "dtmf speech" and gather.get("language") == "en-US"
    assert gather.get("numDigits") == "2" and gather.get("finishOnKey") == "#"
    assert spoken(root) == [render("voice.checkin_question")]
    assert action(root)[1]["step"] == ["score"]

    root = xml(calls.answer(root, sid, digits="10"))
    with calls.session() as s:
        report = s.exec(select(PainReport)).one()
        assert (report.score, report.source) == (10, "voice")
    assert spoken(root)[-1] == render("voice.red_flag_option")
    assert action(root)[1]["step"] == ["redflag"]

    root = xml(calls.answer(root, sid, digits="1"))
    assert root.find("Gather") is None and root.find("Hangup") is not None
    # The call ends by saying how to stop calls (issue 13).
    assert spoken(root) == [render("voice.stop_calls"), render("voice.goodbye")]
    assert count(calls, Alert) == 0


def test_pressing_9_at_the_red_flag_question_speaks_the_safety_message_and_alerts(calls):
    _who, sid, _id, root = started(calls)
    root = xml(calls.answer(root, sid, digits="1"))
    root = xml(calls.answer(root, sid, digits="9"))  # a score of 9, not a red flag
    with calls.session() as s:
        assert s.exec(select(PainReport.score)).one() == 9
        assert s.exec(select(func.count()).select_from(Alert)).one() == 0
    root = xml(calls.answer(root, sid, digits="9"))
    # 9 is breathing or swallowing trouble: "call the emergency number now".
    assert render("safety.airway") in spoken(root)
    assert root.find("Hangup") is not None
    with calls.session() as s:
        alert = s.exec(select(Alert)).one()
        assert alert.kind == AlertKind.red_flag and alert.urgent
        assert alert.category == "airway" and "airway" in alert.reason
        flagged = s.exec(select(InboundMessage).where(InboundMessage.red_flag)).one()
        assert flagged.intent == "red_flag"


def test_pressing_8_at_the_red_flag_question_is_numbness_or_weakness_see_someone_today(calls):
    _who, sid, _id, root = started(calls)
    root = xml(calls.answer(root, sid, digits="1"))
    root = xml(calls.answer(root, sid, digits="4"))
    root = xml(calls.answer(root, sid, digits="8"))
    said = spoken(root)
    assert render("safety.neurological") in said
    assert render("safety.airway") not in said
    with calls.session() as s:
        alert = s.exec(select(Alert)).one()
        assert alert.urgent and alert.category == "neurological"


def test_an_invalid_score_is_asked_once_more_then_a_polite_goodbye(calls):
    _who, sid, _id, root = started(calls)
    root = xml(calls.answer(root, sid, digits="1"))
    root = xml(calls.answer(root, sid, digits="42"))
    assert spoken(root) == [render("voice.invalid"), render("voice.checkin_question")]
    assert action(root)[1]["step"] == ["score_retry"]
    root = xml(calls.answer(root, sid))  # silence: Twilio posts an empty result
    assert spoken(root) == [render("voice.invalid"), render("voice.goodbye")]
    assert root.find("Hangup") is not None
    assert count(calls, PainReport) == 0


def test_a_wrong_person_hears_nothing_clinical(calls):
    _who, sid, _id, root = started(calls)
    root = xml(calls.answer(root, sid, digits="5"))
    assert action(root)[1]["step"] == ["identify_retry"]
    root = xml(calls.answer(root, sid, digits="5"))
    assert spoken(root) == [render("voice.invalid"), render("voice.goodbye")]
    assert all("pain" not in text.lower() for text in spoken(root))


def test_a_retried_webhook_gets_the_same_twiml_and_records_nothing_twice(calls):
    _who, sid, _id, root = started(calls)
    root = xml(calls.answer(root, sid, digits="1"))
    first = calls.answer(root, sid, digits="6")
    again = calls.answer(root, sid, digits="6")
    assert first.text == again.text
    assert count(calls, PainReport) == 1
    with calls.session() as s:
        sids = s.exec(select(InboundMessage.message_sid)).all()
    assert sorted(sids) == [f"{sid}:1:identify", f"{sid}:2:score"]


def test_high_voice_scores_follow_the_persistent_symptom_rule(calls):
    # Started before the two earlier scores: rules read only the active programme's days.
    who, sid, _id, root = started(calls, start=calls.clock.now.date() - timedelta(days=5))
    with calls.session() as s:
        for days in (2, 1):
            at = calls.clock.now - timedelta(days=days)
            s.add(PainReport(patient_id=who.id or 0, score=8, source="sms", reported_at=at))
        s.commit()
    root = xml(calls.answer(root, sid, digits="1"))
    root = xml(calls.answer(root, sid, digits="8"))
    assert render("see_clinician") in spoken(root)
    with calls.session() as s:
        alert = s.exec(select(Alert)).one()
        assert alert.kind in (AlertKind.persistent, AlertKind.worsening)


def test_a_spoken_score_is_understood(calls):
    _who, sid, _id, root = started(calls)
    root = xml(calls.answer(root, sid, digits="1"))
    root = xml(calls.answer(root, sid, speech="about a six I think"))
    with calls.session() as s:
        assert s.exec(select(PainReport.score)).one() == 6
    assert action(root)[1]["step"] == ["redflag"]


def test_a_spoken_red_flag_takes_the_safety_path_at_once(calls):
    _who, sid, _id, root = started(calls)
    root = xml(calls.answer(root, sid, digits="1"))
    root = xml(calls.answer(root, sid, speech="it's a 5 and my arm has gone numb"))
    assert root.find("Hangup") is not None
    with calls.session() as s:
        assert s.exec(select(Alert)).one().urgent
        assert s.exec(select(PainReport.score)).one() == 5


def test_spanish_patients_hear_and_are_heard_in_spanish(calls):
    _who, sid, _id, root = started(calls, language="es")
    say = root.find("Gather/Say")
    assert say is not None and say.get("language") == "es-US" and say.get("voice") == "Polly.Lupe"
    root = xml(calls.answer(root, sid, digits="1"))
    assert root.find("Gather").get("language") == "es-US"  # type: ignore[union-attr]
    assert spoken(root) == [render("voice.checkin_question", "es")]


def test_an_answering_machine_gets_a_short_voicemail_without_clinical_detail(calls):
    for answered_by in ("machine_start", "machine_end_beep", "fax"):
        who = voice_patient(calls, phone=f"+1212555{len(answered_by):04d}")
        sid = calls.new_sid()
        root = xml(calls.outbound(placed_call(calls, who, sid), sid, answered_by=answered_by))
        assert [child.tag for child in root] == ["Say", "Hangup"]
        text = spoken(root)[0]
        assert text == render("voice.voicemail") and "+1 212 555 0100" in text
        assert "pain" not in text.lower() and "neck" not in text.lower()


def test_every_call_says_how_to_stop_calls_and_4_stops_them(calls):
    who, sid, _id, root = started(calls)
    assert "press 4" in spoken(root)[0]
    root = xml(calls.answer(root, sid, digits="4"))
    assert spoken(root) == [render("voice.optout_confirm")]
    with calls.session() as s:
        stored = s.get(Patient, who.id)
        assert stored is not None and stored.status == "opted_out"
