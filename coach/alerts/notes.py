"""Clinicians' notes on alerts: each acknowledgement's note is added, never overwritten."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from coach.alerts.models import Alert, AlertNote


def add(*, session: Session, alert: Alert, clinician_id: int, text: str, now: datetime) -> None:
    """Keep a note on the alert (the alert's `note` shows the newest); a retried request
    repeating the clinician's newest note adds nothing."""
    assert alert.id is not None
    newest = session.exec(
        select(AlertNote).where(AlertNote.alert_id == alert.id).order_by(col(AlertNote.id).desc())
    ).first()
    if newest is not None and newest.text == text and newest.clinician_id == clinician_id:
        return
    session.add(AlertNote(alert_id=alert.id, clinician_id=clinician_id, text=text, at=now))
    alert.note = text


def for_alerts(session: Session, alert_ids: Sequence[int]) -> dict[int, list[AlertNote]]:
    """The notes of each alert, oldest first (one query for a page of alerts)."""
    if not alert_ids:
        return {}
    rows = session.exec(
        select(AlertNote)
        .where(col(AlertNote.alert_id).in_(list(alert_ids)))
        .order_by(col(AlertNote.at), col(AlertNote.id))
    ).all()
    found: dict[int, list[AlertNote]] = {}
    for row in rows:
        found.setdefault(row.alert_id, []).append(row)
    return found
