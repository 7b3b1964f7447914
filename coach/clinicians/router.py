"""`/v1/audit`: the audit log, for admins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from coach.clinicians import audit
from coach.clinicians.auth import CurrentAdmin
from coach.db import SessionDep
from coach.patients.router import ERRORS, MAX_ID, Limit, Offset
from coach.patients.schemas import AuditOut, Page

router = APIRouter(prefix="/v1", tags=["audit"], responses=ERRORS)


@router.get("/audit", response_model=Page[AuditOut])
def list_audit(
    _admin: CurrentAdmin,
    session: SessionDep,
    clinician_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    patient_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    action: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[AuditOut]:
    """Who read or changed which patient's data, newest first (admins only)."""
    page = audit.list_entries(
        session=session,
        limit=limit,
        offset=offset,
        clinician_id=clinician_id,
        patient_id=patient_id,
        action=action,
    )
    items = [AuditOut.model_validate(entry, from_attributes=True) for entry in page.items]
    return Page[AuditOut](items=items, total=page.total, limit=limit, offset=offset)
