"""`POST /twilio/sms` is answered before the app's routing (`coach.replies.fast_path`): the
same answers, errors in the one error shape, the security headers, the body limit."""

from __future__ import annotations

from unittest.mock import patch

from tests.replies.conftest import Webhooks


def test_an_answer_carries_the_security_headers(webhooks: Webhooks) -> None:
    response = webhooks.sms("+15550001111", "4")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in response.headers


def test_a_bad_signature_is_the_apps_403_error_shape(webhooks: Webhooks) -> None:
    response = webhooks.post("/twilio/sms", {"MessageSid": "SM1", "From": "+1555"}, "bogus")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert response.headers["x-frame-options"] == "DENY"


def test_other_methods_still_reach_the_router(webhooks: Webhooks) -> None:
    response = webhooks.client.get("/twilio/sms")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_an_oversized_body_is_413_before_anything_reads_it(webhooks: Webhooks) -> None:
    response = webhooks.client.post(
        "/twilio/sms",
        content=b"Body=" + b"x" * 2_000_000,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_a_database_away_is_the_apps_503(webhooks: Webhooks) -> None:
    from sqlalchemy.exc import OperationalError

    def away(**_: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("unable to open database file"))

    with patch("coach.replies.service.handle_sms", side_effect=away):
        response = webhooks.sms("+15550001111", "4")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "database_unavailable"
