"""Enrollment warns when the time zone is not one used in the phone number's country."""

from __future__ import annotations

import pytest

from tests.factories import enrollment


def _zone_warnings(client, owner, **body):
    response = client.post("/v1/patients", json=enrollment(**body), headers=owner.headers)
    assert response.status_code == 201, response.text
    return [w for w in response.json()["warnings"] if "time zone" in w]


def test_a_spanish_number_with_an_american_zone_is_warned(client, owner):
    (warning,) = _zone_warnings(
        client, owner, phone="+34 612 345 678", timezone="America/New_York", language="es"
    )
    assert "America/New_York" in warning and "Spain" in warning


@pytest.mark.parametrize(
    ("phone", "tz"),
    [
        ("+34 612 345 678", "Europe/Madrid"),
        ("+34 612 345 678", "Atlantic/Canary"),
        ("+34 612 345 678", "Africa/Ceuta"),
        ("(212) 555-0123", "America/Los_Angeles"),  # a New York number, moved west: fine
        ("(212) 555-0123", "America/Toronto"),  # the same clock across the border
        ("(212) 555-0123", "US/Eastern"),  # an old name of New York's zone
        ("+52 55 1234 5678", "America/Mexico_City"),
    ],
)
def test_a_zone_of_the_numbers_country_is_not_warned(client, owner, phone, tz):
    assert _zone_warnings(client, owner, phone=phone, timezone=tz) == []


def test_a_zone_left_out_is_the_numbers_own(client, owner):
    assert _zone_warnings(client, owner, phone="+33 6 12 34 56 78", timezone=None) == []


@pytest.mark.parametrize(
    ("phone", "tz"),
    [("(212) 555-0123", "Europe/Madrid"), ("+52 55 1234 5678", "Asia/Tokyo")],
)
def test_other_mismatches_are_warned_too(client, owner, phone, tz):
    (warning,) = _zone_warnings(client, owner, phone=phone, timezone=tz)
    assert tz in warning
