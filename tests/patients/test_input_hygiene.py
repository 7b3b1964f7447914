"""Bad input is a 422 in the error shape that names the field, never a 500."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", "Sam\x00"),
        ("first_name", "Sam\x07"),
        ("first_name", "\x1b[31mSam"),
        ("first_name", "Sam\u202egnivil"),
        ("first_name", "Sam\nSmith"),
    ],
)
def test_control_characters_in_names_are_refused(client, owner, field, value):
    body = factories.enrollment() | {field: value}
    response = client.post("/v1/patients", json=body, headers=owner.headers)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["field"] == field and "control characters" in error["message"]


def test_a_nul_in_the_consent_method_is_refused(client, owner):
    body = factories.enrollment()
    body["consent"] = body["consent"] | {"method": "verbal\x00"}
    response = client.post("/v1/patients", json=body, headers=owner.headers)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "consent.method"


@pytest.mark.parametrize("given_at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"])
def test_consent_times_outside_any_sane_range_are_refused(client, owner, given_at):
    body = factories.enrollment()
    body["consent"] = body["consent"] | {"given_at": given_at}
    response = client.post("/v1/patients", json=body, headers=owner.headers)
    assert response.status_code == 422
    assert "2000 and 2100" in response.json()["error"]["message"]


def test_a_pause_until_year_9999_is_refused(client, owner):
    created = client.post("/v1/patients", json=factories.enrollment(), headers=owner.headers)
    pid = created.json()["id"]
    response = client.post(
        f"/v1/patients/{pid}/pause",
        json={"until": "9999-12-31T23:59:59-12:00"},
        headers=owner.headers,
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "until"


def test_a_name_that_looks_like_math_text_still_draws_its_chart(client, owner):
    body = factories.enrollment() | {"first_name": "$\\frac{$"}
    created = client.post("/v1/patients", json=body, headers=owner.headers)
    assert created.status_code == 201
    chart = client.get(f"/v1/patients/{created.json()['id']}/pain.svg", headers=owner.headers)
    assert chart.status_code == 200 and chart.text.lstrip().startswith("<?xml")
