"""Calls speak the emergency number of the patient's phone country."""

from __future__ import annotations

from tests.voice.conftest import Calls, placed_call, spoken, voice_patient, xml

ES = "+34612345678"


def _spanish(calls: Calls):
    return voice_patient(calls, phone=ES, language="es", tz="Europe/Madrid")


def test_a_spanish_voicemail_names_112(calls):
    who = _spanish(calls)
    sid = calls.new_sid()
    root = xml(calls.outbound(placed_call(calls, who, sid), sid, answered_by="machine_start"))
    (text,) = spoken(root)
    assert "emergencia, llame al 112" in text and "911" not in text


def test_a_us_voicemail_names_911(calls):
    who = voice_patient(calls)
    sid = calls.new_sid()
    root = xml(calls.outbound(placed_call(calls, who, sid), sid, answered_by="machine_start"))
    assert "call 911" in spoken(root)[0]


def test_a_spanish_red_flag_on_a_call_speaks_112(calls):
    who = _spanish(calls)
    sid = calls.new_sid()
    root = xml(calls.outbound(placed_call(calls, who, sid), sid))
    root = xml(calls.answer(root, sid, digits="1"))  # it is them
    root = xml(calls.answer(root, sid, digits="5"))  # the score
    root = xml(calls.answer(root, sid, digits="9"))  # a red flag
    said = " ".join(spoken(root))
    assert "112" in said and "911" not in said
