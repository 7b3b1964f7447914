"""Reconcile: sends a crash or a lost answer left in doubt.

A row stuck in `sending` (its worker died mid-send) or `unknown` (Twilio's answer never
came) is never sent again: Twilio may have it. Where Twilio's message log can tell, a text
found there is recorded as `sent` with its SID; otherwise it stays `unknown` for a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, update
from sqlmodel import col, select

from coach.db import session_scope
from coach.messaging import outbox
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.messaging.transport import Transport

LOOK_BACK = timedelta(hours=24)
LOOKUPS_PER_RUN = 50


@dataclass
class ReconcileReport:
    """What one reconcile run did."""

    stuck: int = 0
    found: int = 0


def reconcile(
    *, engine: Engine, transport: Transport, now: datetime, stuck_after: timedelta
) -> ReconcileReport:
    """Mark stuck sends unknown, then look recent unknown texts up at Twilio."""
    report = ReconcileReport()
    with session_scope(engine) as session:
        report.stuck = len(outbox.mark_stuck(session=session, now=now, after=stuck_after))
    with session_scope(engine) as session:
        doubtful = session.exec(
            select(OutboxMessage)
            .where(col(OutboxMessage.status) == OutboxStatus.unknown)
            .where(col(OutboxMessage.channel) == "sms")
            .where(col(OutboxMessage.twilio_sid).is_(None))
            .where(col(OutboxMessage.claimed_at) >= now - LOOK_BACK)
            .order_by(col(OutboxMessage.claimed_at).desc())
            .limit(LOOKUPS_PER_RUN)
        ).all()
    found: list[tuple[int, str]] = []
    for row in doubtful:  # network calls outside any transaction
        assert row.id is not None and row.claimed_at is not None
        since = row.claimed_at - timedelta(minutes=1)
        sid = transport.find_sms(to=row.to_phone, body=row.body, since=since)
        if sid is not None:
            found.append((row.id, sid))
    with session_scope(engine) as session:
        for row_id, sid in found:
            session.execute(
                update(OutboxMessage)
                .where(col(OutboxMessage.id) == row_id)
                .where(col(OutboxMessage.status) == OutboxStatus.unknown)
                .values(status=OutboxStatus.sent, twilio_sid=sid, sent_at=now, updated_at=now)
            )
    report.found = len(found)
    return report
