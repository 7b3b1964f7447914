"""Conversations (one open per patient) and the entries of their thread."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String, text
from sqlmodel import Field, SQLModel

from coach.db import UTCDateTime, utcnow


class ConversationStatus(StrEnum):
    """Open until a clinician closes it."""

    open = "open"
    closed = "closed"


class EntryKind(StrEnum):
    """What one line of a thread is."""

    inbound = "inbound"  # the patient's text
    coach = "coach"  # the coach's automatic answer to it
    clinician = "clinician"  # a clinician's SMS (an outbox row)
    note = "note"  # an internal note, never sent
    alert = "alert"  # an alert raised about the patient


class Conversation(SQLModel, table=True):
    """A thread a human handles; at most one open per patient (a partial unique index)."""

    __table_args__ = (
        Index(
            "ux_conversation_open_patient",
            "patient_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    status: ConversationStatus = Field(default=ConversationStatus.open, sa_type=String(10))
    assignee_id: int | None = Field(default=None, foreign_key="clinician.id", index=True)
    urgent: bool = False
    opened_by: str = Field(max_length=20)  # "patient", "alert" or "clinician"
    opened_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_activity_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    # The oldest patient message no clinician has answered yet (None: nobody is waiting).
    waiting_since: datetime | None = Field(default=None, sa_type=UTCDateTime)
    first_response_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    first_response_by: int | None = Field(default=None, foreign_key="clinician.id")
    holding_sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_by: int | None = Field(default=None, foreign_key="clinician.id")


class ConversationEntry(SQLModel, table=True):
    """One line of a thread; an inbound text or an alert joins at most one thread once."""

    __tablename__ = "conversation_entry"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", index=True)
    kind: EntryKind = Field(sa_type=String(12))
    inbound_id: int | None = Field(default=None, foreign_key="inbound_message.id", unique=True)
    outbox_id: int | None = Field(default=None, foreign_key="outbox_message.id", unique=True)
    alert_id: int | None = Field(default=None, foreign_key="alert.id", unique=True)
    clinician_id: int | None = Field(default=None, foreign_key="clinician.id")
    text: str | None = Field(default=None, max_length=2000)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
