"""The suppression list: numbers that opted out stay opted out across patients.

A patient row can change phone, be unenrolled or be enrolled again by another clinician;
the number's opt-out must survive all of that (FCC: consent is revoked "by any reasonable
means" and stays revoked). Only a START from the number itself lifts it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from coach.errors import Conflict
from coach.patients.models import SuppressedNumber

MESSAGE = (
    "this number asked not to be texted or called; it can be enrolled again once the "
    "patient texts START to the coach's number"
)


def suppress(*, session: Session, phone: str, now: datetime, reason: str) -> None:
    """Add `phone` to the list (keeps the first opt-out's time and reason)."""
    if session.get(SuppressedNumber, phone) is None:
        session.add(SuppressedNumber(phone=phone, since=now, reason=reason[:40]))


def release(*, session: Session, phone: str) -> None:
    """The number texted START: it may be messaged again."""
    row = session.get(SuppressedNumber, phone)
    if row is not None:
        session.delete(row)


def suppressed(session: Session, phones: Iterable[str]) -> set[str]:
    """Which of `phones` are on the list."""
    wanted = list(set(phones))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(
            session.exec(
                select(SuppressedNumber.phone).where(col(SuppressedNumber.phone).in_(chunk))
            ).all()
        )
    return found


def refuse_if_suppressed(session: Session, phone: str) -> None:
    """Conflict (409) when `phone` is on the list."""
    if session.get(SuppressedNumber, phone) is not None:
        raise Conflict(MESSAGE, field="phone")
