"""Raising and acknowledging alerts, and queueing the clinician's notifications."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from coach.alerts import notes, notify
from coach.alerts.models import Alert, AlertKind, AlertStatus
from coach.clinic_hours import next_open
from coach.content.library import Library
from coach.conversations import inbound as inbox
from coach.messaging import outbox
from coach.patients.models import Patient
from coach.settings import Settings

# Clinician texts for each kind of alert (content ids).
_TEMPLATES = {
    AlertKind.red_flag: "alert.red_flag",
    AlertKind.persistent: "alert.persistent",
    AlertKind.worsening: "alert.persistent",
    AlertKind.no_response: "alert.no_response",
    AlertKind.wrong_number: "alert.wrong_number",
    AlertKind.undeliverable: "alert.undeliverable",
    AlertKind.review: "alert.review",
}


REASON_IN_TEXT = 60  # characters of the reason a clinician's alert SMS carries


def recent_alert(
    *,
    session: Session,
    patient_id: int,
    kinds: Sequence[AlertKind],
    since: datetime,
    category: str | None = None,
    open_only: bool = False,
) -> Alert | None:
    """The newest alert of these kinds (and this category, if given) raised after `since`;
    with `open_only`, only one no clinician has acknowledged yet."""
    query = (
        select(Alert)
        .where(Alert.patient_id == patient_id)
        .where(col(Alert.kind).in_(list(kinds)))
        .where(col(Alert.created_at) >= since)
    )
    if category is not None:
        query = query.where(Alert.category == category)
    if open_only:
        query = query.where(Alert.status == AlertStatus.open)
    return session.exec(query.order_by(col(Alert.id).desc())).first()


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with "..." if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 3]
    space = cut.rfind(" ")
    if not text[limit - 3].isspace() and space > limit // 2:
        cut = cut[:space]  # the last word was cut: drop it
    return cut.rstrip(" ,;:(-") + "..."


def raise_alert(
    *,
    session: Session,
    library: Library,
    settings: Settings,
    patient: Patient,
    kind: AlertKind,
    reason: str,
    now: datetime,
    urgent: bool = False,
    dedupe: timedelta | None = None,
    category: str | None = None,
) -> Alert | None:
    """Record an alert and queue its notifications; None when a recent one already covers it.

    With `dedupe`, an alert of the same kind and category within that time covers this one
    (categories never cover each other). The clinician's text goes at once when urgent, else
    at the clinic's next opening hours.
    """
    assert patient.id is not None
    if dedupe is not None and recent_alert(
        session=session,
        patient_id=patient.id,
        kinds=[kind],
        since=now - dedupe,
        category=category,
        # A red flag that comes back after a clinician acknowledged the last one is news.
        open_only=kind == AlertKind.red_flag,
    ):
        return None
    alert = Alert(
        patient_id=patient.id,
        kind=kind,
        urgent=urgent,
        reason=reason[:500],
        category=category,
        created_at=now,
    )
    session.add(alert)
    session.flush()
    assert alert.id is not None
    inbox.link_alert(session=session, settings=settings, patient=patient, alert=alert)
    valid_for = timedelta(hours=24)
    if patient.alert_phone:
        text = library.render(
            _TEMPLATES[kind],
            "en",
            patient_ref=f"#{patient.id}",
            reason=shorten(reason, REASON_IN_TEXT),
        )
        due = now if urgent else next_open(now, settings.clinic_openings, settings.clinic_timezone)
        outbox.enqueue(
            session=session,
            patient=patient,
            slot_key=f"alert:{alert.id}:sms",
            kind="alert",
            body=text,
            due_at=due,
            expires_at=due + valid_for,
            now=now,
            to_phone=patient.alert_phone,
        )
    if settings.alert_webhook_url:
        body = notify.payload(
            alert_id=alert.id, patient_id=patient.id, kind=kind, urgent=urgent, at=now
        )
        outbox.enqueue(
            session=session,
            patient=patient,
            slot_key=f"alert:{alert.id}:webhook",
            kind="alert",
            channel="webhook",
            body=body,
            due_at=now,
            expires_at=now + valid_for,
            now=now,
            to_phone="webhook",
        )
    return alert


def acknowledge(
    *, session: Session, alert: Alert, clinician_id: int, note: str | None, now: datetime
) -> Alert:
    """Mark an alert handled, with an optional note (added to any earlier ones)."""
    if alert.status != AlertStatus.acknowledged:
        alert.status = AlertStatus.acknowledged
        alert.acknowledged_at = now
        alert.acknowledged_by = clinician_id
    if note:
        notes.add(session=session, alert=alert, clinician_id=clinician_id, text=note, now=now)
    session.add(alert)
    session.commit()
    return alert
