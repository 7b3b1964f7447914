"""`/v1/alerts`: open alerts across my patients, and acknowledging one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path

from coach.alerts import inbox
from coach.alerts.models import AlertStatus
from coach.clinicians.auth import CurrentClinician
from coach.clock import NowDep
from coach.db import SessionDep
from coach.patients.router import ERRORS, MAX_ID, Limit, Offset
from coach.patients.schemas import AckRequest, AlertOut, Page

router = APIRouter(prefix="/v1", tags=["alerts"], responses=ERRORS)


@router.get("/alerts", response_model=Page[AlertOut])
def list_alerts(
    actor: CurrentClinician,
    session: SessionDep,
    now: NowDep,
    status: AlertStatus | None = AlertStatus.open,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[AlertOut]:
    """Alerts about my patients (open ones unless `status` says otherwise), urgent first."""
    return inbox.list_alerts(
        session=session, actor=actor, status=status, limit=limit, offset=offset, now=now
    )


@router.post("/alerts/{alert_id}/ack", response_model=AlertOut)
def acknowledge_alert(
    alert_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    actor: CurrentClinician,
    session: SessionDep,
    now: NowDep,
    body: Annotated[AckRequest | None, Body()] = None,
) -> AlertOut:
    """Acknowledge an alert, with an optional note."""
    return inbox.acknowledge(
        session=session, actor=actor, alert_id=alert_id, note=body.note if body else None, now=now
    )
