"""Enrollment warns when the patient's quiet hours leave a kind of text no time at all."""

from __future__ import annotations

from tests.factories import enrollment


def test_quiet_hours_that_swallow_whole_kinds_are_named(client, owner):
    quiet = {"start": "19:00", "end": "10:45"}
    response = client.post(
        "/v1/patients", json=enrollment(quiet_hours=quiet), headers=owner.headers
    )
    assert response.status_code == 201, response.text
    (warning,) = [w for w in response.json()["warnings"] if "quiet hours" in w]
    assert "19:00-10:45" in warning
    assert "posture tips" in warning and "heat/ice reminders" in warning
    # The check-in (18:00-19:00), exercise and screen break still have their times.
    assert "check-ins" not in warning and "exercises" not in warning
    assert "screen breaks" not in warning


def test_default_quiet_hours_warn_of_nothing(client, owner):
    response = client.post("/v1/patients", json=enrollment(), headers=owner.headers)
    assert response.status_code == 201, response.text
    assert not [w for w in response.json()["warnings"] if "quiet hours" in w]


def test_a_voice_patient_is_warned_only_about_calls_they_would_get(client, owner):
    quiet = {"start": "19:00", "end": "12:30"}
    body = enrollment(quiet_hours=quiet, channel="voice")
    response = client.post("/v1/patients", json=body, headers=owner.headers)
    assert response.status_code == 201, response.text
    # Posture tips and heat/ice get no time, but a voice patient never gets them anyway;
    # the exercise call keeps 12:30-13:00.
    assert not [w for w in response.json()["warnings"] if "quiet hours" in w]
    quiet = {"start": "18:30", "end": "13:05"}
    body = enrollment(quiet_hours=quiet, channel="voice", phone="(212) 555-0188")
    response = client.post("/v1/patients", json=body, headers=owner.headers)
    (warning,) = [w for w in response.json()["warnings"] if "quiet hours" in w]
    assert "exercises" in warning and "check-ins" not in warning
