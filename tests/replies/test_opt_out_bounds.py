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
    "text", ["stop texting me for good", "STOP", "quiero darme de baja", "ya no me manden nada"]
)
def test_a_stop_without_an_end_still_opts_out(text: str) -> None:
    assert parse_reply(text).intent is Intent.opt_out
