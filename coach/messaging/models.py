"""The outbox of planned messages and the log of inbound ones."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String, text
from sqlmodel import Field, SQLModel

from coach.db import UTCDateTime, utcnow


class OutboxStatus(StrEnum):
    """Life of an outbound message; see DESIGN.md."""

    scheduled = "scheduled"
    sending = "sending"
    sent = "sent"
    delivered = "delivered"
    failed = "failed"
    undelivered = "undelivered"
    expired = "expired"
    cancelled = "cancelled"
    unknown = "unknown"


class OutboxMessage(SQLModel, table=True):
    """One message to send once, at a due time, before it expires."""

    __tablename__ = "outbox_message"
    # Each index costs the planner's bulk inserts, so there are these only: one serves the
    # dispatcher's claim (status = scheduled, due_at <= now, by due_at) and expiry; one a
    # patient's rows by due time (the planner's history reads, the message log); Twilio's
    # SID is unique once a row has one (status callbacks look rows up by it), and planned
    # rows without one take no entry.
    __table_args__ = (
        Index("ix_outbox_message_status_due_at", "status", "due_at"),
        Index("ix_outbox_message_patient_id_due_at", "patient_id", "due_at"),
        Index(
            "ix_outbox_message_twilio_sid",
            "twilio_sid",
            unique=True,
            postgresql_where=text("twilio_sid IS NOT NULL"),
            sqlite_where=text("twilio_sid IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id")
    slot_key: str = Field(max_length=160, unique=True)
    kind: str = Field(max_length=32)
    template_id: str | None = Field(default=None, max_length=80)
    channel: str = Field(default="sms", max_length=10)
    to_phone: str = Field(max_length=20)
    body: str = Field(max_length=1600)
    status: OutboxStatus = Field(default=OutboxStatus.scheduled, sa_type=String(20))
    due_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    twilio_sid: str | None = Field(default=None, max_length=64)
    error_code: int | None = None
    error_message: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class InboundMessage(SQLModel, table=True):
    """A text a patient (or a stranger) sent us, with how we understood and answered it."""

    __tablename__ = "inbound_message"

    id: int | None = Field(default=None, primary_key=True)
    message_sid: str = Field(max_length=64, unique=True)
    patient_id: int | None = Field(default=None, foreign_key="patient.id", index=True)
    from_phone: str = Field(max_length=32, index=True)
    body: str = Field(max_length=1600)
    intent: str = Field(max_length=32)
    pain: int | None = None
    red_flag: bool = False
    reply: str | None = Field(default=None, max_length=1600)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class SendPace(SQLModel, table=True):
    """The next free sending slot shared by every worker (COACH_SEND_RATE is one rate for
    the whole account, however many workers send): one row, on PostgreSQL."""

    __tablename__ = "send_pace"

    id: int = Field(primary_key=True)
    next_at: datetime = Field(sa_type=UTCDateTime)
