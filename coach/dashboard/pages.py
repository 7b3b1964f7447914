"""Dashboard pages: alerts, patients, a patient, enroll, programme preview.

Thin like the API routers: parse the form, call the same service function the API calls,
render a template. Another clinician's patient is the 404 page.
"""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from coach.alerts import inbox
from coach.alerts.models import AlertStatus
from coach.clock import NowDep
from coach.content.library import Library
from coach.content.loader import get_library
from coach.content.preview import preview
from coach.dashboard import forms, overview, sparkline
from coach.dashboard.web import FormDep, SettingsDep, ViewerDep, not_found, render
from coach.db import SessionDep
from coach.errors import CoachError, NotFound
from coach.patients import exports, history, schedule, service

router = APIRouter(prefix="/app", include_in_schema=False)
LibraryDep = Annotated[Library, Depends(get_library)]
PatientId = Annotated[int, Path(ge=1, le=2**63 - 1)]
PAGE = 25
ACTIONS = {"pause": "Pause messages", "resume": "Resume messages", "unenroll": "Unenroll"}


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(
    request: Request,
    who: ViewerDep,
    session: SessionDep,
    now: NowDep,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    """Open alerts about my patients, urgent first, then newest first, with their age."""
    found = inbox.list_alerts(
        session=session,
        actor=who.clinician,
        status=AlertStatus.open,
        limit=PAGE,
        offset=(page - 1) * PAGE,
        now=now,
    )
    names = overview.first_names(session, [a.patient_id for a in found.items])
    context = {"alerts": found, "names": names, "page": page, "now": now}
    return render(request, "alerts.html", context, who=who)


@router.post("/alerts/{alert_id}/ack")
def acknowledge(
    alert_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
    request: Request,
    who: ViewerDep,
    form: FormDep,
    session: SessionDep,
    now: NowDep,
) -> Response:
    """Acknowledge an alert with the note typed beside it."""
    note = str(form.get("note", "")).strip() or None
    try:
        inbox.acknowledge(
            session=session, actor=who.clinician, alert_id=alert_id, note=note, now=now
        )
    except NotFound as exc:
        return not_found(request, who, exc.message)
    return RedirectResponse("/app/alerts?acknowledged=1", status_code=303)


@router.get("/patients", response_class=HTMLResponse)
def patients_page(
    request: Request,
    who: ViewerDep,
    session: SessionDep,
    now: NowDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    q: Annotated[str, Query(max_length=60)] = "",
) -> HTMLResponse:
    """My patients, a page at a time: status, programme, pain (last, 14 days), adherence, alerts."""
    found = service.list_patients(
        session=session,
        actor=who.clinician,
        now=now,
        limit=PAGE,
        offset=(page - 1) * PAGE,
        search=q.strip() or None,
    )
    ids = [p.id for p in found.items]
    context = {
        "patients": found,
        "pain": overview.last_pain(session, ids),
        "sparklines": sparkline.pain_sparklines(
            session, {p.id: p.timezone for p in found.items}, now
        ),
        "adherence": overview.adherence(session, ids),
        "page": page,
        "pages": max(1, -(-found.total // PAGE)),
        "q": q,
    }
    return render(request, "patients.html", context, who=who)


@router.get("/patients/{patient_id}", response_class=HTMLResponse)
def patient_page(
    patient_id: PatientId, request: Request, who: ViewerDep, session: SessionDep, now: NowDep
) -> HTMLResponse:
    """One patient: details, pain chart, the message thread and the next 7 days planned."""
    actor = who.clinician
    try:
        patient = service.get_patient(session=session, actor=actor, patient_id=patient_id, now=now)
    except NotFound:
        return not_found(request, who, "No such patient.")
    thread = history.messages(
        session=session, actor=actor, patient_id=patient_id, limit=50, offset=0, now=now
    )
    planned = schedule.patient_schedule(
        session=session, actor=actor, patient_id=patient_id, now=now, days=7
    ).items
    done = history.adherence(session=session, actor=actor, patient_id=patient_id, now=now)
    zone = ZoneInfo(patient.timezone)
    context = {
        "patient": patient, "thread": thread, "planned": planned, "zone": zone, "adherence": done
    }  # fmt: skip
    return render(request, "patient.html", context, who=who)


@router.get("/patients/{patient_id}/pain.svg")
def pain_chart(
    patient_id: PatientId,
    request: Request,
    who: ViewerDep,
    session: SessionDep,
    library: LibraryDep,
    now: NowDep,
) -> Response:
    """The patient's pain chart (the API's SVG)."""
    try:
        svg = exports.pain_chart(
            session=session, actor=who.clinician, patient_id=patient_id, library=library, now=now
        )
    except NotFound:
        return not_found(request, who, "No such patient.")
    return Response(svg, media_type="image/svg+xml", headers={"cache-control": "no-store"})


@router.get("/patients/{patient_id}/{action}", response_class=HTMLResponse)
def confirm_page(
    patient_id: PatientId,
    action: str,
    request: Request,
    who: ViewerDep,
    session: SessionDep,
    now: NowDep,
) -> HTMLResponse:
    """Ask before pausing, resuming or unenrolling."""
    if action not in ACTIONS:
        return not_found(request, who, "No such page.")
    try:
        patient = service.get_patient(
            session=session, actor=who.clinician, patient_id=patient_id, now=now
        )
    except NotFound:
        return not_found(request, who, "No such patient.")
    context = {"patient": patient, "action": action, "label": ACTIONS[action]}
    return render(request, "confirm.html", context, who=who)


@router.post("/patients/{patient_id}/{action}")
def patient_action(
    patient_id: PatientId,
    action: str,
    request: Request,
    who: ViewerDep,
    _form: FormDep,
    session: SessionDep,
    library: LibraryDep,
    settings: SettingsDep,
    now: NowDep,
) -> Response:
    """Pause, resume or unenroll (the API's services), then back to the patient."""
    actor, where = who.clinician, f"/app/patients/{patient_id}"
    try:
        if action == "pause":
            service.pause_patient(
                session=session, actor=actor, patient_id=patient_id, until=None, now=now
            )
        elif action == "resume":
            service.resume_patient(
                session=session, actor=actor, patient_id=patient_id, library=library,
                settings=settings, now=now,
            )  # fmt: skip
        elif action == "unenroll":
            service.unenroll_patient(session=session, actor=actor, patient_id=patient_id, now=now)
        else:
            return not_found(request, who, "No such page.")
    except NotFound:
        return not_found(request, who, "No such patient.")
    except CoachError as exc:
        return RedirectResponse(f"{where}?error={exc.code}", status_code=303)
    return RedirectResponse(where, status_code=303)


@router.get("/enroll", response_class=HTMLResponse)
def enroll_page(request: Request, who: ViewerDep, library: LibraryDep, now: NowDep) -> HTMLResponse:
    """The enrollment form."""
    context = {"values": forms.defaults(now), "errors": {}, "programs": _programs(library)}
    return render(request, "enroll.html", context, who=who)


@router.post("/enroll", response_class=HTMLResponse)
def enroll(
    request: Request,
    who: ViewerDep,
    form: FormDep,
    session: SessionDep,
    settings: SettingsDep,
    library: LibraryDep,
    now: NowDep,
) -> Response:
    """Enroll through the API's service; its validation errors shown beside their fields."""
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    try:
        data = forms.patient_create(values)
        patient = service.enroll(
            session=session,
            actor=who.clinician,
            data=data,
            settings=settings,
            library=library,
            now=now,
        )
    except (ValidationError, CoachError) as exc:
        context = {"values": values, "errors": forms.errors(exc), "programs": _programs(library)}
        return render(request, "enroll.html", context, who=who, status_code=422)
    return RedirectResponse(f"/app/patients/{patient.id}?enrolled=1", status_code=303)


@router.get("/programmes", response_class=HTMLResponse)
def programmes_page(
    request: Request,
    who: ViewerDep,
    library: LibraryDep,
    settings: SettingsDep,
    now: NowDep,
    program: Annotated[str, Query(max_length=64)] = "",
    tz: Annotated[str, Query(max_length=64)] = "America/New_York",
    language: Annotated[str, Query(pattern="^(en|es)$")] = "en",
) -> HTMLResponse:
    """A programme's first week as a patient would get it (`coach content preview`)."""
    programs = _programs(library)
    default = forms.DEFAULT_PROGRAM
    chosen = program if program in library.programs else default
    chosen = chosen if chosen in library.programs else programs[0][0]
    zone_ok = tz in forms.ZONES
    days = preview(
        library,
        chosen,
        days=7,
        tz=tz if zone_ok else "UTC",
        language=language,
        start=now.astimezone(ZoneInfo(tz if zone_ok else "UTC")).date(),
        # The clinic patients will see named, as `coach content preview` shows it.
        values={"clinic_name": settings.clinic_name, "clinic_phone": settings.clinic_phone},
    )
    context = {
        "programs": programs,
        "chosen": chosen,
        "tz": tz,
        "language": language,
        "days": days,
        "zones": forms.ZONES,
        "zone_error": None if zone_ok else f"{tz} is not a time zone; showing UTC",
    }
    return render(request, "programmes.html", context, who=who)


def _programs(library: Library) -> list[tuple[str, str]]:
    return sorted((p.id, p.name) for p in library.programs.values())
