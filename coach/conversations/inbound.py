"""How texts and alerts reach the inbox: opening the one conversation of a patient, joining
later messages to it, and the holding reply sent once per conversation.

Two texts racing in on PostgreSQL cannot open two conversations: a partial unique index
allows one open conversation per patient, and the loser of the race joins the winner's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from coach.alerts.models import Alert, AlertKind
from coach.content.library import Library
from coach.conversations import signals
from coach.conversations.holding import holding_text
from coach.conversations.models import (
    Conversation,
    ConversationEntry,
    ConversationStatus,
    EntryKind,
)
from coach.conversations.routing import needs_human
from coach.messaging.models import InboundMessage, OutboxMessage, OutboxStatus
from coach.patients.models import Patient, PatientStatus
from coach.patients.texts import text_for
from coach.replies.parsing import Intent, ParsedReply
from coach.settings import Settings

# Alerts that open a conversation when none is open (others join an open one only).
OPENING_ALERTS = frozenset({AlertKind.red_flag, AlertKind.persistent, AlertKind.worsening})
# A patient answering a clinician's text within this long opens a conversation again.
ANSWER_WINDOW = timedelta(days=7)
STOPPED = (PatientStatus.opted_out, PatientStatus.unenrolled)


_KNOWN = "coach.open_conversations"  # session.info key: {patient id: open conversation}


@contextmanager
def known_conversation(
    session: Session, patient_id: int, conversation: Conversation | None
) -> Iterator[None]:
    """Within the block, `current` answers for this patient without a query: `conversation`
    (read with the patient, whose row is locked), or the one opened since."""
    known = session.info.setdefault(_KNOWN, {})
    known[patient_id] = conversation
    try:
        yield
    finally:
        known.pop(patient_id, None)


def current(session: Session, patient_id: int) -> Conversation | None:
    """The patient's open conversation, if any."""
    known: dict[int, Conversation | None] = session.info.get(_KNOWN, {})
    if patient_id in known:
        return known[patient_id]
    return session.exec(
        select(Conversation)
        .where(Conversation.patient_id == patient_id)
        .where(col(Conversation.status) == ConversationStatus.open)
    ).first()


def conversation_of(session: Session, message_sid: str) -> int | None:
    """The conversation an inbound text (by its MessageSid) joined, if it joined one."""
    return session.exec(
        select(ConversationEntry.conversation_id)
        .join(InboundMessage, col(InboundMessage.id) == col(ConversationEntry.inbound_id))
        .where(InboundMessage.message_sid == message_sid)
    ).first()


def open_conversation(
    *,
    session: Session,
    settings: Settings,
    patient: Patient,
    opened_by: str,
    now: datetime,
    urgent: bool = False,
) -> tuple[Conversation, bool]:
    """The patient's open conversation, opened now if there is none; True if opened here."""
    assert patient.id is not None
    found = current(session, patient.id)
    if found is not None:
        return found, False
    conversation = Conversation(
        patient_id=patient.id,
        opened_by=opened_by,
        urgent=urgent,
        opened_at=now,
        last_activity_at=now,
    )
    known: dict[int, Conversation | None] = session.info.get(_KNOWN, {})
    scoped = patient.id in known  # inside `known_conversation` for this patient
    try:
        with session.begin_nested():
            session.add(conversation)
    except IntegrityError:  # another request opened it first: join that one
        known.pop(patient.id, None)
        found = current(session, patient.id)
        assert found is not None
        if scoped:
            known[patient.id] = found
        return found, False
    if scoped:
        known[patient.id] = conversation
    assert conversation.id is not None
    signals.emit(
        session=session,
        settings=settings,
        patient=patient,
        event="conversation.opened",
        conversation_id=conversation.id,
        now=now,
    )
    return conversation, True


def _answers_clinician(session: Session, patient_id: int, now: datetime) -> bool:
    """Whether the last text we sent the patient was a clinician's, lately."""
    kind = session.exec(
        select(OutboxMessage.kind)
        .where(OutboxMessage.patient_id == patient_id)
        .where(col(OutboxMessage.kind) != "alert")
        .where(col(OutboxMessage.status).in_([OutboxStatus.sent, OutboxStatus.delivered]))
        .where(col(OutboxMessage.sent_at) >= now - ANSWER_WINDOW)
        .order_by(col(OutboxMessage.sent_at).desc(), col(OutboxMessage.id).desc())
        .limit(1)
    ).first()
    return kind == "clinician"


def route_inbound(
    *,
    session: Session,
    library: Library,
    settings: Settings,
    patient: Patient,
    record: InboundMessage,
    parsed: ParsedReply,
    replies: list[str],
    fallback: str,
    now: datetime,
    answers_clinician: bool | None = None,
) -> list[str]:
    """Put a patient's text in their conversation when a human should see it; returns the
    replies to send instead of `replies`: no "didn't catch that" once a person is reading,
    and the holding reply the first time in a conversation.

    `answers_clinician`: whether the last text sent was a clinician's, lately (read here
    unless given). Nothing is written before the commit unless the alert webhook needs the
    new entry's id.
    """
    assert patient.id is not None and record.id is not None
    stopped = patient.status in STOPPED
    wanted = needs_human(parsed, record.body)
    conversation = current(session, patient.id)
    if conversation is None:
        if stopped or parsed.acknowledgement or parsed.intent in (Intent.opt_out, Intent.opt_in):
            return replies
        if answers_clinician is None:
            answers_clinician = _answers_clinician(session, patient.id, now)
        if not (wanted or answers_clinician):
            return replies
        conversation, _ = open_conversation(
            session=session, settings=settings, patient=patient, opened_by="patient", now=now
        )
    assert conversation.id is not None
    out = [text for text in replies if text != fallback]
    answered = bool(out)
    if not (stopped or out or parsed.acknowledgement):
        if parsed.possible_red_flag:
            # A possible red flag: the safety net every time, so a second worrying text in
            # an open conversation is never met with silence (and never with "Thanks.").
            out = [text_for(library, settings, patient, "review.safety_net")]
            conversation.holding_sent_at = conversation.holding_sent_at or now
        elif conversation.holding_sent_at is None:
            out = [holding_text(library, settings, patient, now)]
            conversation.holding_sent_at = now
    entry = ConversationEntry(
        conversation_id=conversation.id, kind=EntryKind.inbound, inbound_id=record.id, at=now
    )
    session.add(entry)
    session.add_all(
        ConversationEntry(conversation_id=conversation.id, kind=EntryKind.coach, text=t, at=now)
        for t in out
    )
    conversation.last_activity_at = now
    conversation.urgent = conversation.urgent or parsed.red_flag or parsed.possible_red_flag
    if conversation.waiting_since is None and (wanted or not (answered or parsed.acknowledgement)):
        conversation.waiting_since = now
    session.add(conversation)
    if settings.alert_webhook_url:  # the event carries the entry's id
        session.flush()
        assert entry.id is not None
        signals.emit(
            session=session,
            settings=settings,
            patient=patient,
            event="conversation.message",
            conversation_id=conversation.id,
            entry_id=entry.id,
            now=now,
        )
    return out


def link_alert(*, session: Session, settings: Settings, patient: Patient, alert: Alert) -> None:
    """Put an alert in the patient's conversation (opening one for a red flag or persistent
    pain): the alert stays the urgent signal, the conversation is where it is handled."""
    assert patient.id is not None and alert.id is not None
    now = alert.created_at
    conversation = current(session, patient.id)
    if conversation is None:
        if alert.kind not in OPENING_ALERTS:
            return
        conversation, _ = open_conversation(
            session=session, settings=settings, patient=patient, opened_by="alert", now=now
        )
    assert conversation.id is not None
    session.add(
        ConversationEntry(
            conversation_id=conversation.id, kind=EntryKind.alert, alert_id=alert.id, at=now
        )
    )
    conversation.urgent = conversation.urgent or alert.urgent or alert.kind == AlertKind.red_flag
    conversation.last_activity_at = now
    if conversation.waiting_since is None:
        conversation.waiting_since = now
    session.add(conversation)
    session.flush()
