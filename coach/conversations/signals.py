"""`conversation.opened` and `conversation.message` on the alert webhook (ids only, signed
by the dispatcher like every webhook row)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlmodel import Session

from coach.messaging import outbox
from coach.patients.models import Patient
from coach.settings import Settings

VALID_FOR = timedelta(hours=24)


def payload(*, event: str, conversation_id: int, patient_id: int, at: datetime, **ids: int) -> str:
    """The JSON body of a conversation event: the event name, ids and the time, nothing else."""
    data: dict[str, object] = {
        "event": event,
        "conversation_id": conversation_id,
        "patient_id": patient_id,
        "at": at.isoformat(),
        **ids,
    }
    return json.dumps(data, sort_keys=True)


def emit(
    *,
    session: Session,
    settings: Settings,
    patient: Patient,
    event: str,
    conversation_id: int,
    now: datetime,
    entry_id: int | None = None,
) -> None:
    """Queue one conversation event for the webhook, if one is configured (once per key)."""
    if not settings.alert_webhook_url:
        return
    assert patient.id is not None
    ids = {"entry_id": entry_id} if entry_id is not None else {}
    key = f"conversation:{conversation_id}:{event}:{entry_id or 0}"
    outbox.enqueue(
        session=session,
        patient=patient,
        slot_key=key,
        kind="alert",  # like alert webhooks: goes out whatever the patient's status
        channel="webhook",
        body=payload(
            event=event, conversation_id=conversation_id, patient_id=patient.id, at=now, **ids
        ),
        due_at=now,
        expires_at=now + VALID_FOR,
        now=now,
        to_phone="webhook",
    )
