"""Replies triaged `review`: a safety net for the patient and an item for a person.

Until the clinic inbox lands, the item is an alert of kind `review` (not urgent, at most one
per patient every few hours). The safety net, like the fallback it replaces, goes out at most
once in those hours: a chatty patient is not told "call 911" after every message, and the
alert already asks a person to read the rest.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from coach.alerts.models import AlertKind
from coach.alerts.service import raise_alert
from coach.content.library import Library
from coach.messaging.models import InboundMessage
from coach.patients.models import Patient
from coach.replies import symptoms
from coach.settings import Settings

REVIEW_EVERY = timedelta(hours=4)
REASON = "reply needs a person: possible red flag or unclear request"


def answer(
    *,
    session: Session,
    library: Library,
    settings: Settings,
    patient: Patient,
    now: datetime,
    say: symptoms.Say,
) -> str | None:
    """Queue the review alert (deduplicated); the safety-net reply unless sent lately."""
    raise_alert(
        session=session,
        library=library,
        settings=settings,
        patient=patient,
        kind=AlertKind.review,
        reason=REASON,
        now=now,
        dedupe=REVIEW_EVERY,
    )
    text = say("review.safety_net")
    sent = session.exec(
        select(InboundMessage.id)
        .where(InboundMessage.patient_id == patient.id)
        .where(col(InboundMessage.reply).contains(text))
        .where(col(InboundMessage.received_at) >= now - REVIEW_EVERY)
    ).first()
    return None if sent is not None else text
