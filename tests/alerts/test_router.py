"""The alert inbox: open alerts across my patients, urgent first; acknowledging one."""

from __future__ import annotations

from sqlmodel import select

from coach.alerts.models import AlertKind, AlertStatus
from coach.clinicians.models import AuditEntry
from tests import factories


def test_open_alerts_across_my_patients_urgent_first(client, owner, other, admin, db, enrolled):
    pid = enrolled["id"]
    routine = factories.alert(db, pid)
    urgent = factories.alert(db, pid, kind=AlertKind.red_flag, urgent=True)
    theirs = client.post(
        "/v1/patients", json=factories.enrollment(phone="+12125550142"), headers=other.headers
    ).json()
    factories.alert(db, theirs["id"])
    page = client.get("/v1/alerts?status=open", headers=owner.headers).json()
    assert [a["id"] for a in page["items"]] == [urgent.id, routine.id]
    assert page["total"] == 2
    assert page["items"][0]["kind"] == "red_flag" and page["items"][0]["urgent"] is True
    assert client.get("/v1/alerts", headers=admin.headers).json()["total"] == 3


def test_acknowledge_with_a_note(client, owner, other, db, enrolled):
    alert = factories.alert(db, enrolled["id"])
    hidden = client.post(f"/v1/alerts/{alert.id}/ack", json={"note": "x"}, headers=other.headers)
    assert hidden.status_code == 404
    response = client.post(
        f"/v1/alerts/{alert.id}/ack",
        json={"note": "Called; booked a visit."},
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "acknowledged"
    assert body["acknowledged_by"] == owner.id
    assert body["note"] == "Called; booked a visit."
    assert body["acknowledged_at"].startswith("2026-06-10T16:00:00")
    assert client.get("/v1/alerts", headers=owner.headers).json()["items"] == []
    acked = client.get("/v1/alerts?status=acknowledged", headers=owner.headers).json()
    assert [a["id"] for a in acked["items"]] == [alert.id]
    db.refresh(alert)
    assert alert.status == AlertStatus.acknowledged
    actions = db.exec(
        select(AuditEntry.action).where(AuditEntry.patient_id == enrolled["id"])
    ).all()
    assert "alert.ack" in actions


def test_ack_without_a_body_and_a_missing_alert(client, owner, db, enrolled):
    alert = factories.alert(db, enrolled["id"])
    assert client.post(f"/v1/alerts/{alert.id}/ack", headers=owner.headers).status_code == 200
    missing = client.post("/v1/alerts/424242/ack", headers=owner.headers)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_patient_alerts(client, owner, db, enrolled):
    alert = factories.alert(db, enrolled["id"])
    page = client.get(f"/v1/patients/{enrolled['id']}/alerts", headers=owner.headers).json()
    assert [a["id"] for a in page["items"]] == [alert.id]
