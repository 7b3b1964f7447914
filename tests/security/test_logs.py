"""Logs at INFO and above never hold the auth token, API keys, phone numbers or texts.

A full flow runs with the production logging set-up (`coach.logging.configure`) writing to
a buffer: enrollment through the API, a dispatch through the real Twilio client against
our fake Twilio, an inbound text with a red flag, the clinician's alert, and a few bad keys.
Every line written (all loggers: coach, twilio, httpx, sqlalchemy...) is then searched.
"""

from __future__ import annotations

import io
import logging
from datetime import timedelta

import pytest
from sqlmodel import select
from twilio.request_validator import RequestValidator

from coach.alerts.models import Alert
from coach.content.loader import get_library
from coach.logging import configure, redact
from coach.messaging.dispatch import DispatchConfig, dispatch_due
from coach.messaging.transport import TwilioTransport
from coach.patients.models import Patient
from coach.scheduling import oneoff
from coach.settings import load_settings
from tests import factories
from tests.fake_twilio import fake_twilio

TOKEN = "log-test-auth-token-5f1e"
PUBLIC = "https://coach.example.org"
PHONE_DIGITS = "2125550123"
ALERT_DIGITS = "2125550999"
INBOUND = "my arm went numb and I cant swallow, pain 8"
OUTBOUND = "Sam, a gentle chin tuck now: 5 slow reps"


@pytest.fixture
def settings():
    """Settings with a Twilio auth token (so webhooks are signed and the token could leak)."""
    return load_settings(
        database_url="sqlite://",
        transport="console",
        twilio_auth_token=TOKEN,
        public_url=PUBLIC,
        clinic_name="Riverside Physio",
        clinic_phone="+1 212 555 0100",
    )


@pytest.fixture
def logs():
    """Production logging into a buffer, at INFO; the previous set-up restored after."""
    root = logging.getLogger()
    saved = (root.level, {n: logging.getLogger(n).level for n in ("twilio", "httpx")})
    buffer = io.StringIO()
    handler = configure("INFO", secrets=[TOKEN], stream=buffer)
    yield buffer
    root.removeHandler(handler)
    root.setLevel(saved[0])
    for name, level in saved[1].items():
        logging.getLogger(name).setLevel(level)


def test_a_full_flow_logs_no_secret_phone_or_text(client, db, owner, memory_engine, logs):
    enrolled = client.post("/v1/patients", json=factories.enrollment(), headers=owner.headers)
    assert enrolled.status_code == 201, enrolled.text
    patient = db.exec(select(Patient)).one()
    assert patient.phone.endswith(PHONE_DIGITS)
    for _ in range(3):
        client.get("/v1/patients", headers=factories.bearer(owner.key[:-2] + "zz"))

    now = factories.NOW
    # An essential one-off: it goes even though the welcome and the day's programme fill the cap.
    assert oneoff.enqueue_now(
        session=db, library=get_library(), patient=patient, slot_key="log:1",
        kind="see_clinician", body=OUTBOUND, now=now, respect_quiet_hours=False,
    )  # fmt: skip
    db.commit()
    with fake_twilio() as twilio:
        transport = TwilioTransport(
            load_settings(
                database_url="sqlite://",
                twilio_account_sid="AC" + "1" * 32,
                twilio_auth_token=TOKEN,
                twilio_from_number="+15005550006",
                twilio_api_base_url=twilio.url,
            )
        )
        config = DispatchConfig(public_url=PUBLIC)

        def dispatch() -> None:
            dispatch_due(
                engine=memory_engine, transport=transport, config=config,
                now=lambda: now + timedelta(seconds=1),
            )  # fmt: skip

        dispatch()
        params = {"MessageSid": "SM" + "7" * 32, "From": patient.phone, "Body": INBOUND}
        signature = RequestValidator(TOKEN).compute_signature(PUBLIC + "/twilio/sms", params)
        reply = client.post("/twilio/sms", data=params, headers={"X-Twilio-Signature": signature})
        assert reply.status_code == 200, reply.text
        assert db.exec(select(Alert)).all(), "the red flag raised no alert"
        dispatch()  # the clinician's alert text
        assert OUTBOUND in twilio.bodies()
        assert len(twilio.accepted) >= 2
    logging.getLogger("coach.test").error("a leak? %s %s", patient.phone, owner.key)

    text = logs.getvalue()
    assert "a leak?" in text  # the buffer really saw the flow's logging
    for needle in (TOKEN, owner.key, PHONE_DIGITS, ALERT_DIGITS, INBOUND, OUTBOUND, "numb"):
        assert needle not in text, f"{needle!r} in the logs:\n{text}"
    for accepted in twilio.accepted:
        assert accepted["Body"] not in text


@pytest.mark.parametrize(
    ("raw", "kept", "gone"),
    [
        ("sending to +12125550123 now", "[phone …23]", "2125550123"),
        ("To=%2B447911123456&Body=x", "[phone …56]", "7911123456"),
        ("from +1 (212) 555-0123.", "[phone …23]", "555-0123"),
        ("caller 12125550123 hung up", "[phone …23]", "2125550123"),
        ("Authorization: Bearer nck_AbCdEf0123456789-_xyz", "nck_[redacted]", "AbCdEf"),
        (f"token {TOKEN} in a url", "[secret]", TOKEN),
        ("[SQL: INSERT ...]\n[parameters: ('SM1', '+12125550123', 'I feel dizzy')]", "redacted",
         "dizzy"),
    ],
)  # fmt: skip
def test_redact(raw, kept, gone):
    out = redact(raw, [TOKEN])
    assert kept in out and gone not in out


@pytest.mark.parametrize(
    "safe", ["outbox 12345 sent", "SM00000000000000000000000000000123", "2026-06-10 16:00:00,123"]
)
def test_redact_keeps_ids_and_times(safe):
    assert redact(safe) == safe


def test_tracebacks_are_redacted_too(logs):
    try:
        raise ValueError(f"bad phone +12125550123 with key nck_secretsecret and {TOKEN}")
    except ValueError:
        logging.getLogger("coach.test").exception("failed")
    text = logs.getvalue()
    assert "ValueError" in text
    assert PHONE_DIGITS not in text and "secretsecret" not in text and TOKEN not in text


@pytest.mark.parametrize(
    "written",
    [
        "(212) 555-0123",
        "212-555-0123",
        "212.555.0123",
        "1 212 555 0123",
        "+1 (212) 555-0123",
        "612 34 56 78",
        "+34 612 34 56 78",
        "020 7946 0018",
        "55 1234 5678",
    ],
)
def test_every_way_of_writing_a_phone_is_redacted(written):
    out = redact(f"patient texted from {written} today")
    digits = "".join(c for c in written if c.isdigit())
    assert digits[-6:] not in "".join(c for c in out if c.isdigit())
    assert f"…{digits[-2:]}]" in out


def test_a_hostile_body_cannot_end_the_sql_parameter_redaction_early():
    text = (
        "(psycopg.errors.UniqueViolation) duplicate key\n"
        "[SQL: INSERT INTO inbound_message ...]\n"
        "[parameters: ('SM1', 'hi ]( there', 'Sam Smith', 'my secret story')]\n"
        "(Background on this error at: https://sqlalche.me/e/20/gkpj)"
    )
    out = redact(text)
    assert "Sam Smith" not in out and "my secret story" not in out
    assert "[parameters: redacted]" in out and "Background on this error" in out


def test_urls_lose_their_query_and_user_info():
    out = redact("POST https://user:pw@hooks.example.org/alerts?token=abc123&x=1 200")
    assert "abc123" not in out and "pw@" not in out
    assert "hooks.example.org/alerts" in out
