"""The end of a programme: completing a patient after the last day, and a clinician's
extend or re-enroll.

A programme's last day is start + weeks x 7 + the days a clinician added - 1 (local). The
sweep completes the patient after it: waiting messages are cancelled, one closing text
with a start-against-end summary goes out (once: its slot key names the last day), and
from then on no sweep, alert or nudge runs for them. `extend` and `reenroll` bring a
patient back.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from coach.clinicians import audit
from coach.clinicians.models import Clinician
from coach.content.library import Library
from coach.content.models import ContentError
from coach.errors import Conflict, InvalidInput
from coach.messaging import outbox
from coach.patients import period, service, validation, welcome
from coach.patients.models import Patient, PatientStatus
from coach.patients.schemas import PatientOut
from coach.patients.texts import text_for
from coach.replies import progress, symptoms, triage
from coach.scheduling import oneoff, planner
from coach.scheduling.localtime import local_now
from coach.settings import Settings

CLOSING_VALID_FOR = timedelta(hours=12)
STOPPED = (PatientStatus.opted_out, PatientStatus.unenrolled)


def closing_slot(patient: Patient, last_day: date) -> str:
    """The closing text's slot key: one per patient and programme end."""
    return f"{patient.id}:closing:{last_day.isoformat()}"


def complete(
    *, session: Session, library: Library, settings: Settings, patient: Patient, now: datetime
) -> None:
    """Mark the patient completed, cancel what waits, and queue the closing text once."""
    assert patient.id is not None
    program = library.program(patient.program_id)
    last = period.last_day(patient, program)
    outbox.cancel_future(session=session, patient_id=patient.id, now=now)
    patient.status = PatientStatus.completed
    patient.completed_at = now
    patient.updated_at = now
    session.add(patient)
    if not progress.can_receive_sms(patient):
        return  # a voice-only patient gets no text
    days = triage.daily(
        symptoms.history(session, patient.id),
        tz=patient.timezone,
        start=patient.start_date,
        last_day=last,
    )
    summary = progress.closing(days, start=patient.start_date, last_day=last)
    oneoff.enqueue_now(
        session=session,
        library=library,
        patient=patient,
        slot_key=closing_slot(patient, last),
        kind="closing",
        body=text_for(library, settings, patient, summary.template_id, **summary.values),
        now=now,
        valid_for=CLOSING_VALID_FOR,
        template_id=summary.template_id,
    )


def _out(session: Session, patient: Patient) -> PatientOut:
    assert patient.id is not None
    counts = service.open_alert_counts(session, [patient.id])
    return validation.to_out(patient, counts.get(patient.id, 0))


def _changeable(session: Session, actor: Clinician, patient_id: int, action: str) -> Patient:
    patient = service.owned_patient(session=session, actor=actor, patient_id=patient_id)
    if patient.status in STOPPED:
        raise Conflict(f"cannot {action} a patient who is {patient.status}", field="status")
    return patient


def extend(
    *,
    session: Session,
    actor: Clinician,
    patient_id: int,
    days: int,
    library: Library,
    now: datetime,
) -> PatientOut:
    """Add days to the programme; a completed patient becomes active again.

    Days are added after the last day, or after yesterday for a programme already over,
    so an extension always gives the patient `days` more days of messages.
    """
    patient = _changeable(session, actor, patient_id, "extend")
    program = library.program(patient.program_id)
    today = local_now(now, patient.timezone).date()
    base = max(period.last_day(patient, program), today - timedelta(days=1))
    new_last = base + timedelta(days=days)
    patient.extra_days = (new_last - patient.start_date).days + 1 - program.total_days
    if patient.status in (PatientStatus.completed, PatientStatus.unenrolled):
        patient.status = PatientStatus.active
        patient.planned_until = None
        patient.completed_at = None
    patient.updated_at = now
    session.add(patient)
    detail = f"+{days} days; last day {new_last.isoformat()}"
    audit.record(session, actor, "patient.extend", patient_id, now=now, detail=detail)
    session.commit()
    planner.plan(session=session, library=library, now=now, patient_ids=[patient_id])
    return _out(session, patient)


def reenroll(
    *,
    session: Session,
    actor: Clinician,
    patient_id: int,
    program_id: str,
    start_date: date | None,
    settings: Settings,
    library: Library,
    now: datetime,
) -> PatientOut:
    """Start a programme afresh (from `start_date`, default today); a completed or unenrolled
    patient becomes active (an opted-out number stays the patient's own decision)."""
    patient = service.owned_patient(session=session, actor=actor, patient_id=patient_id)
    if patient.status == PatientStatus.opted_out:
        raise Conflict(
            "cannot re-enroll a patient who is opted_out (only the patient can opt back in, "
            "by texting START)",
            field="status",
        )
    try:
        program = library.program(program_id)
    except ContentError:
        known = ", ".join(sorted(library.programs))
        raise InvalidInput(
            f"program {program_id!r} does not exist (known: {known})", field="program"
        ) from None
    today = local_now(now, patient.timezone).date()
    start = start_date or today
    if start + timedelta(days=program.total_days - 1) < today:
        raise InvalidInput("start_date: that programme would already be over", field="start_date")
    assert patient.id is not None
    outbox.cancel_future(session=session, patient_id=patient.id, now=now)
    patient.program_id = program.id
    patient.start_date = start
    patient.extra_days = 0
    patient.completed_at = None
    if patient.status in (PatientStatus.completed, PatientStatus.unenrolled):
        patient.status = PatientStatus.active
        patient.planned_until = None
    patient.updated_at = now
    session.add(patient)
    # A new programme's first text names the clinic again (on its start date).
    welcome.queue(
        session=session,
        library=library,
        settings=settings,
        patient=patient,
        now=now,
        slot_key=f"{patient.id}:welcome:{program.id}:{start.isoformat()}",
    )
    detail = f"program {program.id} from {start.isoformat()}"
    audit.record(session, actor, "patient.reenroll", patient_id, now=now, detail=detail)
    session.commit()
    planner.plan(session=session, library=library, now=now, patient_ids=[patient_id])
    return _out(session, patient)
