"""Clinician accounts and the audit log."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from coach.db import UTCDateTime, utcnow


class Role(StrEnum):
    """What a key may see: its own patients, or everyone's."""

    clinician = "clinician"
    admin = "admin"


class Clinician(SQLModel, table=True):
    """A person who enrolls and follows patients, identified by an API key."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    email: str = Field(max_length=320, unique=True)
    role: Role = Field(default=Role.clinician, sa_type=String(20))
    api_key_hash: str = Field(max_length=64, unique=True, index=True)
    key_prefix: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AuditEntry(SQLModel, table=True):
    """One read or change of a patient's data by a clinician."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    clinician_id: int = Field(foreign_key="clinician.id", index=True)
    action: str = Field(max_length=80)
    patient_id: int | None = Field(default=None, index=True)
    detail: str | None = Field(default=None, max_length=500)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
