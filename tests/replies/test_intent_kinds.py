"""Intents said without their keywords (issue 11, round 3): a check-in time with no time the
coach can set, and asking for the texts back; each kind with its hard negatives."""

from __future__ import annotations

import pytest

from coach.replies.parsing import Intent, ReplyContext, parse_reply

KINDS = [
    # a part of the day, or a time that is too early, instead of a clock time
    ("text me in the evening instead", Intent.checkin_time),
    ("can you send the check-in after lunch?", Intent.checkin_time),
    ("escribidme por la tarde", Intent.checkin_time),
    ("prefiero que me pregunten en la noche", Intent.checkin_time),
    ("move the daily question to lunchtime", Intent.checkin_time),
    ("6am is too early for the texts, can it be 9?", Intent.checkin_time),
    ("manden el mensaje despues de las 10", Intent.checkin_time),
    # the texts back, in other words
    ("subscribe me again", Intent.opt_in),
    ("add me back please", Intent.opt_in),
    ("put me back on the list", Intent.opt_in),
    ("I'd like to opt back in", Intent.opt_in),
    ("quiero volver a suscribirme", Intent.opt_in),
    ("volved a enviarme los mensajes", Intent.opt_in),
    ("me arrepenti, quiero seguir en el programa", Intent.opt_in),
    ("START otra vez", Intent.opt_in),
    ("bring back the daily texts", Intent.opt_in),
    ("my son texted STOP from my phone, I want to keep getting the messages", Intent.opt_in),
    ("mande PARAR sin querer", Intent.opt_in),
]

NOT_THESE = [
    # times that are about the neck or a past message
    ("my neck is better in the morning", Intent.checkin_time),
    ("pain is worse at night", Intent.checkin_time),
    ("i did the check in at 9 yesterday", Intent.checkin_time),
    ("your message at 7 woke me up lol, neck is 4", Intent.checkin_time),
    ("send a second one in the afternoon please", Intent.checkin_time),
    ("can you stop for 2 weeks while im away?", Intent.checkin_time),
    # not wanted, an appointment, another "back"
    ("I don't want the texts again", Intent.opt_in),
    ("no quiero volver a recibir mensajes", Intent.opt_in),
    ("put me back on the waitlist for physio", Intent.opt_in),
    ("get me back to normal lol", Intent.opt_in),
    ("cancele la cita por error, como saco otra?", Intent.opt_in),
    ("volvi a sentir el hormigueo", Intent.resume),
]


@pytest.mark.parametrize(("text", "intent"), KINDS)
def test_kind(text: str, intent: Intent) -> None:
    assert parse_reply(text, use_model=False).intent == intent, text


@pytest.mark.parametrize(("text", "intent"), NOT_THESE)
def test_hard_negative(text: str, intent: Intent) -> None:
    assert parse_reply(text).intent != intent, text
    assert parse_reply(text, use_model=False).intent != intent, text


AFTER_EXERCISE = [
    ("nope \U0001f634", Intent.exercise_skip),
    ("couldn't, was on a plane all day", Intent.exercise_skip),
    ("no tuve chance hoy", Intent.exercise_skip),
    ("se me pasaron, manana si", Intent.exercise_skip),
    ("\U0001f4aa\U0001f4aa", Intent.exercise_done),
    ("ya \U0001f44d", Intent.exercise_done),
    ("did my chin tucks at my desk", Intent.exercise_done),
    ("ya realice los ejercicios", Intent.exercise_done),
    ("knocked them out before work", Intent.exercise_done),
]
NOT_AFTER_EXERCISE = [
    ("se me paso el dolor", Intent.exercise_skip),
    ("hoy paso por la farmacia", Intent.exercise_skip),
    ("i worked a double today, neck is a 7", Intent.exercise_skip),
]


@pytest.mark.parametrize(("text", "intent"), AFTER_EXERCISE)
def test_exercise_kind(text: str, intent: Intent) -> None:
    context = ReplyContext(last_outbound_kind="exercise")
    assert parse_reply(text, context, use_model=False).intent == intent, text


@pytest.mark.parametrize(("text", "intent"), NOT_AFTER_EXERCISE)
def test_exercise_hard_negative(text: str, intent: Intent) -> None:
    context = ReplyContext(last_outbound_kind="exercise")
    assert parse_reply(text, context, use_model=False).intent != intent, text


def test_a_vague_time_asks_how_time_works() -> None:
    parsed = parse_reply("text me in the evening instead", use_model=False)
    assert parsed.intent == Intent.checkin_time
    assert parsed.checkin_time is None  # the coach explains TIME
