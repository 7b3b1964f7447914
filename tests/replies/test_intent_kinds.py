"""Intents said without their keywords (issue 11, round 3): a check-in time with no time the
coach can set, and asking for the texts back; each kind with its hard negatives."""

from __future__ import annotations

import pytest

from coach.replies.parsing import Intent, parse_reply

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


def test_a_vague_time_asks_how_time_works() -> None:
    parsed = parse_reply("text me in the evening instead", use_model=False)
    assert parsed.intent == Intent.checkin_time
    assert parsed.checkin_time is None  # the coach explains TIME
