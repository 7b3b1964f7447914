"""List, read, update, pause, resume and unenroll; ownership and the audit trail."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from coach.clinicians.models import AuditEntry
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import Patient
from tests import factories
from tests.factories import enrollment


def _enroll(client: TestClient, key: factories.Key, phone: str) -> dict[str, Any]:
    response = client.post("/v1/patients", json=enrollment(phone=phone), headers=key.headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _waiting(db: Session, patient_id: int) -> list[OutboxMessage]:
    return list(
        db.exec(
            select(OutboxMessage)
            .where(OutboxMessage.patient_id == patient_id)
            .where(OutboxMessage.status == OutboxStatus.scheduled)
        ).all()
    )


def test_list_is_paginated_and_scoped(client, owner, other, admin):
    mine = [_enroll(client, owner, f"+1212555{n:04d}")["id"] for n in range(101, 106)]
    theirs = _enroll(client, other, "+12125550999")["id"]
    page = client.get("/v1/patients?limit=2&offset=1", headers=owner.headers).json()
    assert page["total"] == 5 and page["limit"] == 2 and page["offset"] == 1
    assert [p["id"] for p in page["items"]] == mine[1:3]
    everyone = client.get("/v1/patients?limit=200", headers=admin.headers).json()
    assert {p["id"] for p in everyone["items"]} == {*mine, theirs}
    assert client.get("/v1/patients?limit=201", headers=owner.headers).status_code == 422


def test_list_filters_by_status_and_open_alerts(client, owner, db):
    a = _enroll(client, owner, "+12125550101")["id"]
    b = _enroll(client, owner, "+12125550102")["id"]
    client.post(f"/v1/patients/{b}/pause", headers=owner.headers)
    factories.alert(db, a)
    paused = client.get("/v1/patients?status=paused", headers=owner.headers).json()
    assert [p["id"] for p in paused["items"]] == [b]
    alerting = client.get("/v1/patients?alert=open", headers=owner.headers).json()
    assert [(p["id"], p["open_alerts"]) for p in alerting["items"]] == [(a, 1)]
    quiet = client.get("/v1/patients?alert=none", headers=owner.headers).json()
    assert [p["id"] for p in quiet["items"]] == [b]
    assert client.get("/v1/patients?status=asleep", headers=owner.headers).status_code == 422


def test_another_clinicians_patient_is_a_404_like_a_missing_one(client, owner, other, enrolled):
    pid = enrolled["id"]
    hidden = client.get(f"/v1/patients/{pid}", headers=other.headers)
    missing = client.get("/v1/patients/999999", headers=other.headers)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["error"]["code"] == missing.json()["error"]["code"] == "not_found"
    assert client.get(f"/v1/patients/{pid}", headers=owner.headers).json() == {
        **enrolled,
        "open_alerts": 0,
    }


def test_patch_changes_details_and_replans_on_a_new_zone(client, owner, db, enrolled):
    pid = enrolled["id"]
    before = {r.id for r in _waiting(db, pid)}
    response = client.patch(
        f"/v1/patients/{pid}",
        json={"timezone": "America/Los_Angeles", "first_name": None},
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["timezone"] == "America/Los_Angeles"
    assert response.json()["first_name"] is None
    assert response.json()["start_date"] == enrolled["start_date"]
    after = _waiting(db, pid)
    assert after and not before & {r.id for r in after}, "old rows cancelled, new ones planned"


def test_patch_name_only_does_not_replan(client, owner, db, enrolled):
    pid = enrolled["id"]
    before = {r.id for r in _waiting(db, pid)}
    response = client.patch(
        f"/v1/patients/{pid}", json={"first_name": "Sammy"}, headers=owner.headers
    )
    assert response.json()["first_name"] == "Sammy"
    assert {r.id for r in _waiting(db, pid)} == before


def test_patch_validation(client, owner, other, enrolled):
    pid = enrolled["id"]
    bad = client.patch(f"/v1/patients/{pid}", json={"program": "nope"}, headers=owner.headers)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "program"
    null = client.patch(f"/v1/patients/{pid}", json={"timezone": None}, headers=owner.headers)
    assert null.status_code == 422 and null.json()["error"]["field"] == "timezone"
    _enroll(client, other, "+12125550177")
    taken = client.patch(f"/v1/patients/{pid}", json={"phone": "2125550177"}, headers=owner.headers)
    assert taken.status_code == 409


def test_pause_resume_unenroll(client, owner, db, enrolled):
    pid = enrolled["id"]
    paused = client.post(
        f"/v1/patients/{pid}/pause",
        json={"until": "2026-06-20T09:00:00-04:00"},
        headers=owner.headers,
    )
    assert paused.status_code == 200, paused.text
    assert paused.json()["status"] == "paused"
    assert paused.json()["paused_until"].startswith("2026-06-20T13:00:00")
    assert _waiting(db, pid) == []
    past = client.post(
        f"/v1/patients/{pid}/pause", json={"until": "2020-01-01T00:00:00Z"}, headers=owner.headers
    )
    assert past.status_code == 422 and past.json()["error"]["field"] == "until"
    resumed = client.post(f"/v1/patients/{pid}/resume", headers=owner.headers)
    assert resumed.json()["status"] == "active"
    assert _waiting(db, pid), "re-planned after resume"
    gone = client.delete(f"/v1/patients/{pid}", headers=owner.headers)
    assert gone.status_code == 200 and gone.json()["status"] == "unenrolled"
    assert _waiting(db, pid) == []
    assert db.get(Patient, pid) is not None, "history is kept"
    assert client.delete(f"/v1/patients/{pid}", headers=owner.headers).status_code == 200
    assert client.post(f"/v1/patients/{pid}/resume", headers=owner.headers).status_code == 409
    assert client.post(f"/v1/patients/{pid}/pause", headers=owner.headers).status_code == 409


def test_every_read_and_change_is_audited(client, owner, admin, db, enrolled):
    pid = enrolled["id"]
    client.get(f"/v1/patients/{pid}", headers=owner.headers)
    client.get("/v1/patients", headers=owner.headers)
    client.patch(f"/v1/patients/{pid}", json={"first_name": "Al"}, headers=owner.headers)
    client.post(f"/v1/patients/{pid}/pause", headers=owner.headers)
    client.get(f"/v1/patients/{pid}/pain", headers=owner.headers)
    client.get(f"/v1/patients/{pid}", headers=admin.headers)
    actions = [
        (e.clinician_id, e.action, e.patient_id)
        for e in db.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
    ]
    assert actions == [
        (owner.id, "patient.create", pid),
        (owner.id, "patient.read", pid),
        (owner.id, "patient.list", pid),
        (owner.id, "patient.update", pid),
        (owner.id, "patient.pause", pid),
        (owner.id, "patient.pain", pid),
        (admin.id, "patient.read", pid),
    ]
    log = client.get(f"/v1/audit?patient_id={pid}&limit=3", headers=admin.headers)
    assert log.status_code == 200
    assert log.json()["total"] == 7
    assert [e["action"] for e in log.json()["items"]] == [
        "patient.read",
        "patient.pain",
        "patient.pause",
    ]
    assert client.get("/v1/audit", headers=owner.headers).status_code == 403
