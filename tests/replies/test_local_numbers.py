"""Replies name the emergency and crisis numbers of the patient's phone country."""

from __future__ import annotations

from tests.helpers import patient
from tests.replies.conftest import Webhooks
from tests.replies.test_webhook import texts

US = "+12125550123"
ES = "+34612345678"
GB = "+447400123456"


def _enrolled(webhooks: Webhooks, phone: str, language: str, tz: str) -> None:
    with webhooks.session() as s:
        patient(s, phone=phone, language=language, tz=tz)


def test_a_spanish_patient_is_told_112_never_911(webhooks):
    _enrolled(webhooks, ES, "es", "Europe/Madrid")
    (neuro,) = texts(webhooks.sms(ES, "tengo hormigueo en las dos manos"))
    assert "112" in neuro and "911" not in neuro and "llame" in neuro.lower()
    (airway,) = texts(webhooks.sms(ES, "se me hincha la garganta y no puedo respirar"))
    assert "llame al 112 ahora" in airway and "911" not in airway
    (help_text,) = texts(webhooks.sms(ES, "AYUDA"))
    assert "Emergencia: 112" in help_text and "911" not in help_text


def test_self_harm_in_spain_names_024_and_112(webhooks):
    _enrolled(webhooks, ES, "es", "Europe/Madrid")
    (reply,) = texts(webhooks.sms(ES, "no quiero vivir mas"))
    assert "024" in reply and "112" in reply
    assert "988" not in reply and "911" not in reply


def test_self_harm_in_the_us_names_988_and_911(webhooks):
    _enrolled(webhooks, US, "en", "America/New_York")
    (reply,) = texts(webhooks.sms(US, "I want to end it all"))
    assert "988" in reply and "911" in reply


def test_self_harm_in_the_uk_reads_naturally_without_a_crisis_line(webhooks):
    _enrolled(webhooks, GB, "en", "Europe/London")
    (reply,) = texts(webhooks.sms(GB, "I want to end it all"))
    assert "call 999 now" in reply
    assert "988" not in reply and "911" not in reply and "call  " not in reply


def test_a_uk_help_text_says_999(webhooks):
    _enrolled(webhooks, GB, "en", "Europe/London")
    (reply,) = texts(webhooks.sms(GB, "HELP"))
    assert "Emergency: 999" in reply and "911" not in reply


def test_a_stranger_gets_the_clinics_default_region(webhooks):
    (reply,) = texts(webhooks.sms("+13105550111", "hello?"))
    assert webhooks.settings.default_region == "US"
    assert "call 911" in reply


def test_a_spanish_cardiac_reply_says_call_112_now(webhooks):
    _enrolled(webhooks, ES, "es", "Europe/Madrid")
    (reply,) = texts(webhooks.sms(ES, "tengo dolor en el pecho que sube a la mandibula"))
    assert "Llame al 112 ahora" in reply and "911" not in reply
