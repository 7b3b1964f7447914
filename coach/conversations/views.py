"""How conversations and their lines read in the API (and the terminal)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from coach.alerts.models import Alert
from coach.clinicians.models import Clinician
from coach.content.gsm import segment_count
from coach.conversations.models import (
    Conversation,
    ConversationEntry,
    EntryKind,
)
from coach.conversations.schemas import (
    ConversationOut,
    EntryOut,
    LastMessage,
)
from coach.errors import NotFound
from coach.messaging.models import InboundMessage, OutboxMessage
from coach.patients.models import Patient
from coach.patients.service import visible

PREVIEW = 80


def load(session: Session, actor: Clinician, conversation_id: int) -> tuple[Conversation, Patient]:
    """The conversation and its patient if `actor` may see them; NotFound otherwise."""
    row = session.exec(
        select(Conversation, Patient)
        .join(Patient, col(Patient.id) == col(Conversation.patient_id))
        .where(visible(actor))
        .where(Conversation.id == conversation_id)
    ).first()
    if row is None:
        raise NotFound(f"no conversation {conversation_id}")
    return row


def text_of(session: Session, entry: ConversationEntry) -> str | None:
    """What a thread line says (the text, the patient's SMS or the alert's reason)."""
    if entry.kind == EntryKind.inbound and entry.inbound_id is not None:
        inbound = session.get(InboundMessage, entry.inbound_id)
        return inbound.body if inbound else None
    if entry.kind == EntryKind.alert and entry.alert_id is not None:
        alert = session.get(Alert, entry.alert_id)
        return alert.reason if alert else None
    return entry.text


def entry_out(session: Session, entry: ConversationEntry) -> EntryOut:
    """The API view of one thread line."""
    assert entry.id is not None
    out = EntryOut(
        id=entry.id,
        kind=entry.kind,
        at=entry.at,
        text=text_of(session, entry),
        clinician_id=entry.clinician_id,
    )
    if entry.outbox_id is not None:
        row = session.get(OutboxMessage, entry.outbox_id)
        out.delivery_status = row.status if row else None
        out.segments = segment_count(entry.text or "")
    if entry.alert_id is not None:
        alert = session.get(Alert, entry.alert_id)
        out.alert_id = entry.alert_id
        out.alert_kind = alert.kind if alert else None
    return out


def summary(
    session: Session, conversation: Conversation, patient: Patient, now: datetime
) -> ConversationOut:
    """The API view of a conversation, with its newest line and how long the patient waits."""
    assert conversation.id is not None
    last = session.exec(
        select(ConversationEntry)
        .where(ConversationEntry.conversation_id == conversation.id)
        .order_by(col(ConversationEntry.at).desc(), col(ConversationEntry.id).desc())
        .limit(1)
    ).first()
    preview = None
    if last is not None:
        text = text_of(session, last) or ""
        cut = text if len(text) <= PREVIEW else text[: PREVIEW - 3].rstrip() + "..."
        preview = LastMessage(kind=last.kind, preview=cut, at=last.at)
    waiting = conversation.waiting_since
    return ConversationOut(
        id=conversation.id,
        patient_id=conversation.patient_id,
        first_name=patient.first_name,
        status=conversation.status,
        assignee_id=conversation.assignee_id,
        urgent=conversation.urgent,
        opened_by=conversation.opened_by,
        opened_at=conversation.opened_at,
        last_activity_at=conversation.last_activity_at,
        waiting_seconds=max(int((now - waiting).total_seconds()), 0) if waiting else None,
        first_response_at=conversation.first_response_at,
        closed_at=conversation.closed_at,
        last_message=preview,
    )
