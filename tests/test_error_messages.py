"""Errors a newcomer meets say what is wrong: every invalid field at once, malformed JSON
as such, an Authorization header without its scheme."""

from __future__ import annotations

import pytest

from tests import factories


def test_every_invalid_field_is_reported_together(client, owner):
    body = {
        **factories.enrollment(),
        "language": "fr",
        "channel": "fax",
        "quiet_hours": {"start": "late", "end": "22:00"},
    }
    del body["program"]
    response = client.post("/v1/patients", json=body, headers=owner.headers)
    assert response.status_code == 422
    payload = response.json()
    fields = [error.get("field") for error in payload["errors"]]
    assert {"language", "channel", "program", "quiet_hours.start"} <= set(fields)
    assert payload["error"] == payload["errors"][0]  # the first, as before
    for error in payload["errors"]:
        assert error["code"] == "invalid"
        assert error["message"].startswith(f"{error['field']}: ")


def test_one_invalid_field_keeps_the_old_shape(client, owner):
    body = {**factories.enrollment(), "language": "fr"}
    response = client.post("/v1/patients", json=body, headers=owner.headers)
    payload = response.json()
    assert payload["error"]["field"] == "language"
    assert payload["errors"] == [payload["error"]]


def test_malformed_json_says_so_without_a_numeric_field(client, owner):
    response = client.post(
        "/v1/patients",
        content=b'{"phone": "+12125550123",, }',
        headers={**owner.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert "field" not in error
    assert error["message"].startswith("the request body is not valid JSON at character ")
    assert "JSON decode error" not in error["message"]


@pytest.mark.usefixtures("owner")
def test_a_key_without_bearer_is_told_to_add_it(client, owner):
    response = client.get("/v1/patients", headers={"Authorization": owner.key})
    assert response.status_code == 401
    message = response.json()["error"]["message"]
    assert "Bearer <key>" in message and "missing" not in message
    assert owner.key not in message
    token = client.get("/v1/patients", headers={"Authorization": f"Token {owner.key}"})
    assert "the word Bearer" in token.json()["error"]["message"]
    nothing = client.get("/v1/patients")
    assert nothing.json()["error"]["message"].startswith("missing API key")
