"""One-off messages outside the programme (welcome, nudges, "see your clinician"), queued
for the first moment outside the patient's quiet hours, within the caps (see `budget`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from coach.content.library import Library
from coach.messaging import outbox
from coach.messaging.models import OutboxMessage
from coach.patients.models import Patient
from coach.scheduling import budget
from coach.scheduling.localtime import next_allowed, next_quiet_start


def enqueue_now(
    *,
    session: Session,
    library: Library,
    patient: Patient,
    slot_key: str,
    kind: str,
    body: str,
    now: datetime,
    valid_for: timedelta = timedelta(hours=12),
    respect_quiet_hours: bool = True,
    template_id: str | None = None,
    to_phone: str | None = None,
    answers_patient: bool = False,
    not_before: datetime | None = None,
) -> bool:
    """Queue a one-off message as soon as allowed (after quiet hours unless urgent), and
    not before `not_before` when given (a welcome waits for the programme's start date).

    True when it was queued. False when its slot is already taken, the patient never
    agreed to texts (a voice patient without `sms_consent`), or the caps leave no room: a
    nudge is then not sent, while an essential one (welcome, "see your clinician", weekly
    progress, closing) takes the place of the lowest-priority waiting text (see
    `budget`). A text to another phone (a clinician's) is not the patient's: not counted.
    One that `answers_patient` (a confirmation of something they texted us) is never
    counted or held back, and goes even to a voice patient without `sms_consent`.
    """
    due = max(now, not_before) if not_before is not None else now
    if respect_quiet_hours:
        due = next_allowed(due, patient.timezone, patient.quiet_start, patient.quiet_end)
    expires = due + valid_for
    if respect_quiet_hours:
        expires = min(expires, next_quiet_start(due, patient.timezone, patient.quiet_start))
    to_patient = (to_phone is None or to_phone == patient.phone) and not answers_patient
    if to_patient and not outbox.may_text(patient):
        return False
    taken = session.exec(select(OutboxMessage.id).where(OutboxMessage.slot_key == slot_key))
    if taken.first() is not None:
        return False
    if to_patient and not budget.admit(
        session=session, library=library, patient=patient, kind=kind, due=due, now=now
    ):
        return False
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
        answers_patient=answers_patient,
    )
