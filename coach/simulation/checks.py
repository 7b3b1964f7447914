"""What a replayed programme must never do, checked on the database it left.

Each check returns readable problems (empty when all is well), so `coach simulate` can show
them and the simulation test can assert there are none.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from itertools import pairwise

from sqlmodel import Session, col, select

from coach.alerts.models import Alert, AlertKind
from coach.content.library import Library
from coach.messaging.models import InboundMessage, OutboxMessage, OutboxStatus
from coach.patients.models import Patient, PatientStatus
from coach.replies.categories import SPECS
from coach.replies.parsing import parse_reply
from coach.replies.symptoms import RED_FLAG_ALERT_EVERY
from coach.scheduling.localtime import in_quiet_hours, local_now
from coach.simulation.engine import Result

SENT = (OutboxStatus.sent, OutboxStatus.delivered)
# Texts that end a patient's messages and are allowed after the status changes.
ENDING_KINDS = frozenset({"closing"})


def _patient_sends(session: Session, patient: Patient) -> list[OutboxMessage]:
    """What went to the patient's own phone (not the clinician's alert texts), oldest first."""
    return list(
        session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.patient_id == patient.id)
            .where(OutboxMessage.to_phone == patient.phone)
            .where(col(OutboxMessage.status).in_(SENT))
            .order_by(col(OutboxMessage.sent_at), col(OutboxMessage.id))
        ).all()
    )


def _sent_at(row: OutboxMessage) -> datetime:
    assert row.sent_at is not None
    return row.sent_at


def quiet_hours(key: str, patient: Patient, sends: list[OutboxMessage]) -> list[str]:
    """Nothing reaches the patient inside their quiet hours."""
    problems = []
    for row in sends:
        local = local_now(_sent_at(row), patient.timezone)
        if in_quiet_hours(local.time(), patient.quiet_start, patient.quiet_end):
            problems.append(f"{key}: {row.kind} sent at {local:%a %d %b %H:%M} (quiet hours)")
    return problems


def caps(key: str, patient: Patient, sends: list[OutboxMessage], library: Library) -> list[str]:
    """No local day over the programme's daily cap, no programme week over its weekly cap."""
    program = library.program(patient.program_id)
    days: Counter[str] = Counter()
    weeks: Counter[int] = Counter()
    for row in sends:
        day = local_now(_sent_at(row), patient.timezone).date()
        days[day.isoformat()] += 1
        weeks[(day - patient.start_date).days // 7] += 1
    problems = [
        f"{key}: {count} texts/calls on {day} (daily cap {program.daily_cap})"
        for day, count in sorted(days.items())
        if count > program.daily_cap
    ]
    problems += [
        f"{key}: {count} texts/calls in programme week {week + 1} (cap {program.weekly_cap})"
        for week, count in sorted(weeks.items())
        if count > program.weekly_cap
    ]
    return problems


def channel(key: str, patient: Patient, sends: list[OutboxMessage]) -> list[str]:
    """A voice-only patient without SMS consent gets no text."""
    if patient.channel != "voice" or patient.sms_consent:
        return []
    texts = [row for row in sends if row.channel == "sms"]
    return [f"{key}: voice-only patient got {len(texts)} SMS"] if texts else []


def after_the_end(
    key: str, patient: Patient, sends: list[OutboxMessage], session: Session
) -> list[str]:
    """Nothing after opt-out, unenrollment or completion (but the closing text), no alerts
    after completion."""
    if patient.status == PatientStatus.active:
        return []
    ended = patient.completed_at or patient.updated_at
    problems = [
        f"{key}: {row.kind} sent {(_sent_at(row) - ended)} after status {patient.status}"
        for row in sends
        if _sent_at(row) > ended and row.kind not in ENDING_KINDS
    ]
    if patient.status == PatientStatus.completed:
        late = session.exec(
            select(Alert).where(Alert.patient_id == patient.id).where(col(Alert.created_at) > ended)
        ).all()
        problems += [f"{key}: {a.kind} alert after the programme ended" for a in late]
        closing = [row for row in sends if row.kind == "closing"]
        texts_allowed = patient.channel == "sms" or patient.sms_consent
        if len(closing) != (1 if texts_allowed else 0):
            want = "exactly one" if texts_allowed else "none: no SMS consent"
            problems.append(f"{key}: {len(closing)} closing texts (want {want})")
    return problems


def red_flags(key: str, patient: Patient, session: Session) -> list[str]:
    """Every red-flag category a patient reported has an alert: at the time, or earlier
    within the category's dedupe window."""
    problems = []
    inbound = session.exec(
        select(InboundMessage)
        .where(InboundMessage.patient_id == patient.id)
        .where(col(InboundMessage.red_flag))
    ).all()
    alerts = session.exec(
        select(Alert).where(Alert.patient_id == patient.id).where(Alert.kind == AlertKind.red_flag)
    ).all()
    for message in inbound:
        for category in parse_reply(message.body).categories:
            window = timedelta(0) if SPECS[category].always_alert else RED_FLAG_ALERT_EVERY
            covered = any(
                a.category == category.value
                and message.received_at - window <= a.created_at <= message.received_at
                for a in alerts
            )
            if not covered:
                problems.append(f"{key}: no {category.value} alert for a red-flag reply")
    return problems


def feedback(key: str, patient: Patient, session: Session) -> list[str]:
    """No exact feedback text twice in a row."""
    replies = session.exec(
        select(InboundMessage.reply)
        .where(InboundMessage.patient_id == patient.id)
        .where(col(InboundMessage.pain).is_not(None))
        .where(~col(InboundMessage.red_flag))
        .order_by(col(InboundMessage.received_at))
    ).all()
    firsts = [reply.split("\x1e")[0] for reply in replies if reply]
    repeats = sum(1 for a, b in pairwise(firsts) if a == b)
    return [f"{key}: the same feedback text twice in a row {repeats} times"] if repeats else []


def check(result: Result, library: Library) -> list[str]:
    """Every problem the run shows, as readable lines."""
    problems: list[str] = []
    with Session(result.engine) as session:
        for key, pid in result.patient_ids.items():
            patient = session.get(Patient, pid)
            assert patient is not None
            sends = _patient_sends(session, patient)
            found = [
                *quiet_hours(key, patient, sends),
                *caps(key, patient, sends, library),
                *channel(key, patient, sends),
                *after_the_end(key, patient, sends, session),
                *red_flags(key, patient, session),
                *feedback(key, patient, session),
            ]
            problems += found
    return problems
