"""Alerts a clinician should look at."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from coach.db import UTCDateTime, utcnow


class AlertKind(StrEnum):
    """Why the clinic is alerted."""

    red_flag = "red_flag"
    persistent = "persistent"
    worsening = "worsening"
    no_response = "no_response"
    wrong_number = "wrong_number"
    undeliverable = "undeliverable"
    review = "review"  # a reply the coach could not handle with confidence (issue 11)


class AlertStatus(StrEnum):
    """Open until a clinician acknowledges it."""

    open = "open"
    acknowledged = "acknowledged"


class Alert(SQLModel, table=True):
    """Something about a patient that a clinician should see."""

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    kind: AlertKind = Field(sa_type=String(20))
    urgent: bool = False
    reason: str = Field(max_length=500)
    # The red-flag category or persistence rule the alert is about (dedupe is per category).
    category: str | None = Field(default=None, max_length=32, index=True)
    status: AlertStatus = Field(default=AlertStatus.open, sa_type=String(20), index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    acknowledged_by: int | None = Field(default=None, foreign_key="clinician.id")
    note: str | None = Field(default=None, max_length=2000)


class AlertNote(SQLModel, table=True):
    """A clinician's note on an alert: every note is kept, with who wrote it and when."""

    __tablename__ = "alert_note"

    id: int | None = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="alert.id", index=True)
    clinician_id: int | None = Field(default=None, foreign_key="clinician.id")
    text: str = Field(max_length=2000)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
