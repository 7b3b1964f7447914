"""What clinicians do in the inbox: list, read, reply by SMS, note, assign, close, reopen.

A conversation is visible to whoever may see its patient (another clinician gets NotFound,
as for a missing one); every read and change is audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, select

from coach.clinicians import audit
from coach.clinicians.models import Clinician, Role
from coach.conversations.inbound import current
from coach.conversations.models import (
    Conversation,
    ConversationEntry,
    ConversationStatus,
    EntryKind,
)
from coach.conversations.schemas import (
    Assigned,
    ConversationOut,
    EntryOut,
    ThreadOut,
)
from coach.conversations.views import entry_out, load, summary
from coach.errors import Conflict, InvalidInput
from coach.patients.models import Patient
from coach.patients.schemas import Page
from coach.patients.service import visible


def _commit_audited(
    session: Session,
    actor: Clinician,
    action: str,
    patient: Patient,
    conversation_id: int,
    now: datetime,
    extra: str = "",
) -> None:
    """Audit what `actor` did to one conversation and commit it with the change."""
    detail = f"conversation {conversation_id}{extra}"
    audit.record(session, actor, action, patient.id, now=now, detail=detail)
    session.commit()


def list_conversations(
    *,
    session: Session,
    actor: Clinician,
    status: ConversationStatus,
    assigned: Assigned,
    limit: int,
    offset: int,
    now: datetime,
    order: Literal["activity", "triage"] = "activity",
) -> Page[ConversationOut]:
    """Conversations about `actor`'s patients, newest activity first.

    `order="triage"` (the dashboard's inbox) lists urgent ones first, then whoever has
    waited longest, then those nobody waits on by newest activity.
    """
    query = (
        select(Conversation, Patient)
        .join(Patient, col(Patient.id) == col(Conversation.patient_id))
        .where(visible(actor))
        .where(col(Conversation.status) == status)
    )
    if assigned == "me":
        query = query.where(Conversation.assignee_id == actor.id)
    elif assigned == "unassigned":
        query = query.where(col(Conversation.assignee_id).is_(None))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    ordering: list[ColumnElement[Any]] = [
        col(Conversation.last_activity_at).desc(),
        col(Conversation.id).desc(),
    ]
    if order == "triage":
        waiting = col(Conversation.waiting_since)
        ordering[:0] = [col(Conversation.urgent).desc(), waiting.is_(None), waiting.asc()]
    rows = session.exec(query.order_by(*ordering).limit(limit).offset(offset)).all()
    audit.record_many(
        session, actor, "conversation.list", sorted({p.id or 0 for _, p in rows}), now=now
    )
    session.commit()
    items = [summary(session, c, p, now) for c, p in rows]
    return Page[ConversationOut](items=items, total=int(total), limit=limit, offset=offset)


def get_thread(
    *, session: Session, actor: Clinician, conversation_id: int, now: datetime
) -> ThreadOut:
    """The whole thread: texts both ways (with delivery status), notes and alerts, in order."""
    conversation, patient = load(session, actor, conversation_id)
    entries = session.exec(
        select(ConversationEntry).where(ConversationEntry.conversation_id == conversation_id)
    ).all()
    # An alert raised by a text is linked before the text joins: list it after its cause.
    ordered = sorted(entries, key=lambda e: (e.at, e.kind == EntryKind.alert, e.id or 0))
    _commit_audited(session, actor, "conversation.read", patient, conversation_id, now)
    head = summary(session, conversation, patient, now)
    return ThreadOut(**head.model_dump(), entries=[entry_out(session, e) for e in ordered])


def add_note(
    *, session: Session, actor: Clinician, conversation_id: int, text: str, now: datetime
) -> EntryOut:
    """An internal note on the thread; never sent."""
    _conversation, patient = load(session, actor, conversation_id)
    entry = ConversationEntry(
        conversation_id=conversation_id,
        kind=EntryKind.note,
        clinician_id=actor.id,
        text=text,
        at=now,
    )
    session.add(entry)
    _commit_audited(session, actor, "conversation.note", patient, conversation_id, now)
    return entry_out(session, entry)


def assign(
    *,
    session: Session,
    actor: Clinician,
    conversation_id: int,
    clinician_id: int | None,
    now: datetime,
) -> ConversationOut:
    """Give the conversation to a clinician who may see the patient (or to nobody)."""
    conversation, patient = load(session, actor, conversation_id)
    if clinician_id is not None:
        assignee = session.get(Clinician, clinician_id)
        if (
            assignee is None
            or assignee.disabled_at is not None
            or (assignee.role != Role.admin and assignee.id != patient.clinician_id)
        ):
            raise InvalidInput("that clinician cannot see this patient", field="clinician_id")
    conversation.assignee_id = clinician_id
    session.add(conversation)
    _commit_audited(
        session,
        actor,
        "conversation.assign",
        patient,
        conversation_id,
        now,
        extra=f" to {clinician_id}",
    )
    return summary(session, conversation, patient, now)


def close(
    *, session: Session, actor: Clinician, conversation_id: int, now: datetime
) -> ConversationOut:
    """Close the conversation: the patient's next text the coach cannot answer opens a new one."""
    conversation, patient = load(session, actor, conversation_id)
    if conversation.status == ConversationStatus.open:
        conversation.status = ConversationStatus.closed
        conversation.closed_at = now
        conversation.closed_by = actor.id
        conversation.waiting_since = None
        session.add(conversation)
        _commit_audited(session, actor, "conversation.close", patient, conversation_id, now)
    return summary(session, conversation, patient, now)


def reopen(
    *, session: Session, actor: Clinician, conversation_id: int, now: datetime
) -> ConversationOut:
    """Open a closed conversation again (Conflict if the patient has another open one)."""
    conversation, patient = load(session, actor, conversation_id)
    if conversation.status == ConversationStatus.closed:
        other = current(session, conversation.patient_id)
        if other is not None:
            raise Conflict(f"the patient already has an open conversation ({other.id})")
        conversation.status = ConversationStatus.open
        conversation.closed_at = None
        conversation.closed_by = None
        conversation.last_activity_at = now
        session.add(conversation)
        _commit_audited(session, actor, "conversation.reopen", patient, conversation_id, now)
    return summary(session, conversation, patient, now)
