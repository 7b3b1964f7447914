"""Dashboard accounts: invitations, passwords (argon2), sign-in with lockout, sessions.

Tokens (invitation links, session cookies) are 256 random bits; only their SHA-256 is
stored, so a copy of the database opens no session and sets no password.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete
from sqlmodel import Session, col, func, select

from coach.clinicians.models import Clinician
from coach.dashboard import sealing, totp
from coach.dashboard.models import WebInvite, WebLoginFailure, WebPassword, WebSession
from coach.errors import Conflict, InvalidInput, NotFound, Unauthorized

INVITE_VALID = timedelta(hours=72)
IDLE_EXPIRY = timedelta(minutes=30)
MAX_SESSION = timedelta(hours=12)
LOCKOUT_FAILURES = 5  # per email
CLIENT_LOCKOUT_FAILURES = 20  # per client address, whatever emails it tries
LOCKOUT_WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 12
NO_SECRET_KEY = (
    "two-step sign-in needs the server's COACH_SECRET_KEY setting, which is not set; "
    "tell whoever runs the coach"
)
ALREADY_ON = "two-step sign-in is already on for this account; nothing was changed"
# Touching last_seen_at at most once a minute keeps page views from writing every time.
TOUCH_EVERY = timedelta(seconds=60)

log = logging.getLogger(__name__)
_hasher = PasswordHasher()
# Verified when the email is unknown, so timing does not tell which emails exist.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class LockedOut(Unauthorized):
    """Too many failed sign-ins for this email, or from this client address, lately."""

    code = "locked_out"


def digest(token: str) -> str:
    """SHA-256 of a random token (tokens are 256 bits: no slow hash needed)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_invite(*, session: Session, clinician: Clinician, now: datetime) -> str:
    """A new one-time invitation token for `clinician`, valid 72 hours (returned once)."""
    assert clinician.id is not None
    token = secrets.token_urlsafe(32)
    session.add(
        WebInvite(
            clinician_id=clinician.id,
            token_hash=digest(token),
            expires_at=now + INVITE_VALID,
            created_at=now,
        )
    )
    session.commit()
    return token


def reinvite(
    *, session: Session, clinician: Clinician, now: datetime, reset_two_step: bool = False
) -> str:
    """A new invitation for an existing clinician (an old link lapsed, a password was
    forgotten); earlier unused links stop working. With `reset_two_step`, two-step sign-in
    is turned off (a lost phone) and every session ends; the clinician turns it on again.
    """
    assert clinician.id is not None
    if clinician.disabled_at is not None:
        raise Conflict(
            f"{clinician.email} is disabled; `coach clinicians rotate-key` re-enables them",
            field="email",
        )
    for old in session.exec(
        select(WebInvite)
        .where(WebInvite.clinician_id == clinician.id)
        .where(col(WebInvite.used_at).is_(None))
    ).all():
        old.used_at = now
        session.add(old)
    if reset_two_step:
        stored = session.get(WebPassword, clinician.id)
        if stored is not None:
            stored.totp_secret, stored.totp_last_step = None, None
            session.add(stored)
        session.execute(delete(WebSession).where(col(WebSession.clinician_id) == clinician.id))
    session.commit()
    return create_invite(session=session, clinician=clinician, now=now)


def invited_clinician(*, session: Session, token: str, now: datetime) -> Clinician:
    """The enabled clinician a usable invitation is for; NotFound for a bad, used or old one."""
    invite = session.exec(select(WebInvite).where(WebInvite.token_hash == digest(token))).first()
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        raise NotFound("this invitation link is not valid (used, expired or mistyped)")
    clinician = session.get(Clinician, invite.clinician_id)
    if clinician is None or clinician.disabled_at is not None:
        raise NotFound("this invitation link is not valid (used, expired or mistyped)")
    return clinician


def accept_invite(
    *, session: Session, token: str, password: str, confirm: str, now: datetime
) -> Clinician:
    """Set the password of an invitation's clinician and use the invitation up."""
    clinician = invited_clinician(session=session, token=token, now=now)
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            f"the password must be at least {MIN_PASSWORD} characters", field="password"
        )
    if password != confirm:
        raise InvalidInput("the two passwords differ", field="confirm")
    assert clinician.id is not None
    stored = session.get(WebPassword, clinician.id)
    if stored is None:
        stored = WebPassword(clinician_id=clinician.id, password_hash="")
    stored.password_hash = _hasher.hash(password)
    stored.updated_at = now
    session.add(stored)
    invite = session.exec(select(WebInvite).where(WebInvite.token_hash == digest(token))).one()
    invite.used_at = now
    session.add(invite)
    # A new password ends every session opened with the old one.
    session.execute(delete(WebSession).where(col(WebSession.clinician_id) == clinician.id))
    session.commit()
    return clinician


def _failures(
    session: Session, now: datetime, *, email: str | None = None, client: str | None = None
) -> int:
    query = (
        select(func.count())
        .select_from(WebLoginFailure)
        .where(col(WebLoginFailure.at) > now - LOCKOUT_WINDOW)
    )
    if email is not None:
        query = query.where(WebLoginFailure.email == email)
    if client is not None:
        query = query.where(WebLoginFailure.client == client)
    return int(session.exec(query).one())


def _record_failure(session: Session, email: str, client: str | None, now: datetime) -> None:
    session.add(WebLoginFailure(email=email[:320], client=client, at=now))
    session.execute(delete(WebLoginFailure).where(col(WebLoginFailure.at) <= now - LOCKOUT_WINDOW))
    session.commit()


def _context(clinician_id: int | None) -> str:
    """What a sealed TOTP secret is bound to: its clinician."""
    return f"totp:{clinician_id}"


def check_password(
    *,
    session: Session,
    email: str,
    password: str,
    now: datetime,
    code: str = "",
    client: str | None = None,
    secret_key: str | None = None,
) -> Clinician:
    """The enabled clinician with this email and password (and TOTP code, when turned on).

    Unauthorized otherwise. Failures are counted per email and per client address: five
    for one email, or twenty from one address, within 15 minutes lock that email or that
    address for the rest of the window (LockedOut), even with the right password, so
    guessing is slow whether one account is tried many times or many accounts once each.
    A TOTP code is accepted once: a code seen before is refused.
    """
    email = email.strip().lower()
    client = client[:64] if client else None
    if client and _failures(session, now, client=client) >= CLIENT_LOCKOUT_FAILURES:
        raise LockedOut("too many failed sign-ins from this address; try again in 15 minutes")
    if _failures(session, now, email=email) >= LOCKOUT_FAILURES:
        raise LockedOut("too many failed sign-ins for this email; try again in 15 minutes")
    clinician = session.exec(select(Clinician).where(Clinician.email == email)).first()
    stored = session.get(WebPassword, clinician.id) if clinician and clinician.id else None
    try:
        _hasher.verify(stored.password_hash if stored else _DUMMY_HASH, password)
        ok = stored is not None and clinician is not None and clinician.disabled_at is None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or clinician is None or stored is None:
        _record_failure(session, email, client, now)
        raise Unauthorized("wrong email or password")
    if stored.totp_secret:
        context = _context(clinician.id)
        try:
            secret = sealing.unseal(stored.totp_secret, secret_key=secret_key, context=context)
        except sealing.Unreadable as exc:
            log.error("two-step sign-in of clinician %s: %s", clinician.id, exc.message)
            raise Unauthorized(
                "two-step sign-in cannot be checked on this server now (its secret key is "
                "missing or was changed); tell whoever runs the coach"
            ) from None
        step = totp.matching_step(secret=secret, code=code, now=now)
        if step is None or (stored.totp_last_step is not None and step <= stored.totp_last_step):
            _record_failure(session, email, client, now)
            raise Unauthorized("enter the current 6-digit code from your authenticator app")
        stored.totp_last_step = step
        if secret_key and not sealing.is_sealed(stored.totp_secret):  # stored before sealing
            stored.totp_secret = sealing.seal(secret, secret_key=secret_key, context=context)
        session.add(stored)
        session.commit()
    return clinician


def totp_enabled(*, session: Session, clinician: Clinician) -> bool:
    """Whether two-step sign-in is on for this clinician."""
    stored = session.get(WebPassword, clinician.id)
    return bool(stored and stored.totp_secret)


def enable_totp(
    *,
    session: Session,
    clinician: Clinician,
    secret: str,
    code: str,
    now: datetime,
    secret_key: str | None,
) -> None:
    """Turn two-step sign-in on once a code from the scanned secret proves the app has it.

    The secret is stored sealed with `secret_key` (COACH_SECRET_KEY); without one, two-step
    sign-in cannot be turned on (InvalidInput saying so). Once on, it is not replaced from
    a signed-in session (Conflict): a stolen session cookie must not swap the second factor.
    """
    if not secret_key:
        raise InvalidInput(NO_SECRET_KEY, field="code")
    stored = session.get(WebPassword, clinician.id)
    if stored is None:
        raise InvalidInput("set a password first", field="code")
    if stored.totp_secret:
        raise Conflict(ALREADY_ON, field="code")
    step = totp.matching_step(secret=secret, code=code, now=now)
    if step is None or len(secret) != 32:
        raise InvalidInput("that code does not match: try the newest one", field="code")
    sealed = sealing.seal(secret, secret_key=secret_key, context=_context(clinician.id))
    stored.totp_secret, stored.totp_last_step = sealed, step
    session.add(stored)
    session.commit()


@dataclass(frozen=True)
class NewSession:
    """A session just opened: the cookie value (given out once) and its CSRF token."""

    token: str
    csrf_token: str


def open_session(*, session: Session, clinician: Clinician, now: datetime) -> NewSession:
    """Start a browser session for `clinician`."""
    assert clinician.id is not None
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(
        WebSession(
            token_hash=digest(token),
            clinician_id=clinician.id,
            csrf_token=csrf,
            created_at=now,
            last_seen_at=now,
        )
    )
    session.commit()
    return NewSession(token=token, csrf_token=csrf)


def resume_session(
    *, session: Session, token: str | None, now: datetime
) -> tuple[Clinician, WebSession] | None:
    """The clinician and session behind a cookie, or None (unknown, idle, too old, disabled).

    A disabled clinician's sessions are all deleted the first time any of them is used.
    """
    if not token:
        return None
    row = session.exec(select(WebSession).where(WebSession.token_hash == digest(token))).first()
    if row is None or not hmac.compare_digest(row.token_hash, digest(token)):
        return None
    clinician = session.get(Clinician, row.clinician_id)
    if clinician is None or clinician.disabled_at is not None:
        revoke_all(session=session, clinician_id=row.clinician_id)
        return None
    if now - row.last_seen_at > IDLE_EXPIRY or now - row.created_at > MAX_SESSION:
        session.delete(row)
        session.commit()
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)
        session.commit()
    return clinician, row


def close_session(*, session: Session, token: str | None) -> None:
    """Sign out: forget the session behind this cookie."""
    if token:
        session.execute(delete(WebSession).where(col(WebSession.token_hash) == digest(token)))
        session.commit()


def revoke_all(*, session: Session, clinician_id: int) -> None:
    """End every dashboard session of a clinician."""
    session.execute(delete(WebSession).where(col(WebSession.clinician_id) == clinician_id))
    session.commit()
