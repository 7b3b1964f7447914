"""Targeted cases for pain scores, intents and the fields around them."""

from __future__ import annotations

import pytest

from coach.replies.parsing import Intent, ReplyContext, parse_reply

CHECKIN = ReplyContext(last_outbound_kind="checkin")
EXERCISE = ReplyContext(last_outbound_kind="exercise", last_outbound_exercise_id="chin_tuck")


@pytest.mark.parametrize(
    ("text", "pain"),
    [
        ("7", 7),
        ("10", 10),
        ("0", 0),
        ("pain 4", 4),
        ("about a 6", 6),
        ("6ish", 6),
        ("six", 6),
        ("Seis", 6),
        ("siete", 7),
        ("diez", 10),
        ("one", 1),
        ("7/10", 7),
        ("7 / 10", 7),
        ("3 out of 10", 3),
        ("7 de 10", 7),
        ("siete de diez", 7),
        ("7\ufe0f\u20e3", 7),
        ("\U0001f51f", 10),
        ("5-6", 6),
        ("5 - 6", 6),
        ("3 or 4", 4),
        ("3 o 4", 4),
        ("between 2 and 3", 3),
        ("entre 2 y 3", 3),
        ("6.5", 7),
        ("6,5", 7),
        ("4.4", 4),
        ("9.5", 10),
        ("six and a half", 7),
        ("7 yesterday, 4 today", 4),
        ("was 8 now 5", 5),
        ("yesterday 6 today 3", 3),
        ("it's 5 now, was 8 this morning", 5),
        ("ayer 8 hoy 5", 5),
        ("went from 7 to 4", 4),
        ("no pain", 0),
        ("pain free", 0),
        ("sin dolor", 0),
        ("zero", 0),
        ("on a scale of 1 to 10 I'm a 6", 6),
        ("I'm 45 and it's a 5", 5),
        ("pain 6, I'm 45", 6),
        ("took 2 ibuprofen, pain 5 now", 5),
        ("did 3 sets of 10, pain 2", 2),
        ("PAIN 9 CANT SLEEP", 9),
        ("Bad day 9", 9),
        ("day 3 of 14, pain 5", 5),
        ("I'd say 3-4", 4),
        ("5 out of ten", 5),
        ("un seis", 6),
        ("cuatro y medio", 5),
        ("El dolor está en 7", 7),
    ],
)
def test_pain_scores(text: str, pain: int) -> None:
    assert parse_reply(text).pain == pain


@pytest.mark.parametrize(
    "text",
    [
        "12",
        "-1",
        "11/10",
        "4/5",
        "3 out of 5",
        "3/14",
        "12/25",
        "101 fever",
        "38.5C",
        "I'm 45",
        "45 years old",
        "at 3pm",
        "10:30",
        "2 hours",
        "in 5 min",
        "did 10 reps",
        "3 sets",
        "took 2 ibuprofen",
        "2 tablets",
        "500mg",
        "2023",
        "call 555-201-3344",
        "for 3 days",
        "PAUSE 3",
        "4 of 5 exercises done",
        "las dos manos",
        "a day or two",
        "no one answered",
        "2 horas",
        "tengo 45 años",
        "",
    ],
)
def test_numbers_that_are_not_scores(text: str) -> None:
    assert parse_reply(text).pain is None


def test_context_does_not_change_a_bare_score() -> None:
    assert parse_reply("8", CHECKIN).pain == 8
    assert parse_reply("3", EXERCISE).pain == 3
    assert parse_reply("8", CHECKIN).intent == Intent.pain_report


@pytest.mark.parametrize(
    "text", ["STOP", "stop", "Stop.", " STOP!! ", "StopAll", "UNSUBSCRIBE", "cancel", "END",
             "quit", "revoke", "OPTOUT"],
)  # fmt: skip
def test_exact_twilio_keywords(text: str) -> None:
    parsed = parse_reply(text)
    assert parsed.intent == Intent.opt_out
    assert parsed.opt_out_exact
    assert not parsed.red_flag


@pytest.mark.parametrize(
    "text",
    [
        "stop texting me",
        "please stop",
        "no more messages",
        "unsubscribe me",
        "leave me alone",
        "don't text me anymore",
        "ALTO",
        "PARAR",
        "para",
        "no me manden mas mensajes",
        "basta",
        "cancelar",
        "dejen de escribirme",
        "quit texting me",
        "cancel my subscription",
        "I'm done with this program",
        "quiero dejar de recibir mensajes",
        "stop for now",
    ],
)
def test_plain_language_opt_outs(text: str) -> None:
    parsed = parse_reply(text)
    assert parsed.intent == Intent.opt_out
    assert not parsed.opt_out_exact


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("the pain won't stop", Intent.pain_report),
        ("can't stop looking at my phone", Intent.other),
        ("stopped the exercises because it hurt", Intent.exercise_skip),
        ("el dolor no para", Intent.pain_report),
    ],
)
def test_stop_with_other_meanings(text: str, intent: Intent) -> None:
    assert parse_reply(text).intent == intent


def test_stop_beside_a_red_flag_is_not_an_opt_out() -> None:
    parsed = parse_reply("stop, I can't feel my arm")
    assert parsed.red_flag
    assert parsed.intent != Intent.opt_out
    clear = parse_reply("stop texting me, I want to die")
    assert clear.intent == Intent.opt_out and clear.self_harm


@pytest.mark.parametrize(
    ("text", "context", "intent"),
    [
        ("START", None, Intent.opt_in),
        ("yes", None, Intent.opt_in),
        ("UNSTOP", None, Intent.opt_in),
        ("start again", None, Intent.opt_in),
        ("empezar", None, Intent.opt_in),
        ("HELP", None, Intent.help),
        ("info", None, Intent.help),
        ("AYUDA", None, Intent.help),
        ("DONE", EXERCISE, Intent.exercise_done),
        ("did it", None, Intent.exercise_done),
        ("finished", None, Intent.exercise_done),
        ("hecho", None, Intent.exercise_done),
        ("listo", None, Intent.exercise_done),
        ("ya lo hice", None, Intent.exercise_done),
        ("ok", EXERCISE, Intent.exercise_done),
        ("yes", EXERCISE, Intent.exercise_done),
        ("\U0001f44d", EXERCISE, Intent.exercise_done),
        ("ok", None, Intent.other),
        ("\U0001f44d", CHECKIN, Intent.other),
        ("SKIP", None, Intent.exercise_skip),
        ("skipped", None, Intent.exercise_skip),
        ("didn't do it", None, Intent.exercise_skip),
        ("no pude", None, Intent.exercise_skip),
        ("salté", None, Intent.exercise_skip),
        ("PAUSE", None, Intent.pause),
        ("pausa", None, Intent.pause),
        ("RESUME", None, Intent.resume),
        ("continuar", None, Intent.resume),
        ("reanudar", None, Intent.resume),
        ("wrong number", None, Intent.wrong_number),
        ("who is this? I don't know you", None, Intent.wrong_number),
        ("numero equivocado", None, Intent.wrong_number),
        ("I'm not Maria, wrong person", None, Intent.wrong_number),
        ("who is this?", None, Intent.help),
        ("neck is stiff today", None, Intent.pain_report),
        ("done, pain 3", EXERCISE, Intent.exercise_done),
    ],
)
def test_intents(text: str, context: ReplyContext | None, intent: Intent) -> None:
    assert parse_reply(text, context).intent == intent


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("PAUSE", None),
        ("PAUSE 3", 3),
        ("pause for 5 days", 5),
        ("on vacation for a week", 7),
        ("pause 2 weeks please", 14),
        ("pausa 5 dias", 5),
        ("de vacaciones una semana", 7),
        ("stop for a week", 7),
        ("can you stop the texts for a few days", 3),
        ("paren los mensajes por una semana", 7),
    ],
)
def test_pause_days(text: str, days: int | None) -> None:
    parsed = parse_reply(text)
    assert parsed.intent == Intent.pause
    assert parsed.pause_days == days


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("should I use heat or ice?", "heat_or_ice"),
        ("how long should I hold the stretch?", "how_many"),
        ("how long should I use ice?", "heat_or_ice"),
        ("how long will my neck hurt?", "how_long"),
        ("cuanto tiempo debo mantener el estiramiento?", "how_many"),
        ("can I sleep on a heating pad?", "sleep_heat_pad"),
        ("which exercise is best?", "which_exercise"),
        ("how many times a day?", "how_many"),
        ("is texting bad for my neck?", "texting"),
        ("should I see a doctor?", "see_doctor"),
        ("can I take ibuprofen?", "medication"),
        ("what dose of tylenol", "medication"),
        ("what's the best posture at my desk?", "posture"),
        ("what pillow should I use?", "pillow"),
        ("¿calor o hielo?", "heat_or_ice"),
        ("¿debo ir al medico?", "see_doctor"),
        ("¿puedo tomar ibuprofeno?", "medication"),
        ("¿que almohada me recomiendan?", "pillow"),
        ("HEAT", "heat_or_ice"),
    ],
)
def test_question_topics(text: str, topic: str) -> None:
    parsed = parse_reply(text)
    assert parsed.intent == Intent.question
    assert parsed.question_topic == topic


@pytest.mark.parametrize(
    ("text", "language"),
    [("my neck hurts today", "en"), ("me duele el cuello hoy", "es"), ("7", None)],
)
def test_language_hint(text: str, language: str | None) -> None:
    assert parse_reply(text).language_hint == language


def test_parsed_reply_is_frozen() -> None:
    parsed = parse_reply("pain 4")
    with pytest.raises(AttributeError):
        parsed.pain = 5  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "ack"),
    [
        ("ok", True),
        ("Thanks!", True),
        ("👍", True),
        ("muchas gracias", True),
        ("ok 5", False),
        ("thanks, my arm is numb", False),
        ("what?", False),
        ("", False),
    ],
)
def test_acknowledgements(text: str, ack: bool) -> None:
    assert parse_reply(text).acknowledgement is ack
