"""The real twilio client, through our transport, against mock-twilio."""

import pytest

from coach.errors import DeliveryError
from coach.messaging.transport import TwilioTransport
from coach.settings import load_settings

pytestmark = pytest.mark.mock_twilio

SID = "AC" + "0123456789abcdef" * 2


def transport(url: str, **extra: str) -> TwilioTransport:
    settings = load_settings(
        twilio_account_sid=SID,
        twilio_auth_token="test-token-123",
        twilio_api_base_url=url,
        **({"twilio_from_number": "+15017122661"} | extra),
    )
    return TwilioTransport(settings)


def test_sends_an_sms(mock_twilio_url):
    result = transport(mock_twilio_url).send_sms(
        to="+15558675310",
        body="Time for a posture check.",
        status_callback="https://coach.example/twilio/status",
    )
    assert result.sid.startswith("SM")
    assert result.status == "queued"


def test_sends_through_a_messaging_service(mock_twilio_url):
    t = transport(mock_twilio_url, twilio_messaging_service_sid="MG" + "a" * 32)
    assert t.send_sms(to="+15558675310", body="hello").sid.startswith("SM")


def test_places_a_call(mock_twilio_url):
    result = transport(mock_twilio_url).place_call(
        to="+15558675310",
        url="https://coach.example/twilio/voice/call?outbox=1",
        status_callback="https://coach.example/twilio/voice/status",
        machine_detection=True,
    )
    assert result.sid.startswith("CA")


def test_an_invalid_request_is_our_error_type(mock_twilio_url):
    # No To at all: the mock refuses it as Twilio would.
    with pytest.raises(DeliveryError) as caught:
        transport(mock_twilio_url).send_sms(to=None, body="no recipient")  # type: ignore[arg-type]
    assert caught.value.http_status is not None and 400 <= caught.value.http_status < 500
    assert not caught.value.retryable and not caught.value.ambiguous
    # A status callback that is not a URL breaks the spec's uri format.
    with pytest.raises(DeliveryError) as caught:
        transport(mock_twilio_url).send_sms(
            to="+15558675310", body="x", status_callback="not a url"
        )
    assert caught.value.http_status == 422


def test_unreachable_twilio_is_retryable():
    from tests.services import free_port

    t = transport(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(DeliveryError) as caught:
        t.send_sms(to="+15558675310", body="hello")
    assert caught.value.retryable and not caught.value.ambiguous
