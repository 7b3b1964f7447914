"""Enroll, list, read, update, pause, resume and unenroll patients, with ownership and audit.

A clinician sees only their own patients; an admin sees all. Another clinician's patient
is `NotFound`, exactly like a missing one. Every read or change is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from pydantic import ValidationError
from sqlalchemy import ColumnElement, true
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from coach.alerts.models import Alert, AlertStatus
from coach.clinicians import audit
from coach.clinicians.models import Clinician, Role
from coach.content.library import Library
from coach.errors import Conflict, InvalidInput, NotFound
from coach.patients import controls, lifecycle, suppression, validation, warnings, welcome
from coach.patients.models import Patient, PatientStatus
from coach.patients.schemas import Page, PatientCreate, PatientOut, PatientUpdate
from coach.scheduling import planner
from coach.scheduling.localtime import local_to_utc
from coach.settings import Settings

# A change to any of these re-plans the patient's waiting messages.
REPLAN_FIELDS = frozenset(
    {"timezone", "quiet_start", "quiet_end", "program_id", "start_date", "channel", "language",
     "phone"}
)  # fmt: skip


def visible(actor: Clinician) -> ColumnElement[bool]:
    """A condition on Patient: the patients `actor` may see (all of them for an admin)."""
    if actor.role == Role.admin:
        return true()
    return col(Patient.clinician_id) == actor.id


def owned_patient(*, session: Session, actor: Clinician, patient_id: int) -> Patient:
    """The patient if `actor` may see it; NotFound otherwise (even if it exists)."""
    patient = session.exec(
        select(Patient).where(visible(actor)).where(Patient.id == patient_id)
    ).first()
    if patient is None:
        raise NotFound(f"no patient {patient_id}")
    return patient


def open_alert_counts(session: Session, patient_ids: Sequence[int]) -> dict[int, int]:
    """Open alerts per patient, for the given patients."""
    if not patient_ids:
        return {}
    rows = session.exec(
        select(Alert.patient_id, func.count())
        .where(col(Alert.patient_id).in_(list(patient_ids)))
        .where(col(Alert.status) == AlertStatus.open)
        .group_by(col(Alert.patient_id))
    ).all()
    return {int(pid): int(count) for pid, count in rows}


def _out(session: Session, patient: Patient) -> PatientOut:
    assert patient.id is not None
    return validation.to_out(patient, open_alert_counts(session, [patient.id]).get(patient.id, 0))


TAKEN = validation.TAKEN


def _refuse_taken(session: Session, actor: Clinician, phone: str) -> None:
    """409 for a number in use or opted out; names the patient only to their own clinician."""
    holder = session.exec(select(Patient).where(Patient.phone == phone)).first()
    if holder is not None:
        own = holder.clinician_id == actor.id or actor.role == "admin"
        raise Conflict(validation.taken(holder, own=own), field="phone")
    suppression.refuse_if_suppressed(session, phone)


def enroll(
    *,
    session: Session,
    actor: Clinician,
    data: PatientCreate,
    settings: Settings,
    library: Library,
    now: datetime,
) -> PatientOut:
    """Enroll a patient, queue the welcome, plan the programme; Conflict if the phone is taken."""
    values = validation.resolve(data, region=settings.default_region, library=library, now=now)
    _refuse_taken(session, actor, values["phone"])
    assert actor.id is not None
    patient = Patient(clinician_id=actor.id, created_at=now, updated_at=now, **values)
    session.add(patient)
    try:
        session.flush()
    except IntegrityError:  # enrolled by someone else since the check above
        session.rollback()
        raise Conflict(TAKEN, field="phone") from None
    assert patient.id is not None
    welcome.queue(session=session, library=library, settings=settings, patient=patient, now=now)
    audit.record(session, actor, "patient.create", patient.id, now=now)
    session.commit()
    planner.plan(session=session, library=library, now=now, patient_ids=[patient.id])
    out = _out(session, patient)
    out.warnings = warnings.enrollment_warnings(patient=patient, library=library, settings=settings)
    return out


def list_patients(
    *,
    session: Session,
    actor: Clinician,
    now: datetime,
    limit: int,
    offset: int,
    status: PatientStatus | None = None,
    open_alerts: bool | None = None,
    search: str | None = None,
) -> Page[PatientOut]:
    """A page of the patients `actor` may see, oldest enrollment first.

    `search` keeps those whose first name starts with it or whose phone contains its digits.
    """
    query = select(Patient).where(visible(actor))
    if search:
        digits = "".join(ch for ch in search if ch.isdigit())
        named = func.lower(col(Patient.first_name)).startswith(search.lower(), autoescape=True)
        query = query.where(named | col(Patient.phone).contains(digits) if digits else named)
    if status is not None:
        query = query.where(col(Patient.status) == status)
    if open_alerts is not None:
        has_open = (
            select(Alert.id)
            .where(col(Alert.patient_id) == col(Patient.id))
            .where(col(Alert.status) == AlertStatus.open)
            .exists()
        )
        query = query.where(has_open if open_alerts else ~has_open)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    patients = session.exec(query.order_by(col(Patient.id)).limit(limit).offset(offset)).all()
    ids = [p.id for p in patients if p.id is not None]
    counts = open_alert_counts(session, ids)
    audit.record_many(session, actor, "patient.list", ids, now=now)
    session.commit()
    items = [validation.to_out(p, counts.get(p.id or 0, 0)) for p in patients]
    return Page[PatientOut](items=items, total=int(total), limit=limit, offset=offset)


def get_patient(
    *, session: Session, actor: Clinician, patient_id: int, now: datetime
) -> PatientOut:
    """One patient (audited as a read)."""
    patient = owned_patient(session=session, actor=actor, patient_id=patient_id)
    audit.record(session, actor, "patient.read", patient_id, now=now)
    session.commit()
    return _out(session, patient)


def _merged(patient: Patient, changes: PatientUpdate) -> PatientCreate:
    base = validation.as_request(patient)
    given = changes.model_dump(include=changes.model_fields_set - validation.CONTROL_FIELDS)
    for key, value in given.items():
        if value is None and key not in ("first_name", "alert_phone"):
            raise InvalidInput(f"{key} cannot be null", field=key)
    try:
        return PatientCreate.model_validate({**base, **given})
    except ValidationError as exc:  # cannot happen for values that passed PatientUpdate
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or None
        raise InvalidInput(str(first["msg"]), field=field) from None


def update_patient(
    *,
    session: Session,
    actor: Clinician,
    patient_id: int,
    changes: PatientUpdate,
    settings: Settings,
    library: Library,
    now: datetime,
) -> PatientOut:
    """Apply a partial update; a new zone, quiet hours or programme re-plans the messages."""
    patient = owned_patient(session=session, actor=actor, patient_id=patient_id)
    values = validation.resolve(
        _merged(patient, changes),
        region=settings.default_region,
        library=library,
        now=now,
        enrolling=False,
    )
    if "start_date" not in changes.model_fields_set:
        values["start_date"] = patient.start_date  # today's default applies to enrollment only
    values |= validation.resolve_controls(
        changes.model_dump(include=changes.model_fields_set & validation.CONTROL_FIELDS),
        patient=patient,
        quiet_start=values["quiet_start"],
        quiet_end=values["quiet_end"],
    )
    changed = {k: v for k, v in values.items() if getattr(patient, k) != v}
    if "phone" in changed:
        _refuse_taken(session, actor, changed["phone"])
    for key, value in changed.items():
        setattr(patient, key, value)
    patient.updated_at = now
    session.add(patient)
    replan = bool(REPLAN_FIELDS & changed.keys())
    try:
        session.flush()
        audit.record(session, actor, "patient.update", patient_id, now=now, detail=_keys(changed))
        if replan:
            lifecycle.replan(session=session, patient=patient, now=now)
            welcome.restore(
                session=session, library=library, settings=settings, patient=patient, now=now
            )
        session.commit()
    except IntegrityError:  # the new phone was taken by a concurrent request since the check
        session.rollback()
        raise Conflict(TAKEN, field="phone") from None
    if replan:
        planner.plan(session=session, library=library, now=now, patient_ids=[patient_id])
    elif validation.CONTROL_FIELDS & changed.keys():  # only the programme rows move
        controls.replan_programme(session=session, library=library, patient=patient, now=now)
    return _out(session, patient)


def _keys(changed: dict[str, Any]) -> str:
    return "changed: " + (", ".join(sorted(changed)) or "nothing")


def pause_patient(
    *,
    session: Session,
    actor: Clinician,
    patient_id: int,
    until: datetime | date | None,
    now: datetime,
) -> PatientOut:
    """Pause messages until `until` (or until resumed); waiting messages are cancelled.

    A plain date means the start of that day in the patient's time zone: "until 10
    December" is paused through the 9th, and messages start again on the 10th.
    """
    patient = owned_patient(session=session, actor=actor, patient_id=patient_id)
    if patient.status in (PatientStatus.opted_out, PatientStatus.unenrolled):
        raise Conflict(f"cannot pause a patient who is {patient.status}", field="status")
    if isinstance(until, date) and not isinstance(until, datetime):
        day = until
        until = local_to_utc(day, time(0, 0), patient.timezone)
        if until <= now:
            raise InvalidInput(
                f"until: {day.isoformat()} has already begun in the patient's time zone "
                f"({patient.timezone}); give a later date",
                field="until",
            )
    if until is not None and until <= now:
        raise InvalidInput("until must be in the future", field="until")
    lifecycle.pause(
        session=session, patient=patient, now=now, until=until.astimezone(UTC) if until else None
    )
    audit.record(session, actor, "patient.pause", patient_id, now=now)
    session.commit()
    return _out(session, patient)


def resume_patient(
    *,
    session: Session,
    actor: Clinician,
    patient_id: int,
    library: Library,
    settings: Settings,
    now: datetime,
) -> PatientOut:
    """A paused patient becomes active and is re-planned; resuming an active one is a no-op."""
    patient = owned_patient(session=session, actor=actor, patient_id=patient_id)
    if patient.status in (PatientStatus.opted_out, PatientStatus.unenrolled):
        raise Conflict(
            f"cannot resume a patient who is {patient.status}"
            + (" (only the patient can opt back in, by texting START)"
               if patient.status == PatientStatus.opted_out else ""),
            field="status",
        )  # fmt: skip
    if lifecycle.resume(session=session, patient=patient, now=now):
        welcome.restore(
            session=session, library=library, settings=settings, patient=patient, now=now
        )
    audit.record(session, actor, "patient.resume", patient_id, now=now)
    session.commit()
    planner.plan(session=session, library=library, now=now, patient_ids=[patient_id])
    return _out(session, patient)


def unenroll_patient(
    *, session: Session, actor: Clinician, patient_id: int, now: datetime
) -> PatientOut:
    """Stop everything for good; the history is kept (repeating it changes nothing)."""
    patient = owned_patient(session=session, actor=actor, patient_id=patient_id)
    if patient.status != PatientStatus.unenrolled:
        lifecycle.unenroll(session=session, patient=patient, now=now)
    audit.record(session, actor, "patient.unenroll", patient_id, now=now)
    session.commit()
    return _out(session, patient)
