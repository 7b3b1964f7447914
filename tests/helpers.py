"""Small typed builders shared by the messaging, scheduling and replies tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlmodel import Session

from coach.clinicians.models import Clinician
from coach.patients.models import Channel, Patient

NOW = datetime(2026, 6, 10, 16, 0, tzinfo=UTC)  # noon in New York


def clinician(session: Session, email: str = "dr@clinic.example") -> Clinician:
    """A clinician row (its key hash is a dummy: these tests don't authenticate)."""
    row = Clinician(
        name="Dr Test", email=email, api_key_hash="x" * 64 + email[:0], key_prefix="nck_test"
    )
    row.api_key_hash = f"{email:0<64}"[:64]
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def patient(
    session: Session,
    *,
    phone: str = "+12125550123",
    tz: str = "America/New_York",
    program: str = "neck-4wk",
    start: date = date(2026, 6, 10),
    language: str = "en",
    channel: Channel = Channel.sms,
    alert_phone: str | None = "+12125550999",
    quiet: tuple[time, time] = (time(21, 0), time(8, 0)),
) -> Patient:
    """An active, consenting patient."""
    owner = clinician(session, email=f"dr{phone[-4:]}@clinic.example")
    row = Patient(
        clinician_id=owner.id or 0,
        phone=phone,
        first_name="Sam",
        timezone=tz,
        language=language,
        channel=channel,
        program_id=program,
        start_date=start,
        quiet_start=quiet[0],
        quiet_end=quiet[1],
        consent_given_at=NOW,
        consent_method="signed form",
        alert_phone=alert_phone,
    )
    session.add(row)
    session.commit()
    session.refresh(row)
    return row
