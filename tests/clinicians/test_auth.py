"""The bearer-key dependency: 401 with a challenge for a missing, bad or disabled key."""

from __future__ import annotations

import pytest

from coach.clinicians import service
from tests.factories import NOW, bearer


@pytest.mark.parametrize(
    "headers",
    [
        {},
        bearer("nck_not-a-real-key"),
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer"},
        {"Authorization": "nck_raw-key-without-scheme"},
    ],
)
@pytest.mark.usefixtures("owner")
def test_no_or_bad_key_is_401_with_a_challenge(client, headers):
    response = client.get("/v1/patients", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthorized"


def test_a_disabled_key_is_401_and_a_rotated_one_works(client, owner, db):
    service.disable_clinician(session=db, email=owner.clinician.email, now=NOW)
    response = client.get("/v1/patients", headers=owner.headers)
    assert response.status_code == 401
    assert "disabled" in response.json()["error"]["message"]
    _, new_key = service.rotate_key(session=db, email=owner.clinician.email)
    assert client.get("/v1/patients", headers=bearer(new_key)).status_code == 200
    assert client.get("/v1/patients", headers=owner.headers).status_code == 401


def test_the_audit_log_is_for_admins_only(client, owner, admin):
    denied = client.get("/v1/audit", headers=owner.headers)
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "forbidden"
    assert client.get("/v1/audit", headers=admin.headers).status_code == 200


def test_openapi_declares_bearer_auth(client):
    schemes = client.get("/openapi.json").json()["components"]["securitySchemes"]
    assert schemes["HTTPBearer"]["scheme"] == "bearer"
