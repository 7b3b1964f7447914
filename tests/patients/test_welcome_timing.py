"""The welcome text: on the programme's start date (in allowed hours), never before; and
for a voice patient who agreed to texts, a welcome that speaks of calls."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import col, select

from coach.content.loader import get_library
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.scheduling import planner
from tests import factories

IMPORT_HEADER = (
    "phone,first_name,timezone,language,channel,program,start_date,consent_given_at,consent_method"
)


def _enroll(client, owner, **body):
    response = client.post("/v1/patients", json=factories.enrollment(**body), headers=owner.headers)
    assert response.status_code == 201, response.text
    return response.json()


def _rows(db, pid, *statuses):
    db.expire_all()
    query = select(OutboxMessage).where(OutboxMessage.patient_id == pid)
    if statuses:
        query = query.where(col(OutboxMessage.status).in_(statuses))
    return db.exec(query.order_by(col(OutboxMessage.due_at), col(OutboxMessage.id))).all()


def _welcomes(db, pid):
    return [r for r in _rows(db, pid, OutboxStatus.scheduled) if r.kind == "welcome"]


def test_a_future_start_date_sends_the_welcome_that_morning_and_nothing_before(client, owner, db):
    # The clock is noon in New York on Wednesday 10 June; the programme starts Monday 15.
    patient = _enroll(client, owner, start_date="2026-06-15")
    (welcome,) = _welcomes(db, patient["id"])
    # 08:00 in New York (EDT) on the 15th: the end of the default quiet hours.
    assert welcome.due_at == datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
    assert "Riverside Physio" in welcome.body and "STOP" in welcome.body
    # The worker plans 48 hours ahead: on the evening before, the first day is planned.
    planner.plan(session=db, library=get_library(), now=datetime(2026, 6, 15, 0, 0, tzinfo=UTC))
    rows = _rows(db, patient["id"], OutboxStatus.scheduled)
    assert len(rows) > 1, "the programme's first days are planned"
    assert rows[0].kind == "welcome", "nothing is due before the welcome"
    assert all(r.due_at >= welcome.due_at for r in rows)


def test_the_welcome_waits_for_the_patients_own_quiet_hours_to_end(client, owner, db):
    quiet = {"start": "21:00", "end": "09:30"}
    patient = _enroll(client, owner, start_date="2026-06-15", quiet_hours=quiet)
    (welcome,) = _welcomes(db, patient["id"])
    assert welcome.due_at == datetime(2026, 6, 15, 13, 30, tzinfo=UTC)  # 09:30 EDT


def test_a_start_date_of_today_sends_the_welcome_now(client, owner, db):
    patient = _enroll(client, owner, start_date="2026-06-10")
    (welcome,) = _welcomes(db, patient["id"])
    assert welcome.due_at == factories.NOW


def test_moving_the_start_date_moves_the_welcome(client, owner, db):
    patient = _enroll(client, owner, start_date="2026-06-15")
    response = client.patch(
        f"/v1/patients/{patient['id']}", json={"start_date": "2026-06-22"}, headers=owner.headers
    )
    assert response.status_code == 200, response.text
    (welcome,) = _welcomes(db, patient["id"])
    assert welcome.due_at == datetime(2026, 6, 22, 12, 0, tzinfo=UTC)


def test_a_pause_and_resume_before_the_start_keeps_the_welcome(client, owner, db):
    patient = _enroll(client, owner, start_date="2026-06-15")
    pid = patient["id"]
    assert client.post(f"/v1/patients/{pid}/pause", headers=owner.headers).status_code == 200
    assert _welcomes(db, pid) == []
    assert client.post(f"/v1/patients/{pid}/resume", headers=owner.headers).status_code == 200
    (welcome,) = _welcomes(db, pid)
    assert welcome.due_at == datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def test_a_welcome_already_sent_is_not_sent_again_after_a_change(client, owner, db):
    patient = _enroll(client, owner)
    pid = patient["id"]
    (welcome,) = _welcomes(db, pid)
    welcome.status, welcome.sent_at = OutboxStatus.delivered, factories.NOW
    db.add(welcome)
    db.commit()
    changed = client.patch(
        f"/v1/patients/{pid}", json={"timezone": "America/Chicago"}, headers=owner.headers
    )
    assert changed.status_code == 200, changed.text
    assert client.post(f"/v1/patients/{pid}/pause", headers=owner.headers).status_code == 200
    assert client.post(f"/v1/patients/{pid}/resume", headers=owner.headers).status_code == 200
    assert [r.kind for r in _rows(db, pid)].count("welcome") == 1


def test_an_imported_patient_with_a_future_start_gets_the_welcome_on_that_day(client, owner, db):
    text = "\n".join(
        [
            IMPORT_HEADER,
            "+12125550101,Ana,America/New_York,en,sms,neck-4wk,2026-06-15,2026-06-01T10:00:00Z,v",
        ]
    )
    response = client.post(
        "/v1/patients/import",
        content=text.encode(),
        headers={**owner.headers, "Content-Type": "text/csv"},
    )
    assert response.json()["enrolled"] == 1, response.text
    (welcome,) = [r for r in _rows(db, 1, OutboxStatus.scheduled) if r.kind == "welcome"]
    assert welcome.due_at == datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
    assert _rows(db, 1, OutboxStatus.scheduled)[0].kind == "welcome"


def test_a_voice_patient_who_agreed_to_texts_gets_a_welcome_about_calls(client, owner, db):
    patient = _enroll(client, owner, channel="voice", sms_consent=True)
    (welcome,) = _welcomes(db, patient["id"])
    assert welcome.channel == "sms" and welcome.template_id == "welcome.voice"
    assert "Riverside Physio" in welcome.body and "STOP" in welcome.body
    assert "call" in welcome.body


def test_a_voice_patient_who_agreed_to_texts_in_spanish(client, owner, db):
    patient = _enroll(client, owner, channel="voice", sms_consent=True, language="es")
    (welcome,) = _welcomes(db, patient["id"])
    assert "llamaremos" in welcome.body and "ALTO" in welcome.body


def test_a_voice_only_patient_gets_no_text(client, owner, db):
    patient = _enroll(client, owner, channel="voice")
    assert [r for r in _rows(db, patient["id"]) if r.channel == "sms"] == []
