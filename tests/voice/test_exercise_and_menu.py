"""Guided exercise calls and the inbound phone menu, through signed webhooks."""

import xml.etree.ElementTree as ET
from typing import Any

from sqlmodel import col, select

from coach.content.loader import get_library
from coach.messaging.models import InboundMessage, OutboxMessage, OutboxStatus
from coach.patients.models import ExerciseLog, PainReport, Patient, PatientStatus
from tests.voice.conftest import Calls, action, placed_call, spoken, voice_patient, xml
from tests.voice.test_checkin_call import render

CHIN = "exercise.chin_tuck"


def exercise_ids(language: str = "en") -> list[str]:
    return [e.id for e in get_library().exercises(language)]


def pauses(root: ET.Element) -> list[int]:
    return [int(p.get("length", "0")) for p in root.iter("Pause")]


def test_an_exercise_call_speaks_the_steps_with_real_pauses(calls):
    who = voice_patient(calls)
    sid = calls.new_sid()
    outbox_id = placed_call(calls, who, sid, kind="exercise", template_id=CHIN)
    root = xml(calls.outbound(outbox_id, sid))
    root = xml(calls.answer(root, sid, digits="1"))
    chin = get_library().exercise(CHIN, "en")
    texts = spoken(root)
    assert texts[0] == render("voice.exercise_intro") and texts[1] == chin.name
    assert chin.steps[1].say in texts
    assert [t for t in texts if t.isdigit()] == [str(n) for n in range(1, 11)]
    assert pauses(root).count(5) == 10  # each 5-second hold is a real <Pause>
    assert texts[-1] == render("voice.exercise_next")
    path, query = action(root)
    index = exercise_ids().index(CHIN)
    assert path == "/twilio/voice/gather"
    assert query == {
        "outbox": [str(outbox_id)],
        "step": ["exercise"],
        "i": [str(index)],
        "t": ["2"],
    }

    again = xml(calls.answer(root, sid, digits="1"))  # repeat: same exercise, no intro
    assert spoken(again)[0] == chin.name and action(again)[1]["i"] == [str(index)]
    following = xml(calls.answer(again, sid, digits="2"))
    next_id = exercise_ids()[(index + 1) % len(exercise_ids())]
    assert spoken(following)[0] == get_library().exercise(next_id, "en").name
    done = xml(calls.answer(following, sid, digits="3"))
    assert spoken(done) == [
        render("voice.exercise_done"),
        render("voice.stop_calls"),  # how to stop calls (issue 13)
        render("voice.goodbye"),
    ]
    assert done.find("Hangup") is not None
    with calls.session() as s:
        logged = s.exec(select(ExerciseLog.exercise_id).order_by(col(ExerciseLog.id))).all()
    assert logged == [CHIN, CHIN, next_id]


def test_an_unknown_caller_hears_a_polite_message(calls):
    root = xml(calls.inbound(calls.new_sid(), caller="+14155550000"))
    assert [child.tag for child in root] == ["Say", "Hangup"]
    assert spoken(root) == [render("voice.unknown_caller")]


def menu(calls: Calls, sid: str, **kw: Any) -> ET.Element:
    voice_patient(calls, **kw)
    root = xml(calls.inbound(sid))
    assert spoken(root)[0] == render("voice.inbound_greeting", kw.get("language", "en"))
    path, query = action(root)
    assert path == "/twilio/voice/menu" and query == {"step": ["menu"], "t": ["1"]}
    return root


def test_menu_1_reports_pain(calls):
    sid = calls.new_sid()
    root = xml(calls.answer(menu(calls, sid), sid, digits="1"))
    path, query = action(root)
    assert path == "/twilio/voice/gather" and query == {"step": ["score"], "t": ["2"]}
    root = xml(calls.answer(root, sid, digits="3"))
    with calls.session() as s:
        assert s.exec(select(PainReport.score, PainReport.source)).one() == (3, "voice")
    assert action(root)[1]["step"] == ["redflag"]


def test_menu_2_plays_todays_exercise(calls):
    sid = calls.new_sid()
    root = xml(calls.answer(menu(calls, sid), sid, digits="2"))
    assert spoken(root)[0] == render("voice.exercise_intro")
    assert action(root)[1]["step"] == ["exercise"]


def test_menu_3_gives_heat_and_ice_advice_then_the_menu_again(calls):
    sid = calls.new_sid()
    root = xml(calls.answer(menu(calls, sid), sid, digits="3"))
    assert spoken(root) == [render("faq.heat_or_ice"), render("voice.menu")]
    assert action(root) == ("/twilio/voice/menu", {"step": ["menu"], "t": ["2"]})


def test_menu_4_stops_calls(calls):
    sid = calls.new_sid()
    root = menu(calls, sid)
    with calls.session() as s:
        who = s.exec(select(Patient)).one()
    waiting = placed_call(calls, who, None, slot_key="later")
    with calls.session() as s:
        row = s.get(OutboxMessage, waiting)
        assert row is not None
        row.status = OutboxStatus.scheduled
        s.add(row)
        s.commit()
    root = xml(calls.answer(root, sid, digits="4"))
    assert spoken(root) == [render("voice.optout_confirm")]
    assert root.find("Hangup") is not None
    with calls.session() as s:
        assert s.exec(select(Patient.status)).one() == PatientStatus.opted_out
        assert s.get(OutboxMessage, waiting).status == OutboxStatus.cancelled  # type: ignore[union-attr,unused-ignore]


def test_menu_5_says_the_clinic_number(calls):
    sid = calls.new_sid()
    root = xml(calls.answer(menu(calls, sid, language="es"), sid, digits="5"))
    assert spoken(root) == [render("voice.clinic_number", "es"), render("voice.menu", "es")]
    assert "+1 212 555 0100" in spoken(root)[0]
    assert root.find("Gather/Say").get("language") == "es-US"  # type: ignore[union-attr,unused-ignore]


def test_an_invalid_menu_choice_is_asked_once_more(calls):
    sid = calls.new_sid()
    root = xml(calls.answer(menu(calls, sid), sid, digits="8"))
    assert spoken(root) == [render("voice.invalid"), render("voice.menu")]
    assert action(root)[1]["step"] == ["menu_retry"]
    root = xml(calls.answer(root, sid))
    assert spoken(root) == [render("voice.invalid"), render("voice.goodbye")]
    with calls.session() as s:
        assert s.exec(select(InboundMessage.intent)).all() == ["voice_invalid", "voice_invalid"]


def test_a_patient_who_stopped_calls_can_start_them_again_by_calling_and_pressing_7(calls):
    """The opt-out message says how to come back, and the way back works (tester: it
    pointed to the clinic, which may not opt a patient back in)."""
    sid = calls.new_sid()
    root = xml(calls.answer(menu(calls, sid), sid, digits="4"))
    assert "press 7" in spoken(root)[0]
    again = calls.new_sid()
    root = xml(calls.inbound(again))
    assert spoken(root) == [render("voice.inbound_greeting"), render("voice.stopped_menu")]
    wrong = xml(calls.answer(root, again, digits="9"))  # a retry offers the same way back
    assert spoken(wrong)[-1] == render("voice.stopped_menu")
    root = xml(calls.answer(wrong, again, digits="7"))
    assert spoken(root) == [render("voice.restart_confirm"), render("voice.goodbye")]
    with calls.session() as s:
        assert s.exec(select(Patient.status)).one() == PatientStatus.active


def test_7_does_nothing_for_a_patient_who_never_stopped(calls):
    sid = calls.new_sid()
    root = xml(calls.answer(menu(calls, sid), sid, digits="7"))
    assert spoken(root) == [render("voice.invalid"), render("voice.menu")]
    with calls.session() as s:
        assert s.exec(select(Patient.status)).one() == PatientStatus.active
