"""A clinician's SMS to a patient: through the outbox at once, never after an opt-out, to a
voice patient without SMS consent or (unless told) in the patient's quiet hours; not
subject to the programme's caps."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from coach.clinicians import audit
from coach.clinicians.models import Clinician
from coach.content.gsm import segment_count
from coach.content.library import Library
from coach.conversations import signals
from coach.conversations.inbound import open_conversation
from coach.conversations.models import (
    Conversation,
    ConversationEntry,
    ConversationStatus,
    EntryKind,
)
from coach.conversations.schemas import (
    CannedOut,
    MessageIn,
    SentOut,
)
from coach.conversations.views import entry_out, load
from coach.errors import Conflict, InvalidInput
from coach.messaging import outbox
from coach.messaging.models import OutboxMessage
from coach.patients import suppression
from coach.patients.models import Channel, Patient, PatientStatus
from coach.patients.service import owned_patient
from coach.patients.texts import text_for
from coach.scheduling.localtime import in_quiet_hours, local_now, next_quiet_start
from coach.settings import Settings

SEND_WITHIN = timedelta(hours=2)  # a clinician's text not out by then is stale: it expires


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
        entry=entry_out(session, entry),
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
    conversation, patient = load(session, actor, conversation_id)
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


def canned_replies(library: Library) -> list[CannedOut]:
    """The canned replies in content/, in both languages."""
    ids = sorted({t.id for t in library.iter_templates() if t.id.startswith("canned.")})
    return [
        CannedOut(id=tid, en=library.template(tid, "en").text, es=library.template(tid, "es").text)
        for tid in ids
    ]
