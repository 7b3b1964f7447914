"""One-off messages outside the programme (welcome, nudges, "see your clinician"), queued
for the first moment outside the patient's quiet hours."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from coach.messaging import outbox
from coach.patients.models import Patient
from coach.scheduling.localtime import next_allowed, next_quiet_start


def enqueue_now(
    *,
    session: Session,
    patient: Patient,
    slot_key: str,
    kind: str,
    body: str,
    now: datetime,
    valid_for: timedelta = timedelta(hours=12),
    respect_quiet_hours: bool = True,
    template_id: str | None = None,
    to_phone: str | None = None,
) -> bool:
    """Queue a one-off message as soon as allowed (after quiet hours unless urgent)."""
    due = now
    if respect_quiet_hours:
        due = next_allowed(now, patient.timezone, patient.quiet_start, patient.quiet_end)
    expires = due + valid_for
    if respect_quiet_hours:
        expires = min(expires, next_quiet_start(due, patient.timezone, patient.quiet_start))
    return outbox.enqueue(
        session=session,
        patient=patient,
        slot_key=slot_key,
        kind=kind,
        body=body,
        due_at=due,
        expires_at=expires,
        now=now,
        template_id=template_id,
        to_phone=to_phone,
    )
