"""`/v1/programs` and `/v1/patients`: enroll (one or a CSV), list, read, update, pause, resume,
unenroll, extend, re-enroll. Thin: parse, call one service function, return."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response
from starlette.datastructures import UploadFile

from coach.clinicians.auth import CurrentClinician
from coach.clock import NowDep
from coach.content.library import Library
from coach.content.loader import get_library
from coach.db import SessionDep
from coach.errors import InvalidInput
from coach.patients import completion, import_jobs, importer, service
from coach.patients.models import PatientStatus
from coach.patients.schemas import (
    ErrorOut,
    ExtendRequest,
    ImportJobOut,
    ImportOut,
    Page,
    PatientCreate,
    PatientOut,
    PatientUpdate,
    PauseRequest,
    ProgramOut,
    ReenrollRequest,
)
from coach.settings import Settings, get_settings

MAX_ID = 2**63 - 1
SettingsDep = Annotated[Settings, Depends(get_settings)]
LibraryDep = Annotated[Library, Depends(get_library)]
Limit = Annotated[int, Query(ge=1, le=200, description="Page size (at most 200).")]
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="Items to skip.")]
# Ids are 64-bit: a larger number can name nothing (and SQLite cannot even bind it).
PatientId = Annotated[int, Path(ge=1, le=MAX_ID, description="The patient's id.")]

# Declared so the OpenAPI schema (and schemathesis) knows every error has the one shape.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "The body could not be parsed"},
    401: {"model": ErrorOut, "description": "No, bad or disabled API key"},
    403: {"model": ErrorOut, "description": "The key lacks the role needed"},
    404: {"model": ErrorOut, "description": "No such record, or not one of yours"},
    409: {"model": ErrorOut, "description": "Conflicts with existing data"},
    422: {"model": ErrorOut, "description": "Invalid input; `field` names it"},
}

router = APIRouter(prefix="/v1", tags=["patients"], responses=ERRORS)


@router.get("/programs", response_model=list[ProgramOut])
def list_programs(_actor: CurrentClinician, library: LibraryDep) -> list[ProgramOut]:
    """Programmes patients can be enrolled in."""
    return [
        ProgramOut(id=p.id, name=p.name, weeks=p.weeks, description=p.description)
        for p in sorted(library.programs.values(), key=lambda p: p.id)
    ]


@router.post("/patients", status_code=201, response_model=PatientOut)
def create_patient(
    body: PatientCreate,
    actor: CurrentClinician,
    session: SessionDep,
    settings: SettingsDep,
    library: LibraryDep,
    now: NowDep,
) -> PatientOut:
    """Enroll a patient: queues the welcome message and plans the programme."""
    return service.enroll(
        session=session, actor=actor, data=body, settings=settings, library=library, now=now
    )


@router.get("/patients", response_model=Page[PatientOut])
def list_patients(
    actor: CurrentClinician,
    session: SessionDep,
    now: NowDep,
    status: PatientStatus | None = None,
    alert: Annotated[
        Literal["open", "none"] | None,
        Query(description="`open`: only patients with open alerts; `none`: only those without."),
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[PatientOut]:
    """My patients (all of them for an admin), oldest enrollment first."""
    return service.list_patients(
        session=session,
        actor=actor,
        now=now,
        limit=limit,
        offset=offset,
        status=status,
        open_alerts=None if alert is None else alert == "open",
    )


async def csv_upload(request: Request) -> bytes:
    """The CSV bytes of a raw `text/csv` body or a multipart upload (field `file`)."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > importer.MAX_BYTES + 64 * 1024:
        raise importer.TooLarge("the upload is over 5 MB; split the file")
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        async with request.form(max_files=1, max_fields=20) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise InvalidInput("send the CSV as the multipart field `file`", field="file")
            data = await upload.read(importer.MAX_BYTES + 1)
    else:
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > importer.MAX_BYTES:
                raise importer.TooLarge("the upload is over 5 MB; split the file")
            chunks.append(chunk)
        data = b"".join(chunks)
    if not data.strip():
        raise InvalidInput("the upload is empty: send a CSV file with a header row", field="file")
    return data


_CSV_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            },
        },
    }
}


@router.post(
    "/patients/import",
    response_model=ImportOut | ImportJobOut,
    response_model_exclude_none=True,
    openapi_extra=_CSV_BODY,
    responses={
        202: {"model": ImportJobOut, "description": "Over 2,000 rows: a background job"},
        413: {"model": ErrorOut, "description": "The file is over 5 MB"},
    },
)
def import_patients(
    data: Annotated[bytes, Depends(csv_upload)],
    actor: CurrentClinician,
    session: SessionDep,
    settings: SettingsDep,
    library: LibraryDep,
    now: NowDep,
    response: Response,
) -> ImportOut | ImportJobOut:
    """Enroll patients from a CSV (header row; `consent_given_at`, `quiet_start`, …).

    Up to 2,000 rows: the outcome at once (200). More: 202 with a job to follow at
    `GET /v1/imports/{id}`.
    """
    if import_jobs.data_lines(data) - 1 > import_jobs.INLINE_ROWS:
        job = import_jobs.start(
            session=session, actor=actor, data=data, settings=settings, library=library, now=now
        )
        response.status_code = 202
        return _job_out(job)
    return importer.import_rows(
        session=session,
        actor=actor,
        rows=importer.parse_csv(data),
        settings=settings,
        library=library,
        now=now,
    )


def _job_out(job: import_jobs.ImportJob) -> ImportJobOut:
    assert job.id is not None
    return ImportJobOut(
        id=job.id,
        status=import_jobs.JobStatus(job.status).value,
        processed=job.processed,
        enrolled=job.enrolled,
        unchanged=job.unchanged,
        errors=import_jobs.errors_of(job),
        message=job.message,
        url=f"/v1/imports/{job.id}",
    )


@router.get("/imports/{import_id}", response_model=ImportJobOut, response_model_exclude_none=True)
def get_import(
    import_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    actor: CurrentClinician,
    session: SessionDep,
) -> ImportJobOut:
    """A background import's progress, then its outcome (counts and row errors)."""
    return _job_out(import_jobs.get_job(session=session, actor=actor, job_id=import_id))


@router.get("/patients/{patient_id}", response_model=PatientOut)
def get_patient(
    patient_id: PatientId, actor: CurrentClinician, session: SessionDep, now: NowDep
) -> PatientOut:
    """One patient."""
    return service.get_patient(session=session, actor=actor, patient_id=patient_id, now=now)


@router.patch("/patients/{patient_id}", response_model=PatientOut)
def update_patient(
    patient_id: PatientId,
    body: PatientUpdate,
    actor: CurrentClinician,
    session: SessionDep,
    settings: SettingsDep,
    library: LibraryDep,
    now: NowDep,
) -> PatientOut:
    """Change some details; a new zone, quiet hours or programme re-plans the messages."""
    return service.update_patient(
        session=session,
        actor=actor,
        patient_id=patient_id,
        changes=body,
        settings=settings,
        library=library,
        now=now,
    )


@router.delete("/patients/{patient_id}", response_model=PatientOut)
def unenroll_patient(
    patient_id: PatientId, actor: CurrentClinician, session: SessionDep, now: NowDep
) -> PatientOut:
    """Unenroll: stops every message for good; the history is kept."""
    return service.unenroll_patient(session=session, actor=actor, patient_id=patient_id, now=now)


@router.post("/patients/{patient_id}/pause", response_model=PatientOut)
def pause_patient(
    patient_id: PatientId,
    actor: CurrentClinician,
    session: SessionDep,
    now: NowDep,
    body: Annotated[PauseRequest | None, Body()] = None,
) -> PatientOut:
    """Pause messages until `until`, or until resumed."""
    until = body.until if body else None
    return service.pause_patient(
        session=session, actor=actor, patient_id=patient_id, until=until, now=now
    )


@router.post("/patients/{patient_id}/resume", response_model=PatientOut)
def resume_patient(
    patient_id: PatientId,
    actor: CurrentClinician,
    session: SessionDep,
    settings: SettingsDep,
    library: LibraryDep,
    now: NowDep,
) -> PatientOut:
    """Resume a paused patient and plan their next messages."""
    return service.resume_patient(
        session=session,
        actor=actor,
        patient_id=patient_id,
        library=library,
        settings=settings,
        now=now,
    )


@router.post("/patients/{patient_id}/extend", response_model=PatientOut)
def extend_patient(
    patient_id: PatientId,
    body: ExtendRequest,
    actor: CurrentClinician,
    session: SessionDep,
    library: LibraryDep,
    now: NowDep,
) -> PatientOut:
    """Add 1-56 days to the programme; a completed patient becomes active again."""
    return completion.extend(
        session=session,
        actor=actor,
        patient_id=patient_id,
        days=body.days,
        library=library,
        now=now,
    )


@router.post("/patients/{patient_id}/reenroll", response_model=PatientOut)
def reenroll_patient(
    patient_id: PatientId,
    body: ReenrollRequest,
    actor: CurrentClinician,
    session: SessionDep,
    settings: SettingsDep,
    library: LibraryDep,
    now: NowDep,
) -> PatientOut:
    """Start a programme afresh for a completed (or active) patient."""
    return completion.reenroll(
        session=session,
        actor=actor,
        patient_id=patient_id,
        program_id=body.program,
        start_date=body.start_date,
        settings=settings,
        library=library,
        now=now,
    )
