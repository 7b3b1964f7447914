"""Patient controls: FEWER / MORE texts and a preferred check-in time, by SMS or by PATCH.

What the planner does with them is in `coach.scheduling.preferences`. A change cancels
the patient's waiting programme rows and plans them again; one-off messages (the welcome,
a nudge, a reply) are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from sqlalchemy import String, cast, update
from sqlmodel import Session, col

from coach.content.library import Library
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import Frequency, Patient
from coach.replies.labels import Intent
from coach.scheduling import planner, preferences
from coach.scheduling.localtime import in_quiet_hours, local_now, local_to_utc

INTENTS = frozenset({Intent.fewer, Intent.more, Intent.checkin_time})


def spoken_time(at: time, language: str) -> str:
    """A local time as the patient reads it: "8:00 pm" in English, "20:00" in Spanish."""
    if language == "es":
        return at.strftime("%H:%M")
    hour = at.hour % 12 or 12
    return f"{hour}:{at.minute:02d} {'am' if at.hour < 12 else 'pm'}"


def allowed_checkin_time(patient: Patient, at: time) -> bool:
    """Whether a check-in at local `at` is outside the patient's quiet hours."""
    return not in_quiet_hours(at, patient.quiet_start, patient.quiet_end)


def _checkin_passed_today(library: Library, patient: Patient, now: datetime) -> bool:
    """Whether today's check-in, at its new time, would already be in the past."""
    today = local_now(now, patient.timezone).date()
    program = library.program(patient.program_id)
    for item in program.items:
        if item.kind == "checkin":
            at = preferences.local_time(
                item, seed=str(patient.id), on=today, checkin_time=patient.checkin_time
            )
            if local_to_utc(today, at, patient.timezone) <= now:
                return True
    return False


def cancel_programme_rows(
    *, session: Session, library: Library, patient: Patient, now: datetime
) -> int:
    """Cancel the patient's programme rows still waiting to go out after `now`.

    Like `outbox.cancel_future`, the slot key gets the row id appended, which frees the
    slot for the re-plan while the cancelled row stays in the history. Today's check-in
    stays where it is when its new time has already passed (the patient still gets one).
    """
    assert patient.id is not None
    query = (
        update(OutboxMessage)
        .where(col(OutboxMessage.patient_id) == patient.id)
        .where(col(OutboxMessage.status) == OutboxStatus.scheduled)
        .where(col(OutboxMessage.kind).in_(sorted(planner.PROGRAM_KINDS)))
        .where(col(OutboxMessage.due_at) > now)
    )
    if _checkin_passed_today(library, patient, now):
        tomorrow = local_now(now, patient.timezone).date() + timedelta(days=1)
        midnight = local_to_utc(tomorrow, time(0, 0), patient.timezone)
        keep = (col(OutboxMessage.kind) == "checkin") & (col(OutboxMessage.due_at) < midnight)
        query = query.where(~keep)
    result = session.execute(
        query.values(
            status=OutboxStatus.cancelled,
            updated_at=now,
            slot_key=col(OutboxMessage.slot_key) + "#" + cast(col(OutboxMessage.id), String),
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def replan_programme(
    *, session: Session, library: Library, patient: Patient, now: datetime
) -> None:
    """Plan the patient's programme again after a change of frequency or check-in time."""
    assert patient.id is not None
    cancel_programme_rows(session=session, library=library, patient=patient, now=now)
    session.commit()
    planner.plan(session=session, library=library, now=now, patient_ids=[patient.id])


def _change(
    session: Session,
    library: Library,
    patient: Patient,
    now: datetime,
    **values: Frequency | time | None,
) -> None:
    for key, value in values.items():
        setattr(patient, key, value)
    patient.updated_at = now
    session.add(patient)
    replan_programme(session=session, library=library, patient=patient, now=now)


def answer(
    *,
    session: Session,
    library: Library,
    patient: Patient,
    intent: Intent,
    at: time | None,
    now: datetime,
    say: Callable[..., str],
) -> str:
    """Apply a FEWER, MORE or TIME reply and return the confirmation to text back."""
    frequency = Frequency(patient.frequency)
    if intent == Intent.fewer:
        if frequency == Frequency.fewer:
            return say("controls.fewer_already")
        _change(session, library, patient, now, frequency=Frequency.fewer)
        return say("controls.fewer")
    if intent == Intent.more:
        if frequency == Frequency.normal:
            return say("controls.more_already")
        _change(session, library, patient, now, frequency=Frequency.normal)
        return say("controls.more")
    if at is None:
        return say("controls.time_usage")
    shown = spoken_time(at, patient.language)
    if not allowed_checkin_time(patient, at):
        return say("controls.time_quiet", time=shown)
    if patient.checkin_time != at:
        _change(session, library, patient, now, checkin_time=at)
    return say("controls.time_set", time=shown)
