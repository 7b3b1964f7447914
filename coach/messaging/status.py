"""Delivery status callbacks: idempotent, and never moving a message backwards."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select

from coach.alerts.models import AlertKind
from coach.alerts.service import raise_alert
from coach.content.library import Library
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import Patient
from coach.settings import Settings

# Twilio's status -> ours. Statuses before `sent` tell us nothing new.
_MAP = {
    "sent": OutboxStatus.sent,
    "delivered": OutboxStatus.delivered,
    "read": OutboxStatus.delivered,
    "undelivered": OutboxStatus.undelivered,
    "failed": OutboxStatus.failed,
    "canceled": OutboxStatus.failed,
}
_RANK = {
    OutboxStatus.sending: 0,
    OutboxStatus.unknown: 0,
    OutboxStatus.sent: 1,
    OutboxStatus.undelivered: 2,
    OutboxStatus.failed: 2,
    OutboxStatus.delivered: 3,
}
UNDELIVERED_ALERT_AFTER = 3
UNDELIVERED_WINDOW = timedelta(days=7)


def record_status(
    *,
    session: Session,
    library: Library,
    settings: Settings,
    sid: str,
    status: str,
    error_code: int | None,
    now: datetime,
) -> OutboxStatus | None:
    """Apply one callback; returns the row's status afterwards (None for an unknown SID)."""
    row = session.exec(select(OutboxMessage).where(OutboxMessage.twilio_sid == sid)).first()
    if row is None:
        return None
    new = _MAP.get(status.lower())
    if new is None or _RANK.get(new, 0) <= _RANK.get(OutboxStatus(row.status), -1):
        return OutboxStatus(row.status)
    row.status = new
    row.updated_at = now
    if error_code is not None:
        row.error_code = error_code
    session.add(row)
    session.flush()
    if new in (OutboxStatus.undelivered, OutboxStatus.failed) and row.kind != "alert":
        _maybe_alert(session, library, settings, row.patient_id, now)
    session.commit()
    return new


def _maybe_alert(
    session: Session, library: Library, settings: Settings, patient_id: int, now: datetime
) -> None:
    failures = session.exec(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.patient_id == patient_id)
        .where(col(OutboxMessage.status).in_([OutboxStatus.undelivered, OutboxStatus.failed]))
        .where(col(OutboxMessage.updated_at) >= now - UNDELIVERED_WINDOW)
    ).one()
    patient = session.get(Patient, patient_id)
    if failures >= UNDELIVERED_ALERT_AFTER and patient is not None:
        raise_alert(
            session=session,
            library=library,
            settings=settings,
            patient=patient,
            kind=AlertKind.undeliverable,
            reason=f"{failures} messages undelivered in the past week",
            now=now,
            dedupe=UNDELIVERED_WINDOW,
        )
