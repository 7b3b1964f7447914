"""Every `/v1` route x every kind of caller, built from the app's own route table.

A new route is picked up automatically: it must refuse missing, bad and disabled keys,
hide another clinician's patients (404, like a missing record) and serve owner and admin.
A route that needs a body gets one in `BODIES`, or its owner case fails with a 422.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.routing import iter_route_contexts

from coach.clinicians import service as clinicians
from coach.main import create_app
from coach.patients.import_jobs import ImportJob, JobStatus
from tests import factories

ADMIN_ONLY = {"/v1/audit"}
CSV = (
    "phone,language,channel,program,consent_given_at,consent_method\n"
    "+12125550188,en,sms,neck-4wk,2026-06-01T10:00:00Z,verbal\n"
)
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/v1/patients"): {"json": factories.enrollment(phone="+12125550177")},
    ("PATCH", "/v1/patients/{patient_id}"): {"json": {"first_name": "Kim"}},
    ("POST", "/v1/patients/{patient_id}/pause"): {"json": {}},
    ("POST", "/v1/patients/{patient_id}/extend"): {"json": {"days": 7}},
    ("POST", "/v1/patients/{patient_id}/reenroll"): {"json": {"program": "neck-4wk"}},
    ("POST", "/v1/alerts/{alert_id}/ack"): {"json": {"note": "called"}},
    ("POST", "/v1/conversations/{conversation_id}/messages"): {"json": {"text": "Hello"}},
    ("POST", "/v1/patients/{patient_id}/messages"): {"json": {"canned": "canned.call_today"}},
    ("POST", "/v1/conversations/{conversation_id}/notes"): {"json": {"text": "Called her."}},
    ("POST", "/v1/conversations/{conversation_id}/assign"): {"json": {"clinician_id": None}},
    ("POST", "/v1/patients/import"): {
        "content": CSV.encode(),
        "headers": {"Content-Type": "text/csv"},
    },
}


def _routes() -> list[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for route in iter_route_contexts(create_app().routes):
        path = route.path or ""
        if path.startswith("/v1/"):
            found.update((method, path) for method in route.methods or () if method != "HEAD")
    return sorted(found)


ROUTES = _routes()
CALLERS = ["no key", "bad key", "disabled key", "other clinician", "owner", "admin"]


def test_the_matrix_sees_the_admin_api():
    paths = {path for _, path in ROUTES}
    assert {"/v1/patients", "/v1/patients/{patient_id}", "/v1/alerts", "/v1/audit"} <= paths
    assert len(ROUTES) >= 18


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_access(client, db, owner, other, admin, enrolled, method, path, caller):
    alert = factories.alert(db, int(enrolled["id"]))
    conversation = factories.conversation(db, int(enrolled["id"]))
    job = ImportJob(clinician_id=owner.id, status=JobStatus.done)
    db.add(job)
    db.commit()
    url = path.format(
        patient_id=enrolled["id"],
        alert_id=alert.id,
        import_id=job.id,
        conversation_id=conversation.id,
    )
    disabled = factories.clinician(db, "gone@clinic.example")
    clinicians.disable_clinician(session=db, email="gone@clinic.example", now=factories.NOW)
    headers = {
        "no key": {},
        "bad key": factories.bearer("nck_wrong"),
        "disabled key": disabled.headers,
        "other clinician": other.headers,
        "owner": owner.headers,
        "admin": admin.headers,
    }[caller]
    extra = BODIES.get((method, path), {})
    response = client.request(
        method, url, **{**extra, "headers": {**extra.get("headers", {}), **headers}}
    )
    status = response.status_code
    if caller in ("no key", "bad key", "disabled key"):
        assert status == 401, response.text
        assert response.headers["WWW-Authenticate"] == "Bearer"
    elif path in ADMIN_ONLY:
        assert status == (200 if caller == "admin" else 403), response.text
    elif caller == "other clinician" and "{" in path:
        assert status == 404, response.text
        assert response.json()["error"]["code"] == "not_found"
    else:
        assert status < 300, f"{caller}: {status} {response.text}"
    if status >= 400:
        assert set(response.json()["error"]) >= {"code", "message"}
