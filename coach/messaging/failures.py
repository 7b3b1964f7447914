"""What a permanent send failure means for the patient (opted out, unreachable)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from coach.alerts.models import AlertKind
from coach.alerts.service import raise_alert
from coach.content.loader import get_library
from coach.errors import DeliveryError
from coach.messaging.models import OutboxMessage
from coach.messaging.transport import OPTED_OUT_CODE
from coach.patients import lifecycle
from coach.patients.models import Patient, PatientStatus
from coach.settings import get_settings


def handle_failure(
    session: Session, row: OutboxMessage, error: DeliveryError, now: datetime
) -> None:
    """21610: the patient opted out at Twilio. A bad number: pause and alert the clinician."""
    if row.kind == "alert":
        return  # a clinician's phone failing says nothing about the patient
    patient = session.get(Patient, row.patient_id)
    if patient is None or patient.status != PatientStatus.active:
        return
    if error.twilio_code == OPTED_OUT_CODE:
        lifecycle.opt_out(session=session, patient=patient, now=now, reason="twilio 21610")
        return
    lifecycle.pause(session=session, patient=patient, now=now, until=None)
    raise_alert(
        session=session,
        library=get_library(),
        settings=get_settings(),
        patient=patient,
        kind=AlertKind.undeliverable,
        reason=f"messages cannot be delivered (Twilio {error.twilio_code})",
        now=now,
        dedupe=timedelta(days=1),
    )
