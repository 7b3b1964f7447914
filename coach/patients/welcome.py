"""The programme's first text: it names the clinic and says how to stop.

It goes out on the programme's start date (today, or a later date the clinician chose) at
the first moment outside the patient's quiet hours, never before: nothing of the programme
is planned before its start date either. An SMS patient gets it, and so does a voice
patient who agreed to texts (in words about calls); a voice-only patient's first call
names the clinic and how to stop calls instead.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from coach.content.library import Library
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import Channel, Patient, PatientStatus
from coach.patients.texts import render, text_for, values_for
from coach.scheduling import oneoff
from coach.scheduling.localtime import local_to_utc, next_allowed, next_quiet_start
from coach.settings import Settings

KIND = "welcome"
VALID_FOR = timedelta(hours=12)


def template_id(channel: str) -> str:
    """The welcome's content id: a voice patient's says the coach calls."""
    return "welcome.voice" if str(channel) == Channel.voice else "welcome"


def wanted(channel: str, sms_consent: bool) -> bool:
    """Whether the patient gets a welcome text (they agreed to texts)."""
    return str(channel) == Channel.sms or sms_consent


def start_of_programme(patient: Patient) -> datetime:
    """Local midnight of the programme's start date, in UTC."""
    return local_to_utc(patient.start_date, time(0, 0), patient.timezone)


def queue(
    *,
    session: Session,
    library: Library,
    settings: Settings,
    patient: Patient,
    now: datetime,
    slot_key: str | None = None,
) -> bool:
    """Queue the welcome for the start date's first allowed moment; True when queued."""
    assert patient.id is not None
    if not wanted(str(patient.channel), patient.sms_consent):
        return False
    tid = template_id(str(patient.channel))
    return oneoff.enqueue_now(
        session=session,
        library=library,
        patient=patient,
        slot_key=slot_key or f"{patient.id}:welcome",
        kind=KIND,
        body=text_for(library, settings, patient, tid),
        now=now,
        valid_for=VALID_FOR,
        template_id=tid,
        not_before=start_of_programme(patient),
    )


def restore(
    *, session: Session, library: Library, settings: Settings, patient: Patient, now: datetime
) -> bool:
    """Queue the welcome again when its last row was cancelled before it went out (a change
    of zone, start date or channel re-plans; a pause withdraws everything waiting)."""
    assert patient.id is not None
    if patient.status != PatientStatus.active:
        return False
    last = session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.patient_id == patient.id)
        .where(OutboxMessage.kind == KIND)
        .order_by(col(OutboxMessage.id).desc())
    ).first()
    if last is None or last.status != OutboxStatus.cancelled:
        return False
    slot_key = last.slot_key.rsplit("#", 1)[0]  # `cancel_future` appended the row id
    return queue(
        session=session,
        library=library,
        settings=settings,
        patient=patient,
        now=now,
        slot_key=slot_key,
    )


def import_row(
    patient_id: int, values: dict[str, Any], settings: Settings, library: Library, now: datetime
) -> dict[str, Any] | None:
    """The welcome outbox row of an imported patient, timed as `queue` would; None when
    the patient gets no welcome text."""
    if not wanted(values["channel"], values["sms_consent"]):
        return None
    tz, quiet_start = values["timezone"], values["quiet_start"]
    start = max(now, local_to_utc(values["start_date"], time(0, 0), tz))
    due = next_allowed(start, tz, quiet_start, values["quiet_end"])
    tid = template_id(values["channel"])
    return {
        "patient_id": patient_id,
        "slot_key": f"{patient_id}:welcome",
        "kind": KIND,
        "template_id": tid,
        "channel": "sms",
        "to_phone": values["phone"],
        "body": render(
            library,
            tid,
            values["language"],
            values_for(settings, values["first_name"], values["phone"]),
        ),
        "status": OutboxStatus.scheduled,
        "due_at": due,
        "expires_at": min(due + VALID_FOR, next_quiet_start(due, tz, quiet_start)),
        "attempts": 0,
        "created_at": now,
        "updated_at": now,
    }
