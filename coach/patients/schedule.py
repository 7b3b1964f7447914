"""One patient's upcoming texts and calls, as the outbox holds them.

The worker plans 48 hours ahead (every 15 minutes), so the schedule shows what is planned
now: exactly the rows the dispatcher will send, each at its local time, plus the rows of
the window that will not go out (cancelled, expired, or held while the patient is not
active) marked as such. Alerts about the patient go to the clinician and are left out.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlmodel import Session, col, select

from coach.clinicians import audit
from coach.clinicians.models import Clinician
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import Patient, PatientStatus
from coach.patients.service import owned_patient

MAX_DAYS = 31
# Rows that did not go out stay in the schedule for a day, so a clinician sees why.
LOOKBACK = timedelta(hours=24)
_SHOWN = (OutboxStatus.scheduled, OutboxStatus.cancelled, OutboxStatus.expired)

State = Literal["planned", "cancelled", "expired", "held"]


class ScheduledMessage(BaseModel):
    """One planned text or call."""

    id: int
    due_at: datetime
    local_time: datetime
    kind: str
    content_id: str | None
    channel: str
    text: str
    state: State
    expires_at: datetime


class ScheduleOut(BaseModel):
    """A patient's texts and calls from `start` to `until`, in send order."""

    patient_id: int
    timezone: str
    start: datetime
    until: datetime
    items: list[ScheduledMessage]


def _state(row: OutboxMessage, patient: Patient, now: datetime) -> State:
    if row.status == OutboxStatus.cancelled:
        return "cancelled"
    if row.status == OutboxStatus.expired or row.expires_at <= now:
        return "expired"  # the dispatcher expires it before it could claim it
    if patient.status != PatientStatus.active:
        return "held"  # the dispatcher claims only active patients' rows
    return "planned"


def schedule(*, session: Session, patient: Patient, now: datetime, days: int) -> ScheduleOut:
    """The patient's planned texts and calls due before `now + days`, in send order."""
    assert patient.id is not None
    until = now + timedelta(days=days)
    rows = session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.patient_id == patient.id)
        .where(col(OutboxMessage.kind) != "alert")
        .where(col(OutboxMessage.status).in_(_SHOWN))
        .where(col(OutboxMessage.due_at) < until)
        .where(
            (col(OutboxMessage.expires_at) > now) | (col(OutboxMessage.due_at) >= now - LOOKBACK)
        )
        .order_by(col(OutboxMessage.due_at), col(OutboxMessage.id))
    ).all()
    zone = ZoneInfo(patient.timezone)
    items = [
        ScheduledMessage(
            id=row.id or 0,
            due_at=row.due_at,
            local_time=row.due_at.astimezone(zone),
            kind=row.kind,
            content_id=row.template_id,
            channel=row.channel,
            text=row.body,
            state=_state(row, patient, now),
            expires_at=row.expires_at,
        )
        for row in rows
    ]
    return ScheduleOut(
        patient_id=patient.id, timezone=patient.timezone, start=now, until=until, items=items
    )


def patient_schedule(
    *, session: Session, actor: Clinician, patient_id: int, now: datetime, days: int
) -> ScheduleOut:
    """`schedule` for a clinician who may see the patient (NotFound otherwise); audited."""
    patient = owned_patient(session=session, actor=actor, patient_id=patient_id)
    audit.record(session, actor, "patient.schedule", patient_id, now=now)
    session.commit()
    return schedule(session=session, patient=patient, now=now, days=days)


def table(result: ScheduleOut) -> list[str]:
    """The schedule as aligned text lines (for `coach patients schedule`)."""
    header = ("local time", "state", "channel", "kind", "content", "text")
    rows = [
        (
            item.local_time.strftime("%a %Y-%m-%d %H:%M %Z"),
            item.state,
            item.channel,
            item.kind,
            item.content_id or "-",
            item.text.replace("\n", " "),
        )
        for item in result.items
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header) - 1)]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True))
        + "  "
        + row[-1]
        for row in (header, *rows)
    ]
