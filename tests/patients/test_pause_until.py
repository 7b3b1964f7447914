"""`POST /v1/patients/{id}/pause` with `until` as a date or a date-time."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests import factories


def _pause(client: TestClient, owner: factories.Key, pid: object, until: object):
    return client.post(f"/v1/patients/{pid}/pause", json={"until": until}, headers=owner.headers)


def test_a_plain_date_is_the_start_of_that_day_in_the_patients_zone(client, owner, enrolled):
    response = _pause(client, owner, enrolled["id"], "2026-12-10")
    assert response.status_code == 200, response.text
    # Midnight in New York on 10 December (EST, UTC-5).
    assert response.json()["paused_until"].startswith("2026-12-10T05:00:00")
    assert response.json()["status"] == "paused"


def test_a_date_is_read_in_the_patients_own_zone_not_the_servers(client, owner):
    body = factories.enrollment(phone="+34 612 345 678", timezone="Europe/Madrid", language="es")
    created = client.post("/v1/patients", json=body, headers=owner.headers)
    assert created.status_code == 201, created.text
    response = _pause(client, owner, created.json()["id"], "2026-07-01")
    assert response.status_code == 200, response.text
    # Midnight in Madrid in summer (CEST, UTC+2) is 22:00 UTC the day before.
    assert response.json()["paused_until"].startswith("2026-06-30T22:00:00")


def test_a_date_with_an_offset_still_works(client, owner, enrolled):
    response = _pause(client, owner, enrolled["id"], "2026-06-20T09:00:00-04:00")
    assert response.status_code == 200, response.text
    assert response.json()["paused_until"].startswith("2026-06-20T13:00:00")


@pytest.mark.parametrize("until", ["2026-12-10T09:00:00", "2026-12-10 09:00", "next week"])
def test_a_time_without_an_offset_is_a_clear_422(client, owner, enrolled, until):
    response = _pause(client, owner, enrolled["id"], until)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["field"] == "until"
    assert "YYYY-MM-DD" in error["message"] and "offset" in error["message"]
    assert (
        client.get(f"/v1/patients/{enrolled['id']}", headers=owner.headers).json()["status"]
        == "active"
    )


def test_today_or_a_past_date_is_refused(client, owner, enrolled):
    # The test clock is noon on 10 June 2026 in New York: today has already begun.
    for day in ("2026-06-10", "2026-06-01"):
        response = _pause(client, owner, enrolled["id"], day)
        assert response.status_code == 422, response.text
        assert response.json()["error"]["field"] == "until"
        assert "already begun" in response.json()["error"]["message"]


@pytest.mark.parametrize("until", ["2026-02-30", "1999-12-31", "2150-01-01"])
def test_impossible_or_absurd_dates_are_a_422(client, owner, enrolled, until):
    response = _pause(client, owner, enrolled["id"], until)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == "until"


def test_tomorrow_pauses_today_and_the_worker_resumes_at_local_midnight(
    client, owner, enrolled, db
):
    from datetime import UTC, datetime

    from coach.patients import lifecycle
    from coach.patients.models import Patient

    response = _pause(client, owner, enrolled["id"], "2026-06-11")
    assert response.status_code == 200, response.text
    before = datetime(2026, 6, 11, 3, 59, tzinfo=UTC)  # 23:59 in New York on the 10th
    assert lifecycle.end_finished_pauses(session=db, now=before) == []
    at = datetime(2026, 6, 11, 4, 0, tzinfo=UTC)  # midnight in New York on the 11th
    assert lifecycle.end_finished_pauses(session=db, now=at) == [enrolled["id"]]
    db.expire_all()
    assert db.get(Patient, enrolled["id"]).status == "active"
