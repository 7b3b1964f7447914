"""Dashboard sign-in tables: passwords, invitations, sessions and failed sign-ins."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from coach.db import UTCDateTime, utcnow


class WebPassword(SQLModel, table=True):
    """A clinician's dashboard password (an argon2 hash; never the password)."""

    __tablename__ = "web_password"

    clinician_id: int = Field(foreign_key="clinician.id", primary_key=True)
    password_hash: str = Field(max_length=200)
    # Two-step sign-in: the TOTP secret once confirmed, sealed with COACH_SECRET_KEY
    # (coach.dashboard.sealing; a plain base32 one from before is sealed at its next use),
    # and the last time step used (a code is accepted once).
    totp_secret: str | None = Field(default=None, max_length=200)
    totp_last_step: int | None = None
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class WebInvite(SQLModel, table=True):
    """A one-time link to set a password; only the token's SHA-256 is stored."""

    __tablename__ = "web_invite"

    id: int | None = Field(default=None, primary_key=True)
    clinician_id: int = Field(foreign_key="clinician.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class WebSession(SQLModel, table=True):
    """A signed-in browser: the cookie's SHA-256, its CSRF token and when it was last used."""

    __tablename__ = "web_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    clinician_id: int = Field(foreign_key="clinician.id", index=True)
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(sa_type=UTCDateTime)
    last_seen_at: datetime = Field(sa_type=UTCDateTime)


class WebLoginFailure(SQLModel, table=True):
    """One failed sign-in: the email tried and the client address it came from (both counted
    for the lockout)."""

    __tablename__ = "web_login_failure"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, index=True)
    client: str | None = Field(default=None, max_length=64, index=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
