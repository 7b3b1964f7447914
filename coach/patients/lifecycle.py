"""Patient state changes that stop or restart messaging, shared by the API and replies.

Each change cancels the patient's waiting outbox rows at once (pause, opt-out, unenroll)
or lets the next planning run fill them again (resume, opt-in).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from coach.messaging import outbox
from coach.patients import suppression
from coach.patients.models import Patient, PatientStatus


def _set(session: Session, patient: Patient, status: PatientStatus, now: datetime) -> None:
    patient.status = status
    patient.updated_at = now
    patient.planned_until = None  # the next planning cycle plans them afresh
    session.add(patient)
    if status != PatientStatus.active:
        assert patient.id is not None
        outbox.cancel_future(session=session, patient_id=patient.id, now=now)


def opt_out(*, session: Session, patient: Patient, now: datetime, reason: str = "opt-out") -> None:
    """The patient asked to stop: nothing more is sent to the number until it opts back in."""
    patient.paused_until = None
    _set(session, patient, PatientStatus.opted_out, now)
    suppression.suppress(session=session, phone=patient.phone, now=now, reason=reason)


def opt_in(*, session: Session, patient: Patient, now: datetime) -> bool:
    """START/UNSTOP: an opted-out or paused patient becomes active; False if not allowed."""
    if patient.status in (PatientStatus.unenrolled, PatientStatus.completed):
        return False
    suppression.release(session=session, phone=patient.phone)
    patient.paused_until = None
    _set(session, patient, PatientStatus.active, now)
    return True


def pause(*, session: Session, patient: Patient, now: datetime, until: datetime | None) -> None:
    """Pause messages, until a time or until resumed."""
    patient.paused_until = until
    _set(session, patient, PatientStatus.paused, now)


def resume(*, session: Session, patient: Patient, now: datetime) -> bool:
    """A paused patient becomes active again; False if they were not paused."""
    if patient.status != PatientStatus.paused:
        return False
    patient.paused_until = None
    _set(session, patient, PatientStatus.active, now)
    return True


def unenroll(*, session: Session, patient: Patient, now: datetime) -> None:
    """Stop everything for good; history is kept."""
    patient.paused_until = None
    _set(session, patient, PatientStatus.unenrolled, now)


def replan(*, session: Session, patient: Patient, now: datetime) -> None:
    """Drop waiting rows after a change of zone, quiet hours or programme."""
    assert patient.id is not None
    outbox.cancel_future(session=session, patient_id=patient.id, now=now)
    patient.planned_until = None
    session.add(patient)


def end_finished_pauses(*, session: Session, now: datetime) -> list[int]:
    """Patients whose pause has ended become active again; returns their ids."""
    due = session.exec(
        select(Patient)
        .where(col(Patient.status) == PatientStatus.paused)
        .where(col(Patient.paused_until).is_not(None))
        .where(col(Patient.paused_until) <= now)
    ).all()
    for patient in due:
        patient.status = PatientStatus.active
        patient.paused_until = None
        patient.updated_at = now
        patient.planned_until = None
        session.add(patient)
    session.commit()
    return [p.id for p in due if p.id is not None]
