"""The coach answers a text in the language it was written in, when that is clear."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from sqlmodel import select

from coach.patients.models import Patient
from coach.replies.language import confident_language
from coach.replies.normalize import bare
from tests.helpers import patient

PHONE = "+12125550123"
FIRST_EN = "Thanks, "
FIRST_ES = "Gracias, "


def _replies(webhooks, body: str) -> list[str]:
    response = webhooks.sms(PHONE, body)
    assert response.status_code == 200, response.text
    return [m.text or "" for m in ET.fromstring(response.text).findall("Message")]


def _enrolled(webhooks, language: str) -> None:
    with webhooks.session() as s:
        patient(s, phone=PHONE, language=language)


def test_spanish_from_an_english_patient_is_answered_in_spanish(webhooks):
    _enrolled(webhooks, "en")
    (reply,) = _replies(webhooks, "me duele mucho el cuello hoy, tengo un 6")
    assert reply.startswith(FIRST_ES)
    with webhooks.session() as s:
        # The enrolled language is the clinician's to change: it stays as it was.
        assert s.exec(select(Patient)).one().language == "en"


def test_english_from_a_spanish_patient_is_answered_in_english(webhooks):
    _enrolled(webhooks, "es")
    (reply,) = _replies(webhooks, "my neck hurts today, about a 5")
    assert reply.startswith(FIRST_EN)


def test_a_red_flag_in_spanish_gets_the_spanish_safety_reply(webhooks):
    _enrolled(webhooks, "en")
    replies = _replies(webhooks, "se me durmio la mano izquierda y tengo debilidad en el brazo")
    assert replies and replies[0].startswith("Gracias por decirnoslo. Hagase revisar hoy")
    assert "911" in replies[0], "the emergency number is still the phone country's"


@pytest.mark.parametrize("body", ["6", "pain 6", "gracias", "ok"])
def test_a_text_that_does_not_show_its_language_is_answered_in_the_enrolled_one(webhooks, body):
    _enrolled(webhooks, "es")
    replies = _replies(webhooks, body)
    assert not any(r.startswith(FIRST_EN) for r in replies)
    if body in ("6", "pain 6"):
        assert replies[0].startswith(FIRST_ES)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("me duele mucho el cuello hoy", "es"),
        ("tengo dolor", "es"),
        ("my neck hurts today", "en"),
        ("hola, my neck hurts a lot today", "en"),
        ("pain 5", None),
        ("gracias", None),
        ("no", None),
        ("7", None),
    ],
)
def test_confident_language(text, language):
    assert confident_language(bare(text)) == language
