"""Opt-outs without a stop word, and keywords with slips (issue 11, round 3).

Each kind has its hard negatives: the same words negated, bounded to some texts or times,
about the pain or the exercises, or asking for fewer texts rather than none.
"""

from __future__ import annotations

import pytest

from coach.replies.parsing import Intent, parse_reply

OPT_OUTS = [
    # not wanting or needing the texts any more
    "I do not want text messages",
    "i dont want these anymore",
    "I've been discharged, I won't need these messages",
    "no longer need the service",
    "i no longer wish to participate",
    "i don't want to receive texts",
    "dont send me anything else",
    "count me out",
    "im all better, no need for the texts anymore",
    "ya estoy bien, no hace falta que me sigan escribiendo",
    "ya no necesito los mensajes",
    # Spanish keywords and removal without "stop"
    "FIN",
    "fin gracias",
    "desuscribirme por favor",
    "borrenme de la lista",
    # leaving in other words, keyword slips, a stop keyword as a sentence of its own
    "unsub",
    "Stopp",
    "bajaa",
    "delete me please",
    "im out \u270c\ufe0f",
    "im done w these texts",
    "dejen de molestar con sus mensajes",
    "ya estuvo con los mensajes",
    "no manden mas, gracias",
    "ya no kiero los msjs",
    "me salgo, gracias por todo",
    "deseo retirarme del programa",
    "borradme de esto",
    "every day, so annoying. STOP",
    # a stop sign
    "\U0001f6d1",
    "\U0001f6d1 ya no",
    # slips inside the words of a clear request
    "no quiro mas mensajes",
    "done with thees texts",
    "you can stop the txets for good",
]

NOT_OPT_OUTS = [
    # negated
    "i dont want the texts to stop",
    "don't stop, these help",
    # fewer or some, not none
    "i dont want these many texts",
    "dont want texts on sunday",
    "i dont want messages so early",
    "i dont need more texts, one is plenty",
    "no need to send them on weekends",
    "no need to send me the tips, just the check in",
    # for a while
    "i wont need the texts while im in hospital",
    # about the pain or the exercises
    "dont want to get worse",
    "i dont want to be in pain anymore",
    "i no longer want to participate in the exercises",
    "i dont need the reminders to do my stretches",
    "no more pain today!",
    "no quiero mas dolor",
    "i'm done with the exercises",
    "count me in",
    "ya no",
    # other senses of leaving, retiring, out
    "quiero salir a caminar pero me duele el cuello",
    "quiero retirarme el año que viene",
    "me salgo a caminar un rato",
    "i want out of this pain",
    "im out of coffee",
    "the pain. stop",
    # asked back and refused, a pause, today only, some texts
    "salir del programa? no gracias",
    "esta semana no me escribais que estoy de vacaciones",
    "no me manden mas por hoy",
    "ya no quiero los mensajes de la mañana",
    "no me vayan a dar de baja, me gustan los consejos",
    "no quiero salirme del programa, solo andaba ocupada",
    # a new number, someone else
    "my number changed, stop texting this one and use the new one",
    "how do i unsubscribe my mom?",
    "my husband wants to stop the texts, not me",
    "i dont need texts to remind me, i do them anyway",
    # asking why the texts stopped, or "wait"
    "why did you stop the texts?",
    "did you stop sending me messages?",
    "por que dejaron de mandar mensajes?",
    "Stop. I'll reply later",
    "bastante alto",
    "sigue alto el dolor",
]


@pytest.mark.parametrize("text", OPT_OUTS)
def test_opt_out_kind(text: str) -> None:
    assert parse_reply(text, use_model=False).intent == Intent.opt_out, text


@pytest.mark.parametrize("text", NOT_OPT_OUTS)
def test_not_an_opt_out(text: str) -> None:
    assert parse_reply(text).intent != Intent.opt_out, text
    assert parse_reply(text, use_model=False).intent != Intent.opt_out, text


def test_stop_the_programme_entirely_is_still_an_opt_out() -> None:
    text = "its too much, i want to stop the program entirely"
    assert parse_reply(text, use_model=False).intent == Intent.opt_out
