"""The clinician's alert inbox: alerts across their patients, and acknowledging one."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, func, select

from coach.alerts import notes
from coach.alerts import service as alerts_service
from coach.alerts.models import Alert, AlertStatus
from coach.clinicians import audit
from coach.clinicians.models import Clinician
from coach.errors import NotFound
from coach.patients.history import alert_out, alerts_out
from coach.patients.models import Patient
from coach.patients.schemas import AlertOut, Page
from coach.patients.service import visible


def list_alerts(
    *,
    session: Session,
    actor: Clinician,
    status: AlertStatus | None,
    limit: int,
    offset: int,
    now: datetime,
) -> Page[AlertOut]:
    """Alerts about the patients `actor` may see, urgent first, then newest first."""
    query = (
        select(Alert).join(Patient, col(Patient.id) == col(Alert.patient_id)).where(visible(actor))
    )
    if status is not None:
        query = query.where(col(Alert.status) == status)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(Alert.urgent).desc(), col(Alert.id).desc()).limit(limit).offset(offset)
    ).all()
    audit.record_many(session, actor, "alert.list", sorted({a.patient_id for a in rows}), now=now)
    session.commit()
    items = alerts_out(session, rows)
    return Page[AlertOut](items=items, total=int(total), limit=limit, offset=offset)


def acknowledge(
    *, session: Session, actor: Clinician, alert_id: int, note: str | None, now: datetime
) -> AlertOut:
    """Acknowledge an alert about one of `actor`'s patients (NotFound for anyone else's)."""
    alert = session.exec(
        select(Alert)
        .join(Patient, col(Patient.id) == col(Alert.patient_id))
        .where(visible(actor))
        .where(Alert.id == alert_id)
    ).first()
    if alert is None:
        raise NotFound(f"no alert {alert_id}")
    assert actor.id is not None
    audit.record(session, actor, "alert.ack", alert.patient_id, now=now, detail=f"alert {alert_id}")
    alert = alerts_service.acknowledge(
        session=session, alert=alert, clinician_id=actor.id, note=note, now=now
    )
    assert alert.id is not None
    return alert_out(alert, notes.for_alerts(session, [alert.id]).get(alert.id, []))
