"""Clinicians set a patient's controls: PATCH `frequency` and `checkin_time`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.scheduling.localtime import local_now
from tests import factories

NY = "America/New_York"


def _waiting(db: Session, patient_id: int) -> list[OutboxMessage]:
    db.expire_all()
    return list(
        db.exec(
            select(OutboxMessage)
            .where(OutboxMessage.patient_id == patient_id)
            .where(OutboxMessage.status == OutboxStatus.scheduled)
            .order_by(col(OutboxMessage.due_at))
        ).all()
    )


def _patch(client: TestClient, key: factories.Key, pid: object, body: Mapping[str, object]) -> Any:
    return client.patch(f"/v1/patients/{pid}", json=body, headers=key.headers)


def test_checkin_time_moves_the_waiting_checkins_and_leaves_the_welcome(
    client, owner, db, enrolled
):
    pid = enrolled["id"]
    assert enrolled["checkin_time"] is None and enrolled["frequency"] == "normal"
    welcome = [r.id for r in _waiting(db, pid) if r.kind == "welcome"]
    assert welcome
    response = _patch(client, owner, pid, {"checkin_time": "19:30"})
    assert response.status_code == 200, response.text
    assert response.json()["checkin_time"] == "19:30"
    rows = _waiting(db, pid)
    checkins = [r for r in rows if r.kind == "checkin"]
    assert checkins
    assert all(local_now(r.due_at, NY).time() == time(19, 30) for r in checkins)
    assert [r.id for r in rows if r.kind == "welcome"] == welcome, "one-offs are kept"
    cleared = _patch(client, owner, pid, {"checkin_time": None})
    assert cleared.status_code == 200 and cleared.json()["checkin_time"] is None
    again = [r for r in _waiting(db, pid) if r.kind == "checkin"]
    assert again and all(local_now(r.due_at, NY).time() != time(19, 30) for r in again)


def test_checkin_time_in_quiet_hours_is_refused(client, owner, db, enrolled):
    pid = enrolled["id"]
    before = [(r.id, r.due_at) for r in _waiting(db, pid)]
    response = _patch(client, owner, pid, {"checkin_time": "22:30"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "checkin_time"
    assert [(r.id, r.due_at) for r in _waiting(db, pid)] == before
    assert _patch(client, owner, pid, {"checkin_time": "7pm"}).status_code == 422


def test_new_quiet_hours_may_not_swallow_the_checkin_time(client, owner, enrolled):
    pid = enrolled["id"]
    assert _patch(client, owner, pid, {"checkin_time": "20:00"}).status_code == 200
    late = {"quiet_hours": {"start": "19:00", "end": "08:00"}}
    response = _patch(client, owner, pid, late)
    assert response.status_code == 422 and response.json()["error"]["field"] == "checkin_time"
    both = _patch(client, owner, pid, {**late, "checkin_time": "18:00"})
    assert both.status_code == 200, both.text
    assert both.json()["checkin_time"] == "18:00"


def test_frequency_fewer_drops_other_texts_and_keeps_checkins(client, owner, db, enrolled):
    pid = enrolled["id"]
    before = _waiting(db, pid)
    response = _patch(client, owner, pid, {"frequency": "fewer"})
    assert response.status_code == 200 and response.json()["frequency"] == "fewer"
    after = _waiting(db, pid)
    checkins = [(r.kind, r.due_at) for r in before if r.kind == "checkin"]
    assert [(r.kind, r.due_at) for r in after if r.kind == "checkin"] == checkins
    others = [r for r in before if r.kind not in ("checkin", "welcome")]
    assert len(others) >= 2
    assert len([r for r in after if r.kind not in ("checkin", "welcome")]) < len(others)
    back = _patch(client, owner, pid, {"frequency": "normal"})
    assert back.status_code == 200 and back.json()["frequency"] == "normal"
    restored = [(r.kind, r.due_at) for r in _waiting(db, pid)]
    assert sorted(restored) == sorted((r.kind, r.due_at) for r in before)


def test_frequency_validation(client, owner, enrolled):
    pid = enrolled["id"]
    null = _patch(client, owner, pid, {"frequency": None})
    assert null.status_code == 422 and null.json()["error"]["field"] == "frequency"
    assert _patch(client, owner, pid, {"frequency": "lots"}).status_code == 422
    # The programme is the most anyone gets: "more" is not a setting (see preferences.py).
    assert _patch(client, owner, pid, {"frequency": "more"}).status_code == 422
