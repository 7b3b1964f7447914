"""The sweep: persistent symptoms between replies, and check-ins nobody answered."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from coach.alerts.models import AlertKind
from coach.alerts.service import raise_alert
from coach.content.library import Library
from coach.messaging.models import InboundMessage, OutboxMessage, OutboxStatus
from coach.patients.models import Patient, PatientStatus
from coach.patients.texts import text_for
from coach.replies import symptoms
from coach.scheduling import oneoff
from coach.scheduling.localtime import local_now
from coach.settings import Settings

SENT = (OutboxStatus.sent, OutboxStatus.delivered)
NO_RESPONSE_ALERT_EVERY = timedelta(days=7)


def _last_inbound(session: Session, patient_id: int) -> datetime | None:
    return session.exec(
        select(InboundMessage.received_at)
        .where(InboundMessage.patient_id == patient_id)
        .order_by(col(InboundMessage.received_at).desc())
    ).first()


def check_patient(
    *, session: Session, library: Library, settings: Settings, patient: Patient, now: datetime
) -> None:
    """Persistent-symptom rules, then the no-response nudge and alert, for one patient."""
    assert patient.id is not None
    reports = symptoms.history(session, patient.id)
    if symptoms.escalate(
        session=session,
        library=library,
        settings=settings,
        patient=patient,
        reports=reports,
        now=now,
    ):
        day = local_now(now, patient.timezone).date().isoformat()
        oneoff.enqueue_now(
            session=session,
            library=library,
            patient=patient,
            slot_key=f"{patient.id}:see_clinician:{day}",
            kind="see_clinician",
            body=text_for(library, settings, patient, "see_clinician"),
            now=now,
            template_id="see_clinician",
        )
    policy = library.program(patient.program_id).no_response
    checkins = session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.patient_id == patient.id)
        .where(OutboxMessage.kind == "checkin")
        .where(col(OutboxMessage.status).in_(SENT))
        .order_by(col(OutboxMessage.sent_at).desc())
        .limit(policy.alert_after_missed)
    ).all()
    if not checkins or checkins[0].sent_at is None:
        return
    last_reply = _last_inbound(session, patient.id)
    latest = checkins[0]
    assert latest.sent_at is not None
    unanswered = last_reply is None or last_reply < latest.sent_at
    if (
        unanswered
        and patient.channel == "sms"  # calls have their own retry and SMS fallback
        and policy.max_nudges_per_checkin > 0
        and now - latest.sent_at >= timedelta(hours=policy.nudge_after_hours)
    ):
        oneoff.enqueue_now(
            session=session,
            library=library,
            patient=patient,
            slot_key=f"{patient.id}:nudge:{latest.id}",
            kind="nudge",
            body=text_for(library, settings, patient, "checkin.nudge"),
            now=now,
            valid_for=timedelta(hours=4),
            template_id="checkin.nudge",
        )
    oldest = checkins[-1]
    if (
        len(checkins) >= policy.alert_after_missed
        and oldest.sent_at is not None
        and (last_reply is None or last_reply < oldest.sent_at)
    ):
        raise_alert(
            session=session,
            library=library,
            settings=settings,
            patient=patient,
            kind=AlertKind.no_response,
            reason=f"no reply to the last {len(checkins)} check-ins",
            now=now,
            dedupe=NO_RESPONSE_ALERT_EVERY,
        )


def sweep(*, session: Session, library: Library, settings: Settings, now: datetime) -> None:
    """Run `check_patient` over every active patient, committing per patient."""
    last_id = 0
    while True:
        chunk = session.exec(
            select(Patient)
            .where(col(Patient.status) == PatientStatus.active)
            .where(col(Patient.id) > last_id)
            .order_by(col(Patient.id))
            .limit(500)
        ).all()
        if not chunk:
            return
        for patient in chunk:
            check_patient(
                session=session, library=library, settings=settings, patient=patient, now=now
            )
            session.commit()
        last_id = chunk[-1].id or last_id
