"""`/app/patients/{id}/edit`: change a patient's details and quiet hours.

The form becomes the body of `PATCH /v1/patients/{id}` and goes through the same service,
so the checks, the error texts, the audit entry and the re-planning are the API's.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from coach.clock import NowDep
from coach.dashboard import forms
from coach.dashboard.pages import LibraryDep, PatientId
from coach.dashboard.web import FormDep, SettingsDep, ViewerDep, not_found, render
from coach.db import SessionDep
from coach.errors import CoachError, NotFound
from coach.patients import service

router = APIRouter(prefix="/app", include_in_schema=False)
LANGUAGES = [("en", "English"), ("es", "Spanish")]
CHANNELS = [("sms", "Text messages"), ("voice", "Phone calls")]


def _form(
    request: Request,
    who: ViewerDep,
    patient_id: int,
    name: str,
    values: dict[str, str],
    errors: dict[str, str],
) -> HTMLResponse:
    context = {
        "patient_id": patient_id,
        "name": name,
        "values": values,
        "errors": errors,
        "languages": LANGUAGES,
        "channels": CHANNELS,
    }
    return render(request, "edit.html", context, who=who, status_code=422 if errors else 200)


@router.get("/patients/{patient_id}/edit", response_class=HTMLResponse)
def edit_page(
    patient_id: PatientId, request: Request, who: ViewerDep, session: SessionDep, now: NowDep
) -> HTMLResponse:
    """The edit form, filled with the patient's details."""
    try:
        patient = service.get_patient(
            session=session, actor=who.clinician, patient_id=patient_id, now=now
        )
    except NotFound:
        return not_found(request, who, "No such patient.")
    name = patient.first_name or f"Patient {patient.id}"
    return _form(request, who, patient_id, name, forms.current(patient), {})


@router.post("/patients/{patient_id}/edit", response_class=HTMLResponse)
def edit(
    patient_id: PatientId,
    request: Request,
    who: ViewerDep,
    form: FormDep,
    session: SessionDep,
    settings: SettingsDep,
    library: LibraryDep,
    now: NowDep,
) -> Response:
    """Save through the API's update; its errors shown beside their fields, nothing saved."""
    values = {key: str(form.get(key, "")) for key in forms.EDITABLE}
    try:
        patient = service.owned_patient(session=session, actor=who.clinician, patient_id=patient_id)
    except NotFound:
        return not_found(request, who, "No such patient.")
    name = patient.first_name or f"Patient {patient_id}"
    try:
        changes = forms.patient_update(values)
        service.update_patient(
            session=session,
            actor=who.clinician,
            patient_id=patient_id,
            changes=changes,
            settings=settings,
            library=library,
            now=now,
        )
    except (ValidationError, CoachError) as exc:
        session.rollback()
        return _form(request, who, patient_id, name, values, forms.errors(exc))
    return RedirectResponse(f"/app/patients/{patient_id}?saved=1", status_code=303)
