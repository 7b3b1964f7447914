"""Small typed builders for the admin API tests: clinicians with keys, bodies, records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session

from coach.alerts.models import Alert, AlertKind
from coach.clinicians import service as clinicians
from coach.clinicians.models import Clinician
from coach.conversations.models import Conversation
from coach.messaging.models import InboundMessage, OutboxMessage, OutboxStatus
from coach.patients.models import ExerciseLog, PainReport

NOW = datetime(2026, 6, 10, 16, 0, tzinfo=UTC)  # noon in New York


@dataclass
class Key:
    """A clinician and the headers that authenticate as them."""

    clinician: Clinician
    key: str

    @property
    def id(self) -> int:
        assert self.clinician.id is not None
        return self.clinician.id

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.key)


def bearer(key: str) -> dict[str, str]:
    """The Authorization header for an API key."""
    return {"Authorization": f"Bearer {key}"}


def clinician(session: Session, email: str, *, admin: bool = False) -> Key:
    """A clinician (or admin) with a fresh API key."""
    row, key = clinicians.create_clinician(
        session=session, name=email.split("@")[0], email=email, admin=admin, now=NOW
    )
    return Key(row, key)


def enrollment(**overrides: Any) -> dict[str, Any]:
    """A valid `POST /v1/patients` body; keyword arguments replace fields (None drops one)."""
    body: dict[str, Any] = {
        "phone": "(212) 555-0123",
        "first_name": "Sam",
        "timezone": "America/New_York",
        "language": "en",
        "channel": "sms",
        "program": "neck-4wk",
        "consent": {"given_at": "2026-06-09T15:30:00-04:00", "method": "signed form"},
        "alert_phone": "+1 212 555 0999",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def pain(
    session: Session, patient_id: int, scores: list[int], *, start: datetime = NOW
) -> list[PainReport]:
    """One pain report per score, a day apart, ending at `start`."""
    rows = [
        PainReport(
            patient_id=patient_id,
            score=score,
            source="sms",
            reported_at=start - timedelta(days=len(scores) - 1 - i),
        )
        for i, score in enumerate(scores)
    ]
    session.add_all(rows)
    session.commit()
    return rows


def alert(
    session: Session,
    patient_id: int,
    *,
    kind: AlertKind = AlertKind.persistent,
    urgent: bool = False,
) -> Alert:
    """An open alert."""
    row = Alert(
        patient_id=patient_id, kind=kind, urgent=urgent, reason="pain 8 three days", created_at=NOW
    )
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def exercise(session: Session, patient_id: int, exercise_id: str, done: bool) -> None:
    """An exercise done or skipped."""
    session.add(
        ExerciseLog(patient_id=patient_id, exercise_id=exercise_id, done=done, logged_at=NOW)
    )
    session.commit()


def inbound(session: Session, patient_id: int, body: str, at: datetime, sid: str) -> None:
    """A text the patient sent."""
    session.add(
        InboundMessage(
            message_sid=sid, patient_id=patient_id, from_phone="+12125550123", body=body,
            intent="pain", received_at=at,
        )
    )  # fmt: skip
    session.commit()


def sent(session: Session, patient_id: int, body: str, at: datetime, status: OutboxStatus) -> None:
    """A text we sent the patient, with its delivery status."""
    session.add(
        OutboxMessage(
            patient_id=patient_id, slot_key=f"{patient_id}:test:{at.isoformat()}", kind="checkin",
            to_phone="+12125550123", body=body, status=status, due_at=at, expires_at=at,
            sent_at=at,
        )
    )  # fmt: skip
    session.commit()


def conversation(session: Session, patient_id: int, *, at: datetime = NOW) -> Conversation:
    """An open inbox conversation about a patient, opened by their text."""
    row = Conversation(
        patient_id=patient_id, opened_by="patient", opened_at=at, last_activity_at=at
    )
    session.add(row)
    session.commit()
    return row
