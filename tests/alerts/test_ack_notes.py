"""Acknowledging an alert with a note keeps every note, with who wrote it and when."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from coach import migrate
from coach.clock import get_now
from coach.db import make_engine
from tests import factories
from tests.factories import NOW


def _ack(client, key, alert_id, note=None):
    body = {"note": note} if note is not None else None
    response = client.post(f"/v1/alerts/{alert_id}/ack", json=body, headers=key.headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_second_note_is_added_not_written_over_the_first(app, client, owner, admin, db, enrolled):
    alert = factories.alert(db, enrolled["id"])
    _ack(client, owner, alert.id, "Called, no answer; left a voicemail.")
    app.dependency_overrides[get_now] = lambda: NOW + timedelta(hours=3)
    body = _ack(client, admin, alert.id, "Spoke to her: booked for Friday.")
    assert [(n["text"], n["clinician_id"]) for n in body["notes"]] == [
        ("Called, no answer; left a voicemail.", owner.id),
        ("Spoke to her: booked for Friday.", admin.id),
    ]
    assert body["notes"][0]["at"].startswith("2026-06-10T16:00:00")
    assert body["notes"][1]["at"].startswith("2026-06-10T19:00:00")
    # The contract's fields are unchanged: `note` is the newest, the first ack stands.
    assert body["note"] == "Spoke to her: booked for Friday."
    assert body["acknowledged_by"] == owner.id
    assert body["acknowledged_at"].startswith("2026-06-10T16:00:00")


def test_every_list_shows_the_notes(client, owner, db, enrolled):
    alert = factories.alert(db, enrolled["id"])
    other_alert = factories.alert(db, enrolled["id"])
    _ack(client, owner, alert.id, "first")
    _ack(client, owner, alert.id, "second")
    _ack(client, owner, other_alert.id)
    for url in ("/v1/alerts?status=acknowledged", f"/v1/patients/{enrolled['id']}/alerts"):
        items = client.get(url, headers=owner.headers).json()["items"]
        notes = {a["id"]: [n["text"] for n in a["notes"]] for a in items}
        assert notes == {alert.id: ["first", "second"], other_alert.id: []}, url


def test_an_ack_without_a_note_keeps_the_notes(client, owner, db, enrolled):
    alert = factories.alert(db, enrolled["id"])
    _ack(client, owner, alert.id, "Called; fine now.")
    body = _ack(client, owner, alert.id)
    assert [n["text"] for n in body["notes"]] == ["Called; fine now."]
    assert body["note"] == "Called; fine now."


def test_a_retried_request_does_not_add_the_same_note_twice(client, owner, db, enrolled):
    alert = factories.alert(db, enrolled["id"])
    _ack(client, owner, alert.id, "Booked a visit.")
    body = _ack(client, owner, alert.id, "Booked a visit.")
    assert [n["text"] for n in body["notes"]] == ["Booked a visit."]


def test_an_overlong_note_is_a_422_and_changes_nothing(client, owner, db, enrolled):
    alert = factories.alert(db, enrolled["id"])
    _ack(client, owner, alert.id, "kept")
    response = client.post(
        f"/v1/alerts/{alert.id}/ack", json={"note": "x" * 2001}, headers=owner.headers
    )
    assert response.status_code == 422
    items = client.get("/v1/alerts?status=acknowledged", headers=owner.headers).json()["items"]
    assert [n["text"] for n in items[0]["notes"]] == ["kept"]


def test_the_migration_keeps_an_existing_note_as_the_first(tmp_path):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate.upgrade(url, "0009")
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO clinician (id, name, email, api_key_hash, key_prefix, role, "
                    "created_at) VALUES (1, 'A', 'a@x.org', 'h', 'p', 'clinician', "
                    "'2026-06-01 00:00:00.000000')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO patient (id, clinician_id, phone, timezone, language, channel, "
                    "program_id, start_date, quiet_start, quiet_end, consent_given_at, "
                    "consent_method, status, created_at, updated_at) VALUES (1, 1, "
                    "'+12125550123', 'America/New_York', 'en', 'sms', 'neck-4wk', '2026-06-01', "
                    "'21:00:00.000000', '08:00:00.000000', '2026-06-01 00:00:00.000000', "
                    "'form', 'active', '2026-06-01 00:00:00.000000', "
                    "'2026-06-01 00:00:00.000000')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO alert (id, patient_id, kind, urgent, reason, status, created_at, "
                    "acknowledged_at, acknowledged_by, note) VALUES (1, 1, 'persistent', 0, 'r', "
                    "'acknowledged', '2026-06-02 00:00:00.000000', "
                    "'2026-06-03 00:00:00.000000', 1, 'old note')"
                )
            )
        migrate.upgrade(url)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT alert_id, clinician_id, text FROM alert_note")).all()
        assert [tuple(r) for r in rows] == [(1, 1, "old note")]
    finally:
        engine.dispose()
