"""`GET /v1/patients/{id}/schedule` and `coach patients schedule ID`: a patient's planned
texts and calls, exactly what the dispatcher will send, never in quiet hours."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, time, timedelta

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from coach import cli, migrate
from coach.clinicians.models import AuditEntry
from coach.clock import get_now
from coach.db import get_engine, make_engine, utcnow
from coach.messaging import outbox
from coach.messaging.dispatch import DispatchConfig, dispatch_due
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.messaging.ratelimit import TokenBucket
from coach.messaging.transport import RecordingTransport
from coach.patients import schedule
from coach.patients.models import Patient
from coach.settings import get_settings
from tests import helpers
from tests.factories import NOW


def _schedule(client, key, patient_id, **params):
    response = client.get(f"/v1/patients/{patient_id}/schedule", params=params, headers=key.headers)
    assert response.status_code == 200, response.text
    return response.json()


def _clock(at: datetime) -> Callable[[], datetime]:
    return lambda: at


def _in_quiet_hours(local: time, start: time = time(21), end: time = time(8)) -> bool:
    return local >= start or local < end


def _add(db, patient_id, slot, *, due, expires, kind="posture_tip", status=None):
    patient = db.get(Patient, patient_id)
    assert outbox.enqueue(
        session=db,
        patient=patient,
        slot_key=slot,
        kind=kind,
        body=f"text {slot}",
        due_at=due,
        expires_at=expires,
        now=due - timedelta(hours=1),
        template_id=f"tpl.{slot}",
        to_phone="+12125550999" if kind == "alert" else None,
    )
    if status is not None:
        row = db.exec(select(OutboxMessage).where(OutboxMessage.slot_key == slot)).one()
        row.status = status
        db.add(row)
    db.commit()


def test_the_schedule_lists_the_planned_texts_in_local_time(client, owner, enrolled):
    body = _schedule(client, owner, enrolled["id"], days=7)
    assert body["patient_id"] == enrolled["id"] and body["timezone"] == "America/New_York"
    items = body["items"]
    assert items[0]["kind"] == "welcome" and items[0]["content_id"] == "welcome"
    assert "Riverside Physio" in items[0]["text"]
    assert len({item["kind"] for item in items}) >= 3
    due = [item["due_at"] for item in items]
    assert due == sorted(due)
    for item in items:
        assert item["state"] == "planned"
        local = datetime.fromisoformat(item["local_time"])
        assert local.utcoffset() == timedelta(hours=-4)  # New York in June
        assert local == datetime.fromisoformat(item["due_at"])
        assert not _in_quiet_hours(local.time()), item
        assert item["text"] and item["content_id"]


def test_the_schedule_is_exactly_what_the_dispatcher_sends(client, db, owner, enrolled):
    pid = int(enrolled["id"])
    # Rows that will not go out: one cancelled, one whose window closes before it is due,
    # and an alert about the patient (to the clinician, not in the patient's schedule).
    _add(
        db,
        pid,
        "gone",
        due=NOW + timedelta(hours=3),
        expires=NOW + timedelta(hours=5),
        status=OutboxStatus.cancelled,
    )
    _add(db, pid, "late", due=NOW - timedelta(hours=2), expires=NOW - timedelta(minutes=1))
    _add(
        db,
        pid,
        "alert",
        due=NOW + timedelta(hours=1),
        expires=NOW + timedelta(hours=9),
        kind="alert",
    )
    items = _schedule(client, owner, pid, days=7)["items"]
    states = {item["content_id"]: item["state"] for item in items}
    assert states["tpl.gone"] == "cancelled" and states["tpl.late"] == "expired"
    assert "tpl.alert" not in states
    planned = [item for item in items if item["state"] == "planned"]

    engine = db.get_bind()
    transport = RecordingTransport()
    config = DispatchConfig(
        public_url="https://coach.example",
        batch_size=50,
        concurrency=1,
        limiter=TokenBucket(0),
        stopping=threading.Event(),
    )
    for at in sorted({max(NOW, datetime.fromisoformat(item["due_at"])) for item in items}):
        dispatch_due(engine=engine, transport=transport, config=config, now=_clock(at))
    assert transport.texts_to("+12125550123") == [item["text"] for item in planned]


def test_cancelled_texts_are_shown_as_such_after_unenrolment(client, owner, enrolled):
    before = _schedule(client, owner, enrolled["id"])["items"]
    assert client.delete(f"/v1/patients/{enrolled['id']}", headers=owner.headers).is_success
    after = _schedule(client, owner, enrolled["id"])["items"]
    assert [item["id"] for item in after] == [item["id"] for item in before]
    assert {item["state"] for item in after} == {"cancelled"}


def test_a_text_whose_window_passed_is_shown_expired(client, app, owner, enrolled):
    first = _schedule(client, owner, enrolled["id"])["items"][0]
    later = datetime.fromisoformat(first["expires_at"]) + timedelta(minutes=1)
    app.dependency_overrides[get_now] = lambda: later
    items = _schedule(client, owner, enrolled["id"])["items"]
    assert items[0]["id"] == first["id"] and items[0]["state"] == "expired"
    for item in items:
        open_window = datetime.fromisoformat(item["expires_at"]) > later
        assert item["state"] == ("planned" if open_window else "expired")


def test_days_limits_the_window(client, owner, enrolled):
    one = _schedule(client, owner, enrolled["id"], days=1)["items"]
    seven = _schedule(client, owner, enrolled["id"], days=7)["items"]
    assert 0 < len(one) < len(seven)
    assert all(datetime.fromisoformat(i["due_at"]) < NOW + timedelta(days=1) for i in one)
    for bad in (0, 32, "x"):
        response = client.get(
            f"/v1/patients/{enrolled['id']}/schedule", params={"days": bad}, headers=owner.headers
        )
        assert response.status_code == 422 and response.json()["error"]["field"] == "days"


def test_reading_the_schedule_is_audited_and_hidden_from_other_clinicians(
    client, db, owner, other, enrolled
):
    _schedule(client, owner, enrolled["id"])
    actions = db.exec(select(AuditEntry.action).where(AuditEntry.patient_id == enrolled["id"]))
    assert "patient.schedule" in actions.all()
    hidden = client.get(f"/v1/patients/{enrolled['id']}/schedule", headers=other.headers)
    assert hidden.status_code == 404


@pytest.fixture
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate.upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("COACH_TRANSPORT", "console")
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield url
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_the_cli_prints_the_same_schedule_as_a_table(database):
    engine = make_engine(database)
    with Session(engine, expire_on_commit=False) as db:
        patient = helpers.patient(db)
        now = utcnow()
        for hours in (2, 5, 30):
            _add(
                db,
                patient.id,
                f"h{hours}",
                due=now + timedelta(hours=hours),
                expires=now + timedelta(hours=hours + 2),
            )
        _add(
            db,
            patient.id,
            "gone",
            due=now + timedelta(hours=4),
            expires=now + timedelta(hours=6),
            status=OutboxStatus.cancelled,
        )
        expected = schedule.schedule(session=db, patient=patient, now=now, days=7)
    engine.dispose()
    result = CliRunner().invoke(cli.app, ["patients", "schedule", str(patient.id)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Patient {patient.id}, America/New_York: 4 in the next 7 day(s)"
    assert lines[1].split() == ["local", "time", "state", "channel", "kind", "content", "text"]
    assert lines[2:] == schedule.table(expected)[1:]
    assert "cancelled" in lines[3] and "text gone" in lines[3]
    assert lines[2].split()[3] == "EDT" or lines[2].split()[3] == "EST"

    missing = CliRunner().invoke(cli.app, ["patients", "schedule", "999"])
    assert missing.exit_code == 1 and "no patient 999" in missing.output
