"""A stop with an end in sight is a pause, and a patient asking back in after leaving by
mistake is an opt-in: neither may read as an opt-out (a false opt-out silences a patient
who wants the coach)."""

from __future__ import annotations

import pytest

from coach.replies.parsing import Intent, parse_reply


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("please don't text me these next two weeks, I'm travelling", 14),
        ("no me escriban durante unos dias por favor", None),
        ("hold the messages for a couple of weeks", 14),
        ("no me manden nada estas dos semanas, ando fuera", 14),
        ("stop the texts while i'm on holiday", None),
        ("paren los mensajes mientras estoy de viaje", None),
        # the end named first, the stop after it
        ("hasta que pase el puente no me escriban", None),
        ("till the end of the month please no texts", None),
        # a month, a holiday, a later restart
        ("no messages in august please, we're moving house", None),
        ("durante la navidad no me manden nada, gracias", None),
        ("stop the texts, pick it back up in march", None),
        ("no me escriban en julio, retomamos en agosto", None),
        # a number of days without "for"
        ("paren los mensajes unos dias, estoy con gripe", 3),
        ("no me escriban durante un mes", 30),
    ],
)
def test_a_stop_with_an_end_is_a_pause(text: str, days: int | None) -> None:
    parsed = parse_reply(text)
    assert parsed.intent is Intent.pause
    if days is not None:
        assert parsed.pause_days == days


@pytest.mark.parametrize(
    "text",
    [
        "I hit stop by accident, please add me back",
        "i unsubscribed by mistake, can i get the texts again",
        "me di de baja por error, quiero recibir los mensajes de nuevo",
        "fue sin querer lo del alto, quisiera recibir los consejos otra vez",
    ],
)
def test_leaving_by_mistake_asks_back_in(text: str) -> None:
    assert parse_reply(text).intent is Intent.opt_in


@pytest.mark.parametrize(
    "text",
    [
        "stop texting me for good",
        "STOP",
        "quiero darme de baja",
        "ya no me manden nada",
        # plain requests beside the kinds that are not one
        "not interested in these texts anymore",
        "no me interesan los mensajes",
        "how do I make these stop? unsubscribe",
        "como me doy de baja? ya no quiero recibir nada",
        "how many times do I have to say STOP",
        "I'd like to drop out of this, thank you",
        "please stop receiving... I mean stop sending, I want to stop receiving these texts",
        "borrenme de la lista por favor",
    ],
)
def test_a_stop_without_an_end_still_opts_out(text: str) -> None:
    assert parse_reply(text).intent is Intent.opt_out


def test_a_holiday_name_is_not_a_number_of_days() -> None:
    # "navidad" ends in "ad": once read as "a d", one day
    assert parse_reply("hasta despues de la navidad no me manden nada").pause_days is None


@pytest.mark.parametrize(
    "text",
    [
        "les escribo porque me duele hasta el hombro",
        "I was texting all day until my neck hurt, 6",
        "the ache won't stop until I lie down",
        "message me the chin tuck again, it helped until dinner",
    ],
)
def test_texting_or_stopping_beside_an_end_is_not_a_pause(text: str) -> None:
    # a pause would silence a patient who is reporting how the neck is
    assert parse_reply(text).intent is not Intent.pause


@pytest.mark.parametrize(
    "text",
    [
        "not interested in the foam roller idea, my back is fine",
        "no me interesa lo de la almohada, ya tengo una buena",
        "not really interested in doing the wall stretch, it's awkward at work",
        "how do I get off this list?",
        "como hago para darme de baja?",
    ],
)
def test_one_suggestion_declined_or_a_how_to_question_is_not_an_opt_out(text: str) -> None:
    assert parse_reply(text).intent is not Intent.opt_out
