"""Downloads from the dashboard: a patient's FHIR Bundle and the pain CSV (the API's exports)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from coach.clock import NowDep
from coach.dashboard.web import ViewerDep, not_found
from coach.db import SessionDep
from coach.errors import NotFound
from coach.patients import exports

router = APIRouter(prefix="/app", include_in_schema=False)


@router.get("/patients/{patient_id}/fhir.json")
def patient_fhir(
    patient_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
    request: Request,
    who: ViewerDep,
    session: SessionDep,
    now: NowDep,
) -> Response:
    """The patient's FHIR R4 Bundle as a file (audited like the API's)."""
    try:
        bundle = exports.fhir_bundle(
            session=session, actor=who.clinician, patient_id=patient_id, now=now
        )
    except NotFound:
        return not_found(request, who, "No such patient.")
    return Response(
        json.dumps(bundle, indent=2),
        media_type="application/fhir+json",
        headers={
            "content-disposition": f'attachment; filename="patient-{patient_id}-fhir.json"',
            "cache-control": "no-store",
        },
    )


@router.get("/exports/pain.csv")
def pain_csv(who: ViewerDep, session: SessionDep, now: NowDep) -> Response:
    """Every pain report of my patients as CSV."""
    return Response(
        exports.pain_csv(session=session, actor=who.clinician, now=now),
        media_type="text/csv; charset=utf-8",
        headers={
            "content-disposition": 'attachment; filename="pain.csv"',
            "cache-control": "no-store",
        },
    )
