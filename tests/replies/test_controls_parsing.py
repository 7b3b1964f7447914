"""Patient controls and Spanish keywords in the parser: what counts, and what must not."""

from __future__ import annotations

import json
from datetime import time

import pytest
from typer.testing import CliRunner

from coach.cli import app
from coach.replies.parsing import Intent, ReplyContext, parse_reply

CHECKIN = ReplyContext(last_outbound_kind="checkin")
EXERCISE = ReplyContext(last_outbound_kind="exercise", last_outbound_exercise_id="chin_tuck")


@pytest.mark.parametrize(
    "text",
    [
        "FEWER", "fewer please", "fewer texts please", "Too many texts!", "too many messages",
        "can you send fewer texts", "text me less often", "dont text me so much",
        "stop sending so many texts", "MENOS", "Menos por favor", "menos mensajes por favor",
        "son demasiados mensajes", "no me manden tantos mensajes", "envienme menos",
        "escribanme con menos frecuencia",
    ],
)  # fmt: skip
def test_fewer(text: str) -> None:
    assert parse_reply(text).intent == Intent.fewer


@pytest.mark.parametrize(
    "text",
    [
        "MORE", "more please", "more texts", "send me more tips", "MAS", "MÁS", "Más por favor",
        "mas mensajes", "mandenme mas consejos",
    ],
)  # fmt: skip
def test_more(text: str) -> None:
    assert parse_reply(text).intent == Intent.more


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("menos dolor hoy", None),  # less pain: about the neck
        ("mas o menos", None),  # so-so
        ("más o menos, un 5", Intent.pain_report),
        ("no puedo más", None),  # can't take any more: never MORE
        ("no puedo mas con este dolor, 8", Intent.pain_report),
        ("more pain today, 7", Intent.pain_report),
        ("it hurts less often now", None),
        ("a little less stiff", None),
        ("more or less a 4", Intent.pain_report),
        ("no more texts", Intent.opt_out),
        ("ya no mas mensajes por favor", Intent.opt_out),
        ("no mas", Intent.opt_out),
        ("I dont want any more texts", Intent.opt_out),
        ("stop texting me", Intent.opt_out),
        ("escribanme mas tarde", None),  # write me later: not more texts
        ("dont text me", Intent.opt_out),
    ],
)
def test_hard_negatives_for_fewer_and_more(text: str, expected: Intent | None) -> None:
    intent = parse_reply(text, CHECKIN).intent
    assert intent not in (Intent.fewer, Intent.more)
    if expected is not None:
        assert intent == expected


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("TIME 8pm", time(20, 0)),
        ("time 8 pm", time(20, 0)),
        ("TIME 20:00", time(20, 0)),
        ("Time: 7:30 pm please", time(19, 30)),
        ("time 8.30pm", time(20, 30)),
        ("time 9 at night", time(21, 0)),
        ("TIME 7 in the morning", time(7, 0)),
        ("time noon", time(12, 0)),
        ("time 12am", time(0, 0)),
        ("check in at 7:30 pm", time(19, 30)),
        ("can you check in at 6pm instead", time(18, 0)),
        ("please move my check-in to 5 p.m.", time(17, 0)),
        ("HORA 20", time(20, 0)),
        ("hora 20h", time(20, 0)),
        ("HORA 8 de la noche", time(20, 0)),
        ("hora 8pm", time(20, 0)),
        ("hora 7 y media de la tarde", time(19, 30)),
        ("HORA 10 de la mañana", time(10, 0)),
        ("cambiar la hora a las 21", time(21, 0)),
        ("preguntenme a las 19:30", time(19, 30)),
        ("Hora de la pregunta: 20", time(20, 0)),
    ],
)
def test_checkin_time_is_parsed_and_is_no_pain_score(text: str, at: time) -> None:
    parsed = parse_reply(text, CHECKIN)
    assert parsed.intent == Intent.checkin_time
    assert parsed.checkin_time == at
    assert parsed.pain is None  # "TIME 8pm" after a check-in is not a pain of 8


@pytest.mark.parametrize(
    "text", ["TIME", "time?", "HORA", "hora por favor", "TIME 25", "hora 8:75"]
)
def test_time_without_a_valid_time_asks_for_the_usage(text: str) -> None:
    parsed = parse_reply(text)
    assert parsed.intent == Intent.checkin_time
    assert parsed.checkin_time is None


@pytest.mark.parametrize(
    ("text", "pain"),
    [
        ("a las 8 me duele", None),
        ("a las 8 me duele mucho, un 7", 7),
        ("at 8pm my neck hurts, 6", 6),
        ("hora de hacer ejercicio", None),
        ("time for my exercises", None),
        ("what time do you text?", None),
        ("I checked in at work", None),
        ("que hora es", None),
    ],
)
def test_times_that_are_no_time_request(text: str, pain: int | None) -> None:
    parsed = parse_reply(text, CHECKIN)
    assert parsed.intent != Intent.checkin_time
    assert parsed.checkin_time is None
    assert parsed.pain == pain


def test_a_pain_score_next_to_a_time_request_is_still_recorded() -> None:
    parsed = parse_reply("check in at 8pm. pain 3", CHECKIN)
    assert (parsed.intent, parsed.checkin_time, parsed.pain) == (
        Intent.checkin_time,
        time(20, 0),
        3,
    )


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("SALTAR", Intent.exercise_skip),
        ("saltar hoy", Intent.exercise_skip),
        ("SALTE", Intent.exercise_skip),
        ("me lo salté", Intent.exercise_skip),
        ("hoy me lo salto", Intent.exercise_skip),
        ("LISTO", Intent.exercise_done),
        ("listo!", Intent.exercise_done),
        ("HECHO", Intent.exercise_done),
        ("ya lo hice", Intent.exercise_done),
        ("ya lo he hecho", Intent.exercise_done),
        ("AYUDA", Intent.help),
        ("ayúdame", Intent.help),
        ("PAUSA", Intent.pause),
        ("pausa 3 dias", Intent.pause),
        ("SEGUIR", Intent.resume),
        ("quiero seguir", Intent.resume),
        ("seguir con los mensajes", Intent.resume),
        ("REANUDAR", Intent.resume),
        ("reanuden por favor", Intent.resume),
        ("CONTINUAR", Intent.resume),
        ("ALTO", Intent.opt_out),
        ("PARAR", Intent.opt_out),
        ("BASTA", Intent.opt_out),
        ("basta ya", Intent.opt_out),
        ("paren por favor", Intent.opt_out),
    ],
)
def test_spanish_keywords_the_texts_mention(text: str, intent: Intent) -> None:
    assert parse_reply(text, EXERCISE).intent == intent


@pytest.mark.parametrize(
    ("text", "not_intent"),
    [
        ("listo para empezar", Intent.exercise_done),  # ready to start
        ("estoy lista para la cita", Intent.exercise_done),
        ("me he hecho daño en el cuello", Intent.exercise_done),  # I hurt my neck
        ("no puedo seguir", Intent.resume),  # I can't go on
        ("no puedo seguir así", Intent.resume),
        ("el dolor continua", Intent.resume),
    ],
)
def test_spanish_hard_negatives(text: str, not_intent: Intent) -> None:
    assert parse_reply(text, EXERCISE).intent != not_intent


def test_classify_shows_the_new_intents_and_the_time() -> None:
    lines = "FEWER\nMAS\nHORA 20\nTIME\n"
    result = CliRunner().invoke(app, ["replies", "classify"], input=lines)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["intent"] for r in rows] == ["fewer", "more", "checkin_time", "checkin_time"]
    assert [r["checkin_time"] for r in rows] == [None, None, "20:00", None]
