"""Per-patient records (pain, messages, adherence, alerts, chart, FHIR) and the CSV export."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from coach.alerts.models import AlertStatus
from coach.clinicians.auth import CurrentClinician
from coach.clock import NowDep
from coach.db import SessionDep
from coach.patients import exports, history
from coach.patients import schedule as schedules
from coach.patients.router import ERRORS, LibraryDep, Limit, Offset, PatientId
from coach.patients.schemas import AdherenceOut, AlertOut, MessageOut, Page, PainOut

router = APIRouter(prefix="/v1", tags=["patient records"], responses=ERRORS)
PainLimit = Annotated[int, Query(ge=1, le=200, description="Page size (at most 200).")]
Days = Annotated[
    int,
    Query(ge=1, le=schedules.MAX_DAYS, description="How many days ahead (the worker plans 48 h)."),
]


@router.get("/patients/{patient_id}/pain", response_model=Page[PainOut])
def patient_pain(
    patient_id: PatientId,
    actor: CurrentClinician,
    session: SessionDep,
    now: NowDep,
    limit: PainLimit = 200,
    offset: Offset = 0,
) -> Page[PainOut]:
    """Pain scores, oldest first."""
    return history.pain(
        session=session, actor=actor, patient_id=patient_id, limit=limit, offset=offset, now=now
    )


@router.get("/patients/{patient_id}/messages", response_model=Page[MessageOut])
def patient_messages(
    patient_id: PatientId,
    actor: CurrentClinician,
    session: SessionDep,
    now: NowDep,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[MessageOut]:
    """Texts in and out, newest first, with the delivery status of outbound ones."""
    return history.messages(
        session=session, actor=actor, patient_id=patient_id, limit=limit, offset=offset, now=now
    )


@router.get("/patients/{patient_id}/schedule", response_model=schedules.ScheduleOut)
def patient_schedule(
    patient_id: PatientId, actor: CurrentClinician, session: SessionDep, now: NowDep, days: Days = 7
) -> schedules.ScheduleOut:
    """Planned texts and calls, in send order, at the patient's local time; those of the
    window that will not go out are marked cancelled, expired or held (patient not active)."""
    return schedules.patient_schedule(
        session=session, actor=actor, patient_id=patient_id, now=now, days=days
    )


@router.get("/patients/{patient_id}/adherence", response_model=AdherenceOut)
def patient_adherence(
    patient_id: PatientId, actor: CurrentClinician, session: SessionDep, now: NowDep
) -> AdherenceOut:
    """Exercises done and skipped, in total and per exercise."""
    return history.adherence(session=session, actor=actor, patient_id=patient_id, now=now)


@router.get("/patients/{patient_id}/alerts", response_model=Page[AlertOut])
def patient_alerts(
    patient_id: PatientId,
    actor: CurrentClinician,
    session: SessionDep,
    now: NowDep,
    status: AlertStatus | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[AlertOut]:
    """The patient's alerts, newest first."""
    return history.alerts(
        session=session,
        actor=actor,
        patient_id=patient_id,
        status=status,
        limit=limit,
        offset=offset,
        now=now,
    )


_FHIR: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/fhir+json": {"schema": {"type": "object"}}}}
}


@router.get("/patients/{patient_id}/fhir", response_model=dict[str, Any], responses=_FHIR)
def patient_fhir(
    patient_id: PatientId, actor: CurrentClinician, session: SessionDep, now: NowDep
) -> dict[str, Any]:
    """A FHIR R4 Bundle (collection): the Patient and one Observation per pain report."""
    return exports.fhir_bundle(session=session, actor=actor, patient_id=patient_id, now=now)


_SVG: dict[int | str, dict[str, Any]] = {
    200: {"content": {"image/svg+xml": {"schema": {"type": "string"}}}}
}


@router.get("/patients/{patient_id}/pain.svg", response_class=Response, responses=_SVG)
def patient_pain_chart(
    patient_id: PatientId,
    actor: CurrentClinician,
    session: SessionDep,
    library: LibraryDep,
    now: NowDep,
) -> Response:
    """Pain over time as an SVG chart, with the programme's thresholds drawn."""
    svg = exports.pain_chart(
        session=session, actor=actor, patient_id=patient_id, library=library, now=now
    )
    return Response(content=svg, media_type="image/svg+xml")


_CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}
}


@router.get("/exports/pain.csv", response_class=Response, responses=_CSV)
def export_pain_csv(actor: CurrentClinician, session: SessionDep, now: NowDep) -> Response:
    """Every pain report of my patients (all patients for an admin) as CSV."""
    return Response(
        content=exports.pain_csv(session=session, actor=actor, now=now),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="pain.csv"'},
    )
