"""Call status callbacks: the outbox row's status, one retry call, then an SMS fallback.

A call that rang out, was busy or failed is tried once more 30 minutes later (or when
quiet hours end), as a new outbox row keyed `{slot}:retry`. If the retry fails too, the
check-in goes by SMS as `{slot}:sms`, but only to a patient who agreed to texts (see
`sms_allowed`). Unique slot keys make a repeated callback add nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from coach.content.library import Library
from coach.content.models import UnknownContent
from coach.messaging import outbox
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import Patient, PatientStatus
from coach.scheduling.localtime import next_allowed, next_quiet_start

# Twilio's CallStatus -> ours; queued, ringing and in-progress tell us nothing new.
_MAP = {
    "completed": OutboxStatus.delivered,
    "busy": OutboxStatus.failed,
    "no-answer": OutboxStatus.failed,
    "failed": OutboxStatus.failed,
    "canceled": OutboxStatus.cancelled,
}
_RANK = {
    OutboxStatus.sending: 0,
    OutboxStatus.unknown: 0,
    OutboxStatus.sent: 1,
    OutboxStatus.failed: 2,
    OutboxStatus.cancelled: 2,
    OutboxStatus.delivered: 3,
}
UNANSWERED = frozenset({"busy", "no-answer", "failed"})
RETRY_AFTER = timedelta(minutes=30)
RETRY_VALID_FOR = timedelta(hours=2)
SMS_VALID_FOR = timedelta(hours=4)
RETRY_SUFFIX = ":retry"
SMS_SUFFIX = ":sms"


def find_call(session: Session, call_sid: str, outbox_id: int | None) -> OutboxMessage | None:
    """The voice outbox row of a call: by CallSid, else by the outbox id if it has none yet."""
    row = session.exec(select(OutboxMessage).where(OutboxMessage.twilio_sid == call_sid)).first()
    if row is None and outbox_id is not None:
        row = session.get(OutboxMessage, outbox_id)
        if row is not None and row.twilio_sid not in (None, call_sid):
            row = None
    return row if row is not None and row.channel == "voice" else None


def record_call_status(
    *,
    session: Session,
    library: Library,
    call_sid: str,
    status: str,
    outbox_id: int | None,
    error_code: int | None,
    now: datetime,
) -> OutboxStatus | None:
    """Apply one call status callback; the row's status afterwards (None: no such call)."""
    row = find_call(session, call_sid, outbox_id)
    if row is None:
        return None
    state = status.strip().lower()
    new = _MAP.get(state)
    if new is None or _RANK.get(new, 0) <= _RANK.get(OutboxStatus(row.status), -1):
        return OutboxStatus(row.status)
    row.status = new
    row.twilio_sid = row.twilio_sid or call_sid
    row.updated_at = now
    if error_code is not None:
        row.error_code = error_code
    session.add(row)
    if state in UNANSWERED:
        patient = session.get(Patient, row.patient_id)
        if patient is not None and patient.status == PatientStatus.active:
            follow_up(session=session, library=library, patient=patient, row=row, now=now)
    session.commit()
    return new


def follow_up(
    *, session: Session, library: Library, patient: Patient, row: OutboxMessage, now: datetime
) -> str | None:
    """After an unanswered call: one retry call, then an SMS; the slot key queued, if any."""
    tz, start, end = patient.timezone, patient.quiet_start, patient.quiet_end
    if not row.slot_key.endswith(RETRY_SUFFIX):
        slot = row.slot_key + RETRY_SUFFIX
        due = next_allowed(now + RETRY_AFTER, tz, start, end)
        expires = min(due + RETRY_VALID_FOR, next_quiet_start(due, tz, start))
        added = outbox.enqueue(
            session=session,
            patient=patient,
            slot_key=slot,
            kind=row.kind,
            body=row.body,
            due_at=due,
            expires_at=expires,
            now=now,
            template_id=row.template_id,
            channel="voice",
        )
        return slot if added else None
    body = fallback_text(library, patient, row)
    if body is None or not sms_allowed(patient):
        return None
    slot = row.slot_key.removesuffix(RETRY_SUFFIX) + SMS_SUFFIX
    due = next_allowed(now, tz, start, end)
    added = outbox.enqueue(
        session=session,
        patient=patient,
        slot_key=slot,
        kind=row.kind,
        body=body,
        due_at=due,
        expires_at=min(due + SMS_VALID_FOR, next_quiet_start(due, tz, start)),
        now=now,
        template_id=row.template_id if row.kind == "exercise" else "checkin.prompt",
    )
    return slot if added else None


def fallback_text(library: Library, patient: Patient, row: OutboxMessage) -> str | None:
    """The SMS for a call that never got through: the check-in prompt or the exercise text."""
    if row.kind == "exercise" and row.template_id:
        try:
            return library.exercise(row.template_id, patient.language).sms_text
        except UnknownContent:
            return None
    if row.kind == "checkin":
        return library.render("checkin.prompt", patient.language)
    return None


def sms_allowed(patient: Patient) -> bool:
    """Whether the patient may get the SMS fallback: active and agreed to texts.

    A voice patient gets texts only with `sms_consent` recorded at enrollment or by a
    clinician; neither the wording of the consent method nor an earlier text from their
    number counts as consent to the coach's texts.
    """
    return patient.status == PatientStatus.active and outbox.may_text(patient)
