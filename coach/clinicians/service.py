"""Clinician accounts and their API keys (only a key's hash is stored)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from coach.clinicians.models import Clinician, Role
from coach.errors import Conflict, InvalidInput, NotFound, Unauthorized

KEY_PREFIX = "nck_"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def hash_key(key: str) -> str:
    """SHA-256 of a key; keys are 256 random bits, so no slow hash is needed."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def new_key() -> str:
    """A fresh random API key."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def create_clinician(
    *, session: Session, name: str, email: str, admin: bool = False, now: datetime
) -> tuple[Clinician, str]:
    """Create a clinician and return it with its API key, which is never stored."""
    name, email = name.strip(), email.strip().lower()
    if not name:
        raise InvalidInput("name must not be empty", field="name")
    if not _EMAIL.fullmatch(email):
        raise InvalidInput("email is not an email address", field="email")
    if session.exec(select(Clinician).where(Clinician.email == email)).first():
        raise Conflict(f"a clinician with email {email} already exists", field="email")
    key = new_key()
    clinician = Clinician(
        name=name,
        email=email,
        role=Role.admin if admin else Role.clinician,
        api_key_hash=hash_key(key),
        key_prefix=key[: len(KEY_PREFIX) + 4],
        created_at=now,
    )
    session.add(clinician)
    session.commit()
    session.refresh(clinician)
    return clinician, key


def list_clinicians(*, session: Session) -> Sequence[Clinician]:
    """Every clinician, oldest first."""
    return session.exec(select(Clinician).order_by(col(Clinician.id))).all()


def _by_email(session: Session, email: str) -> Clinician:
    clinician = session.exec(
        select(Clinician).where(Clinician.email == email.strip().lower())
    ).first()
    if clinician is None:
        raise NotFound(f"no clinician with email {email}", field="email")
    return clinician


def clinician_by_email(*, session: Session, email: str) -> Clinician:
    """The clinician with this email (any case, spaces around it ignored); NotFound if none."""
    return _by_email(session, email)


def disable_clinician(*, session: Session, email: str, now: datetime) -> Clinician:
    """Disable a clinician's key at once; their patients stay enrolled."""
    clinician = _by_email(session, email)
    clinician.disabled_at = clinician.disabled_at or now
    session.add(clinician)
    session.commit()
    return clinician


def rotate_key(*, session: Session, email: str) -> tuple[Clinician, str]:
    """Replace a clinician's key (the old one stops working) and re-enable it."""
    clinician = _by_email(session, email)
    key = new_key()
    clinician.api_key_hash = hash_key(key)
    clinician.key_prefix = key[: len(KEY_PREFIX) + 4]
    clinician.disabled_at = None
    session.add(clinician)
    session.commit()
    return clinician, key


def authenticate(*, session: Session, key: str | None) -> Clinician:
    """The enabled clinician holding `key`, or `Unauthorized`."""
    if not key:
        raise Unauthorized("missing API key: send Authorization: Bearer <key>")
    digest = hash_key(key)
    clinician = session.exec(select(Clinician).where(Clinician.api_key_hash == digest)).first()
    # The lookup is by digest; compare again in constant time so timing says nothing.
    if clinician is None or not hmac.compare_digest(clinician.api_key_hash, digest):
        raise Unauthorized("invalid API key")
    if clinician.disabled_at is not None:
        raise Unauthorized("this API key is disabled")
    return clinician
