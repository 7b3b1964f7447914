"""A real ending: after the last programme day the sweep completes the patient with one
closing text, and then leaves them alone; a clinician can extend or re-enroll."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from coach.alerts.models import Alert
from coach.clinicians.models import AuditEntry
from coach.content.loader import get_library
from coach.messaging import outbox
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import PainReport, Patient, PatientStatus
from coach.replies.followup import sweep
from coach.scheduling import planner
from coach.settings import Settings
from tests import factories
from tests.factories import NOW, enrollment

# neck-4wk from 13 May: day 28, the last day, is 9 June; NOW (10 June, noon) is after it.
ENDED = "2026-05-13"


def enroll(client: TestClient, key: factories.Key, **fields: Any) -> dict[str, Any]:
    """Enroll, then move the start date back (an enrollment may not start a programme that
    is already over, but a patient enrolled weeks ago reaches its end)."""
    start = fields.pop("start_date", None)
    response = client.post("/v1/patients", json=enrollment(**fields), headers=key.headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    if start is not None:
        from sqlmodel import Session as _Session

        from coach.db import get_session

        override = client.app.dependency_overrides[get_session]  # type: ignore[attr-defined]
        session: _Session = next(override())
        patient = session.get(Patient, body["id"])
        assert patient is not None
        patient.start_date = date.fromisoformat(start)
        session.add(patient)
        outbox_rows = session.exec(
            select(OutboxMessage).where(OutboxMessage.patient_id == patient.id)
        ).all()
        for row in outbox_rows:  # what was planned for "today" belongs to the new dates
            if row.kind != "welcome":
                session.delete(row)
        session.commit()
        planner.plan(session=session, library=get_library(), now=NOW, patient_ids=[body["id"]])
        session.close()
        body["start_date"] = start
    return body


def scores(db: Session, pid: int, by_date: dict[str, list[int]]) -> None:
    for day, values in by_date.items():
        for minute, score in enumerate(values):
            at = datetime.fromisoformat(f"{day}T22:00:00+00:00") + timedelta(minutes=minute)
            db.add(PainReport(patient_id=pid, score=score, reported_at=at))
    db.commit()


def rows(db: Session, pid: int, kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.patient_id == pid)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    db.expire_all()
    return list(db.exec(query.order_by(col(OutboxMessage.id))).all())


def run_sweep(db: Session, settings: Settings, now: datetime) -> None:
    sweep(session=db, library=get_library(), settings=settings, now=now)


def test_after_the_last_day_the_patient_is_completed_with_one_closing_text(
    client, owner, db, settings
):
    pid = enroll(client, owner, start_date=ENDED)["id"]
    # First week 6, 6, 7, 5 (the day's latest counts: 4 then 5 on 16 May); last week 3, 3, 2.
    scores(db, pid, {"2026-05-13": [6], "2026-05-14": [6], "2026-05-15": [7],
                     "2026-05-16": [4, 5], "2026-06-06": [3], "2026-06-07": [3],
                     "2026-06-08": [2]})  # fmt: skip
    (welcome,) = rows(db, pid, "welcome")
    assert welcome.status == OutboxStatus.scheduled
    run_sweep(db, settings, NOW)
    patient = client.get(f"/v1/patients/{pid}", headers=owner.headers).json()
    assert patient["status"] == "completed"
    assert patient["completed_at"] is not None
    (closing,) = rows(db, pid, "closing")
    assert "went from 6 to 3" in closing.body
    assert closing.due_at == NOW
    assert rows(db, pid, "welcome")[0].status == OutboxStatus.cancelled  # nothing else waits
    # The dispatcher sends the closing text to the completed patient ...
    claimed = outbox.claim_due(session=db, now=NOW, limit=10)
    assert [r.kind for r in claimed] == ["closing"]
    # ... and it goes once: later sweeps skip a completed patient.
    for later in (timedelta(hours=1), timedelta(days=1), timedelta(days=8)):
        run_sweep(db, settings, NOW + later)
    assert len(rows(db, pid, "closing")) == 1


def test_the_closing_text_waits_for_the_end_of_quiet_hours(client, owner, db, settings):
    pid = enroll(client, owner, start_date=ENDED)["id"]
    night = datetime(2026, 6, 10, 6, 0, tzinfo=UTC)  # 02:00 in New York
    run_sweep(db, settings, night)
    (closing,) = rows(db, pid, "closing")
    assert closing.due_at == datetime(2026, 6, 10, 12, 0, tzinfo=UTC)  # 08:00 local
    assert closing.expires_at <= datetime(2026, 6, 11, 1, 0, tzinfo=UTC)  # before 21:00


def test_too_few_scores_get_a_closing_text_without_averages(client, owner, db, settings):
    pid = enroll(client, owner, start_date=ENDED, language="es")["id"]
    scores(db, pid, {"2026-05-13": [6], "2026-06-08": [2]})  # one score in each week
    run_sweep(db, settings, NOW)
    (closing,) = rows(db, pid, "closing")
    assert closing.template_id == "progress.closing.no_scores"
    assert closing.body.startswith("Fin de su programa")


def test_after_completion_no_persistent_or_no_response_alerts_and_no_nudges(
    client, owner, db, settings
):
    pid = enroll(client, owner, start_date=ENDED)["id"]
    scores(db, pid, {"2026-06-07": [9], "2026-06-08": [9], "2026-06-09": [9]})
    for day in (7, 8, 9):
        factories.sent(
            db, pid, "How is your neck?", datetime(2026, 6, day, 22, 0, tzinfo=UTC),
            OutboxStatus.delivered,
        )  # fmt: skip
    for hours in range(0, 24 * 21, 6):
        run_sweep(db, settings, NOW + timedelta(hours=hours))
    assert db.exec(select(Alert)).all() == []
    assert rows(db, pid, "nudge") == [] and rows(db, pid, "see_clinician") == []
    assert [r.kind for r in rows(db, pid) if r.kind not in ("welcome", "checkin")] == ["closing"]


def test_the_planner_plans_nothing_after_the_last_day(client, owner, db):
    # neck-4wk from 14 May: 10 June is day 28, the last one.
    pid = enroll(client, owner, start_date="2026-05-14")["id"]
    planned = [r for r in rows(db, pid) if r.kind != "welcome"]
    assert planned
    local_days = {(r.due_at - timedelta(hours=4)).date() for r in planned}
    assert local_days == {date(2026, 6, 10)}
    assert planner.plan(session=db, library=get_library(), now=NOW + timedelta(hours=30)) == 0


def patient_row(db: Session, pid: int) -> Patient:
    db.expire_all()
    row = db.get(Patient, pid)
    assert row is not None
    return row


def completed(client, owner, db, settings, **fields: Any) -> int:
    pid: int = enroll(client, owner, start_date=ENDED, **fields)["id"]
    run_sweep(db, settings, NOW)
    assert patient_row(db, pid).status == PatientStatus.completed
    return pid


def test_extend_reactivates_a_completed_patient_for_that_many_days(client, owner, db, settings):
    pid = completed(client, owner, db, settings)
    response = client.post(f"/v1/patients/{pid}/extend", json={"days": 7}, headers=owner.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "active" and body["completed_at"] is None
    # Seven more days from today: 10-16 June; messages are planned again.
    assert any(r.kind == "checkin" and r.status == OutboxStatus.scheduled for r in rows(db, pid))
    run_sweep(db, settings, datetime(2026, 6, 16, 16, 0, tzinfo=UTC))
    assert patient_row(db, pid).status == PatientStatus.active
    run_sweep(db, settings, datetime(2026, 6, 17, 16, 0, tzinfo=UTC))
    assert patient_row(db, pid).status == PatientStatus.completed
    assert len(rows(db, pid, "closing")) == 2  # one per programme end
    actions = db.exec(select(AuditEntry.action).where(AuditEntry.patient_id == pid)).all()
    assert "patient.extend" in actions


def test_extend_adds_days_to_an_active_programme(client, owner, db):
    pid = enroll(client, owner, start_date="2026-06-01")["id"]
    response = client.post(f"/v1/patients/{pid}/extend", json={"days": 3}, headers=owner.headers)
    assert response.status_code == 200, response.text
    assert patient_row(db, pid).extra_days == 3


@pytest.mark.parametrize("days", [0, 57, "x"])
def test_extend_refuses_days_out_of_range(client, owner, enrolled, days):
    response = client.post(
        f"/v1/patients/{enrolled['id']}/extend", json={"days": days}, headers=owner.headers
    )
    assert response.status_code == 422
    assert "error" in response.json()


def test_reenroll_starts_a_programme_afresh(client, owner, db, settings):
    pid = completed(client, owner, db, settings)
    response = client.post(
        f"/v1/patients/{pid}/reenroll", json={"program": "acute-spasm-2wk"}, headers=owner.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "active"
    assert body["program"] == "acute-spasm-2wk" and body["start_date"] == "2026-06-10"
    assert body["completed_at"] is None
    welcomes = [r for r in rows(db, pid, "welcome") if r.status == OutboxStatus.scheduled]
    assert len(welcomes) == 1  # the new programme's first text names the clinic again
    run_sweep(db, settings, NOW + timedelta(hours=1))
    assert patient_row(db, pid).status == PatientStatus.active
    actions = db.exec(select(AuditEntry.action).where(AuditEntry.patient_id == pid)).all()
    assert "patient.reenroll" in actions


def test_reenroll_checks_the_programme_and_start_date(client, owner, enrolled):
    url = f"/v1/patients/{enrolled['id']}/reenroll"
    bad = client.post(url, json={"program": "yoga"}, headers=owner.headers)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "program"
    old = client.post(
        url, json={"program": "neck-4wk", "start_date": "2026-01-01"}, headers=owner.headers
    )
    assert old.status_code == 422 and old.json()["error"]["field"] == "start_date"


@pytest.mark.parametrize(
    ("path", "body"), [("extend", {"days": 7}), ("reenroll", {"program": "neck-4wk"})]
)
def test_another_clinicians_patient_is_404_and_stopped_patients_409(
    client, owner, other, db, path, body
):
    pid = enroll(client, owner)["id"]
    assert (
        client.post(f"/v1/patients/{pid}/{path}", json=body, headers=other.headers).status_code
        == 404
    )
    stopped = (PatientStatus.opted_out, PatientStatus.unenrolled)
    for status in stopped if path == "extend" else stopped[:1]:
        patient = db.get(Patient, pid)
        assert patient is not None
        patient.status = status
        db.add(patient)
        db.commit()
        response = client.post(f"/v1/patients/{pid}/{path}", json=body, headers=owner.headers)
        assert response.status_code == 409, response.text
        assert response.json()["error"]["code"] == "conflict"


def test_an_unenrolled_patient_can_be_re_enrolled_by_their_clinician(client, owner):
    """Unenrolling is not a dead end: the clinician can start a programme again."""
    pid = enroll(client, owner)["id"]
    assert client.delete(f"/v1/patients/{pid}", headers=owner.headers).status_code == 200
    again = client.post(
        f"/v1/patients/{pid}/reenroll", json={"program": "neck-4wk"}, headers=owner.headers
    )
    assert again.status_code == 200, again.text
    assert again.json()["status"] == "active"


def test_a_voice_only_patient_is_completed_without_a_text(client, owner, db, settings):
    pid = enroll(client, owner, start_date=ENDED, channel="voice")["id"]
    run_sweep(db, settings, NOW)
    assert patient_row(db, pid).status == PatientStatus.completed
    assert rows(db, pid, "closing") == []


def test_start_from_a_completed_patient_does_not_restart_the_programme(client, owner, db, settings):

    from coach.replies import service as replies

    pid = enroll(client, owner, start_date=ENDED)["id"]
    run_sweep(db, settings, NOW)
    patient = db.get(Patient, pid)
    assert patient is not None and patient.status == PatientStatus.completed
    outcome = replies.handle_sms(
        session=db,
        library=get_library(),
        settings=settings,
        inbound=replies.Inbound(
            message_sid="SM" + "c" * 32, from_phone=patient.phone, body="START"
        ),
        now=NOW + timedelta(hours=2),
    )
    assert outcome.replies and "ended" in outcome.replies[0]
    db.expire_all()
    assert patient.status == PatientStatus.completed
    run_sweep(db, settings, NOW + timedelta(days=1))
    assert len(rows(db, pid, "closing")) == 1
