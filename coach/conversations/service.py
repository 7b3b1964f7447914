"""What clinicians do in the inbox: list, read, reply by SMS, note, assign, close, reopen.

A conversation is visible to whoever may see its patient (another clinician gets NotFound,
as for a missing one); every read and change is audited.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select

from coach.alerts.models import Alert
from coach.clinicians import audit
from coach.clinicians.models import Clinician, Role
from coach.content.gsm import segment_count
from coach.content.library import Library
from coach.conversations import signals
from coach.conversations.inbound import current, open_conversation
from coach.conversations.models import (
    Conversation,
    ConversationEntry,
    ConversationStatus,
    EntryKind,
)
from coach.conversations.schemas import (
    Assigned,
    CannedOut,
    ConversationOut,
    EntryOut,
    LastMessage,
    MessageIn,
    SentOut,
    ThreadOut,
)
from coach.errors import Conflict, InvalidInput, NotFound
from coach.messaging import outbox
from coach.messaging.models import InboundMessage, OutboxMessage
from coach.patients import suppression
from coach.patients.models import Channel, Patient, PatientStatus
from coach.patients.schemas import Page
from coach.patients.service import owned_patient, visible
from coach.patients.texts import text_for
from coach.scheduling.localtime import in_quiet_hours, local_now, next_quiet_start
from coach.settings import Settings

PREVIEW = 80
SEND_WITHIN = timedelta(hours=2)  # a clinician's text not out by then is stale: it expires


def _load(session: Session, actor: Clinician, conversation_id: int) -> tuple[Conversation, Patient]:
    row = session.exec(
        select(Conversation, Patient)
        .join(Patient, col(Patient.id) == col(Conversation.patient_id))
        .where(visible(actor))
        .where(Conversation.id == conversation_id)
    ).first()
    if row is None:
        raise NotFound(f"no conversation {conversation_id}")
    return row


def _text_of(session: Session, entry: ConversationEntry) -> str | None:
    if entry.kind == EntryKind.inbound and entry.inbound_id is not None:
        inbound = session.get(InboundMessage, entry.inbound_id)
        return inbound.body if inbound else None
    if entry.kind == EntryKind.alert and entry.alert_id is not None:
        alert = session.get(Alert, entry.alert_id)
        return alert.reason if alert else None
    return entry.text


def _entry_out(session: Session, entry: ConversationEntry) -> EntryOut:
    assert entry.id is not None
    out = EntryOut(
        id=entry.id,
        kind=entry.kind,
        at=entry.at,
        text=_text_of(session, entry),
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


def _summary(
    session: Session, conversation: Conversation, patient: Patient, now: datetime
) -> ConversationOut:
    assert conversation.id is not None
    last = session.exec(
        select(ConversationEntry)
        .where(ConversationEntry.conversation_id == conversation.id)
        .order_by(col(ConversationEntry.at).desc(), col(ConversationEntry.id).desc())
        .limit(1)
    ).first()
    preview = None
    if last is not None:
        text = _text_of(session, last) or ""
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


def list_conversations(
    *,
    session: Session,
    actor: Clinician,
    status: ConversationStatus,
    assigned: Assigned,
    limit: int,
    offset: int,
    now: datetime,
) -> Page[ConversationOut]:
    """Conversations about `actor`'s patients, newest activity first."""
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
    rows = session.exec(
        query.order_by(col(Conversation.last_activity_at).desc(), col(Conversation.id).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    audit.record_many(
        session, actor, "conversation.list", sorted({p.id or 0 for _, p in rows}), now=now
    )
    session.commit()
    items = [_summary(session, c, p, now) for c, p in rows]
    return Page[ConversationOut](items=items, total=int(total), limit=limit, offset=offset)


def get_thread(
    *, session: Session, actor: Clinician, conversation_id: int, now: datetime
) -> ThreadOut:
    """The whole thread: texts both ways (with delivery status), notes and alerts, in order."""
    conversation, patient = _load(session, actor, conversation_id)
    entries = session.exec(
        select(ConversationEntry).where(ConversationEntry.conversation_id == conversation_id)
    ).all()
    # An alert raised by a text is linked before the text joins: list it after its cause.
    ordered = sorted(entries, key=lambda e: (e.at, e.kind == EntryKind.alert, e.id or 0))
    audit.record(
        session,
        actor,
        "conversation.read",
        patient.id,
        now=now,
        detail=f"conversation {conversation_id}",
    )
    session.commit()
    summary = _summary(session, conversation, patient, now)
    return ThreadOut(**summary.model_dump(), entries=[_entry_out(session, e) for e in ordered])


def _check_sendable(session: Session, patient: Patient, body: MessageIn, now: datetime) -> None:
    """Conflict when this patient may not be texted now."""
    if patient.status in (
        PatientStatus.opted_out,
        PatientStatus.unenrolled,
    ) or suppression.suppressed(session, [patient.phone]):
        raise Conflict("the patient has stopped texts (opted out or unenrolled): nothing was sent")
    if patient.channel == Channel.voice and not patient.sms_consent:
        raise Conflict(
            "this voice patient has not agreed to texts: call them instead (nothing was sent)"
        )
    local = local_now(now, patient.timezone).time()
    if not body.send_in_quiet_hours and in_quiet_hours(
        local, patient.quiet_start, patient.quiet_end
    ):
        raise Conflict(
            "it is the patient's quiet hours; send later, or set send_in_quiet_hours to true",
            field="send_in_quiet_hours",
        )


def _send(
    *,
    session: Session,
    actor: Clinician,
    library: Library,
    settings: Settings,
    conversation: Conversation,
    patient: Patient,
    body: MessageIn,
    now: datetime,
) -> SentOut:
    assert conversation.id is not None and actor.id is not None
    if body.canned is not None:
        if not library.has_template(body.canned, "en"):
            raise InvalidInput(f"no canned reply {body.canned!r}", field="canned")
        text = text_for(library, settings, patient, body.canned)
    else:
        assert body.text is not None
        text = body.text
    entry = ConversationEntry(
        conversation_id=conversation.id,
        kind=EntryKind.clinician,
        clinician_id=actor.id,
        text=text,
        at=now,
    )
    session.add(entry)
    session.flush()
    assert entry.id is not None
    expires = now + SEND_WITHIN
    if not body.send_in_quiet_hours:
        expires = min(expires, next_quiet_start(now, patient.timezone, patient.quiet_start))
    slot = f"conversation:{conversation.id}:sms:{entry.id}"
    outbox.enqueue(
        session=session,
        patient=patient,
        slot_key=slot,
        kind="clinician",
        template_id=body.canned,
        body=text,
        due_at=now,
        expires_at=expires,
        now=now,
    )
    entry.outbox_id = session.exec(
        select(OutboxMessage.id).where(OutboxMessage.slot_key == slot)
    ).one()
    if conversation.first_response_at is None and conversation.opened_by != "clinician":
        conversation.first_response_at = now
        conversation.first_response_by = actor.id
    if conversation.assignee_id is None:
        conversation.assignee_id = actor.id
    conversation.waiting_since = None
    conversation.last_activity_at = now
    session.add_all([entry, conversation])
    signals.emit(
        session=session,
        settings=settings,
        patient=patient,
        event="conversation.message",
        conversation_id=conversation.id,
        entry_id=entry.id,
        now=now,
    )
    audit.record(
        session,
        actor,
        "conversation.message",
        patient.id,
        now=now,
        detail=f"conversation {conversation.id}",
    )
    session.commit()
    return SentOut(
        conversation_id=conversation.id,
        entry=_entry_out(session, entry),
        segments=segment_count(text),
    )


def send_message(
    *,
    session: Session,
    actor: Clinician,
    library: Library,
    settings: Settings,
    conversation_id: int,
    body: MessageIn,
    now: datetime,
) -> SentOut:
    """Text the patient now, through the outbox (Conflict when they may not be texted)."""
    conversation, patient = _load(session, actor, conversation_id)
    if conversation.status != ConversationStatus.open:
        raise Conflict("this conversation is closed: reopen it first")
    _check_sendable(session, patient, body, now)
    return _send(
        session=session, actor=actor, library=library, settings=settings,
        conversation=conversation, patient=patient, body=body, now=now,
    )  # fmt: skip


def start_conversation(
    *,
    session: Session,
    actor: Clinician,
    library: Library,
    settings: Settings,
    patient_id: int,
    body: MessageIn,
    now: datetime,
) -> SentOut:
    """Text a patient, opening a conversation (or joining the open one)."""
    patient = owned_patient(session=session, actor=actor, patient_id=patient_id)
    _check_sendable(session, patient, body, now)
    conversation, _ = open_conversation(
        session=session, settings=settings, patient=patient, opened_by="clinician", now=now
    )
    return _send(
        session=session, actor=actor, library=library, settings=settings,
        conversation=conversation, patient=patient, body=body, now=now,
    )  # fmt: skip


def add_note(
    *, session: Session, actor: Clinician, conversation_id: int, text: str, now: datetime
) -> EntryOut:
    """An internal note on the thread; never sent."""
    _conversation, patient = _load(session, actor, conversation_id)
    entry = ConversationEntry(
        conversation_id=conversation_id,
        kind=EntryKind.note,
        clinician_id=actor.id,
        text=text,
        at=now,
    )
    session.add(entry)
    audit.record(
        session,
        actor,
        "conversation.note",
        patient.id,
        now=now,
        detail=f"conversation {conversation_id}",
    )
    session.commit()
    return _entry_out(session, entry)


def assign(
    *,
    session: Session,
    actor: Clinician,
    conversation_id: int,
    clinician_id: int | None,
    now: datetime,
) -> ConversationOut:
    """Give the conversation to a clinician who may see the patient (or to nobody)."""
    conversation, patient = _load(session, actor, conversation_id)
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
    audit.record(
        session,
        actor,
        "conversation.assign",
        patient.id,
        now=now,
        detail=f"conversation {conversation_id} to {clinician_id}",
    )
    session.commit()
    return _summary(session, conversation, patient, now)


def close(
    *, session: Session, actor: Clinician, conversation_id: int, now: datetime
) -> ConversationOut:
    """Close the conversation: the patient's next text the coach cannot answer opens a new one."""
    conversation, patient = _load(session, actor, conversation_id)
    if conversation.status == ConversationStatus.open:
        conversation.status = ConversationStatus.closed
        conversation.closed_at = now
        conversation.closed_by = actor.id
        conversation.waiting_since = None
        session.add(conversation)
        audit.record(
            session,
            actor,
            "conversation.close",
            patient.id,
            now=now,
            detail=f"conversation {conversation_id}",
        )
        session.commit()
    return _summary(session, conversation, patient, now)


def reopen(
    *, session: Session, actor: Clinician, conversation_id: int, now: datetime
) -> ConversationOut:
    """Open a closed conversation again (Conflict if the patient has another open one)."""
    conversation, patient = _load(session, actor, conversation_id)
    if conversation.status == ConversationStatus.closed:
        other = current(session, conversation.patient_id)
        if other is not None:
            raise Conflict(f"the patient already has an open conversation ({other.id})")
        conversation.status = ConversationStatus.open
        conversation.closed_at = None
        conversation.closed_by = None
        conversation.last_activity_at = now
        session.add(conversation)
        audit.record(
            session,
            actor,
            "conversation.reopen",
            patient.id,
            now=now,
            detail=f"conversation {conversation_id}",
        )
        session.commit()
    return _summary(session, conversation, patient, now)


def canned_replies(library: Library) -> list[CannedOut]:
    """The canned replies in content/, in both languages."""
    ids = sorted({t.id for t in library.iter_templates() if t.id.startswith("canned.")})
    return [
        CannedOut(id=tid, en=library.template(tid, "en").text, es=library.template(tid, "es").text)
        for tid in ids
    ]
