"""Patients and what they report."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from coach.db import UTCDateTime, utcnow


class PatientStatus(StrEnum):
    """Whether the coach may message the patient."""

    active = "active"
    paused = "paused"
    opted_out = "opted_out"
    unenrolled = "unenrolled"
    completed = "completed"


class Channel(StrEnum):
    """How the patient is reached."""

    sms = "sms"
    voice = "voice"


class Frequency(StrEnum):
    """How many non-check-in texts the patient asked for (FEWER / MORE)."""

    fewer = "fewer"
    normal = "normal"
    more = "more"


class Patient(SQLModel, table=True):
    """An enrolled patient; the phone is E.164 and unique."""

    id: int | None = Field(default=None, primary_key=True)
    clinician_id: int = Field(foreign_key="clinician.id", index=True)
    phone: str = Field(max_length=20, unique=True, index=True)
    first_name: str | None = Field(default=None, max_length=60)
    timezone: str = Field(max_length=64)
    language: str = Field(default="en", max_length=5)
    channel: Channel = Field(default=Channel.sms, sa_type=String(10))
    program_id: str = Field(max_length=64)
    start_date: date
    quiet_start: time = Field(default=time(21, 0))
    quiet_end: time = Field(default=time(8, 0))
    consent_given_at: datetime = Field(sa_type=UTCDateTime)
    consent_method: str = Field(max_length=200)
    alert_phone: str | None = Field(default=None, max_length=20)
    status: PatientStatus = Field(default=PatientStatus.active, sa_type=String(20), index=True)
    paused_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # A voice patient gets texts only with this (safety replies to their own texts aside).
    sms_consent: bool = Field(default=False)
    # Days added to the programme's length by a clinician ("extend").
    extra_days: int = Field(default=0)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    frequency: Frequency = Field(default=Frequency.normal, sa_type=String(10))
    # The patient's preferred local check-in time ("TIME 8pm"); None: the programme's window.
    checkin_time: time | None = Field(default=None)
    # How far ahead the patient's texts are planned (the planner's watermark); None after
    # a change that needs a new plan.
    planned_until: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PainReport(SQLModel, table=True):
    """A 0-10 pain score, from a text or a call."""

    __tablename__ = "pain_report"

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    score: int = Field(ge=0, le=10)
    source: str = Field(default="sms", max_length=10)
    reported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    inbound_id: int | None = Field(default=None, foreign_key="inbound_message.id")


class ExerciseLog(SQLModel, table=True):
    """An exercise the patient did or skipped."""

    __tablename__ = "exercise_log"

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    exercise_id: str = Field(max_length=64)
    done: bool
    logged_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SuppressedNumber(SQLModel, table=True):
    """A phone number that asked to stop: nothing may text or call it, whoever enrolls it,
    until the number itself texts START (an opt-out belongs to the number, not the row)."""

    __tablename__ = "suppressed_number"

    phone: str = Field(primary_key=True, max_length=20)
    since: datetime = Field(sa_type=UTCDateTime)
    reason: str = Field(max_length=40)
