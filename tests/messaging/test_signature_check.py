"""The webhook signature check answers exactly what Twilio's `RequestValidator.validate` does."""

from __future__ import annotations

import itertools

import pytest
from twilio.request_validator import RequestValidator

from coach.messaging.signature import signed_by_twilio

TOKEN = "signature-check-token"
URLS = [
    "https://coach.example.org/twilio/sms",
    "https://coach.example.org:443/twilio/sms",
    "http://127.0.0.1:8000/twilio/sms",
    "http://127.0.0.1/twilio/sms",
    "https://coach.example.org:8443/twilio/sms?site=2",
]
PARAMS = [
    {},
    {"MessageSid": "SM1", "From": "+12125550123", "Body": "pain 4"},
    {"Body": "dolor 5 ñ & + =", "From": "+34911234567", "To": ""},
]


@pytest.mark.parametrize(("url", "signed_url"), list(itertools.product(URLS, URLS)))
def test_agrees_with_twilio(url: str, signed_url: str) -> None:
    validator = RequestValidator(TOKEN)
    for params in PARAMS:
        good = validator.compute_signature(signed_url, params)
        for signature in (good, good[:-1] + ("A" if good[-1] != "A" else "B"), "", "é" * 28):
            assert signed_by_twilio(TOKEN, url, params, signature) == validator.validate(
                url, params, signature
            )


def test_port_or_not_either_accepted() -> None:
    params = PARAMS[1]
    validator = RequestValidator(TOKEN)
    with_port = validator.compute_signature("https://coach.example.org:443/twilio/sms", params)
    without = validator.compute_signature("https://coach.example.org/twilio/sms", params)
    for url in ("https://coach.example.org/twilio/sms", "https://coach.example.org:443/twilio/sms"):
        assert signed_by_twilio(TOKEN, url, params, with_port)
        assert signed_by_twilio(TOKEN, url, params, without)
        assert not signed_by_twilio("another-token", url, params, without)
