"""Read models the dashboard shows beside the API's: planned messages and latest pain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, func, select

from coach.clinicians import audit
from coach.clinicians.models import Clinician
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import PainReport
from coach.patients.service import owned_patient


@dataclass(frozen=True)
class Planned:
    """One text or call planned for a patient, at its local time."""

    local_at: datetime
    kind: str
    channel: str
    body: str


def upcoming(
    *, session: Session, actor: Clinician, patient_id: int, days: int, now: datetime
) -> list[Planned]:
    """Texts and calls planned over the next `days` days, in the patient's local time."""
    patient = owned_patient(session=session, actor=actor, patient_id=patient_id)
    audit.record(session, actor, "patient.schedule", patient_id, now=now)
    session.commit()
    zone = ZoneInfo(patient.timezone)
    rows = session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.patient_id == patient_id)
        .where(col(OutboxMessage.status) == OutboxStatus.scheduled)
        .where(col(OutboxMessage.expires_at) > now)  # waiting, including the overdue
        .where(col(OutboxMessage.due_at) < now + timedelta(days=days))
        .where(col(OutboxMessage.kind) != "alert")
        .order_by(col(OutboxMessage.due_at), col(OutboxMessage.id))
    ).all()
    return [Planned(r.due_at.astimezone(zone), r.kind, r.channel, r.body) for r in rows]


def last_pain(session: Session, patient_ids: Sequence[int]) -> dict[int, int]:
    """The latest pain score of each of these patients that reported one."""
    if not patient_ids:
        return {}
    latest = (
        select(PainReport.patient_id, func.max(PainReport.reported_at).label("at"))
        .where(col(PainReport.patient_id).in_(list(patient_ids)))
        .group_by(col(PainReport.patient_id))
        .subquery()
    )
    rows = session.exec(
        select(PainReport.patient_id, PainReport.score).join(
            latest,
            (col(PainReport.patient_id) == latest.c.patient_id)
            & (col(PainReport.reported_at) == latest.c.at),
        )
    ).all()
    return {int(pid): int(score) for pid, score in rows}
