"""Spanish texts name keywords the coach understands in Spanish, and the service's Spanish name."""

from __future__ import annotations

import re

from coach.content.library import Library
from coach.replies.parsing import Intent, parse_reply

ENGLISH_KEYWORDS = re.compile(r"\b(?:HELP|DONE|SKIP|RESUME|PAUSE|FEWER|MORE|STOP)\b")


def _spanish_sms(library: Library) -> dict[str, str]:
    texts = {
        t.id: t.text
        for t in library.iter_templates()
        if t.language == "es" and t.channel == "sms" and t.audience == "patient"
    }
    texts |= {e.id: e.sms_text for e in library.exercises("es")}
    return texts


def test_spanish_sms_name_spanish_keywords(library: Library) -> None:
    for ident, text in _spanish_sms(library).items():
        found = set(ENGLISH_KEYWORDS.findall(text))
        if ident in ("welcome", "welcome.voice"):  # the first text also names Twilio's STOP
            assert "ALTO" in text
            found -= {"STOP"}
        assert not found, (ident, text)


def test_the_spanish_help_text_lists_the_spanish_keywords(library: Library) -> None:
    text = library.template("help", "es").text
    for word in ("LISTO", "SALTAR", "PAUSA", "MENOS", "ALTO"):
        assert word in text
    assert "FEWER" in library.template("help", "en").text


def test_keywords_the_texts_name_are_understood_today() -> None:
    # Others (SALTAR, MENOS) are added to the parser separately.
    assert parse_reply("AYUDA").intent == Intent.help
    assert parse_reply("ALTO").intent == Intent.opt_out
    assert parse_reply("LISTO").intent == Intent.exercise_done
    assert parse_reply("REANUDAR").intent == Intent.resume
    assert parse_reply("PAUSA").intent == Intent.pause


def test_spanish_sms_say_coach_de_cuello_and_calls_say_asistente(library: Library) -> None:
    sms = _spanish_sms(library)
    naming = [t for t in sms.values() if "cuello de {clinic_name}" in t]
    assert len(naming) >= 4
    assert all("coach de cuello" in t.lower() for t in naming)
    assert not [t for t in sms.values() if "asistente" in t.lower()]
    voice = [
        t.text for t in library.iter_templates() if t.language == "es" and t.channel == "voice"
    ]
    assert not [t for t in voice if "coach" in t.lower()]
    assert len([t for t in voice if "asistente de cuello" in t]) >= 4
