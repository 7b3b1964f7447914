"""Red flags and pain reports: the safety replies, alerts and "see your clinician" rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from coach.alerts.models import AlertKind
from coach.alerts.service import raise_alert, recent_alert
from coach.content.library import Library
from coach.messaging.models import InboundMessage
from coach.patients.models import PainReport, Patient
from coach.replies import feedback, triage
from coach.replies.parsing import ParsedReply
from coach.scheduling.localtime import local_now
from coach.settings import Settings

Say = Callable[..., str]

RED_FLAG_ALERT_EVERY = timedelta(hours=1)
PERSISTENT_KINDS = (AlertKind.persistent, AlertKind.worsening)


def red_flag(
    session: Session,
    library: Library,
    settings: Settings,
    patient: Patient,
    parsed: ParsedReply,
    now: datetime,
    say: Say,
) -> list[str]:
    """The immediate safety reply and an urgent alert, at any hour."""
    if parsed.self_harm:
        text = say("safety.self_harm")
    elif parsed.airway:
        text = say("safety.airway")
    else:
        text = say("safety.red_flag")
    kinds = ", ".join(sorted(str(flag) for flag in parsed.red_flags)) or "unspecified"
    raise_alert(
        session=session,
        library=library,
        settings=settings,
        patient=patient,
        kind=AlertKind.red_flag,
        reason=f"red flag in a reply ({kinds})",
        urgent=True,
        now=now,
        dedupe=RED_FLAG_ALERT_EVERY,
    )
    return [text]


def history(session: Session, patient_id: int) -> list[triage.Report]:
    """All of a patient's pain scores, oldest first."""
    rows = session.execute(  # two columns, not whole ORM rows: this runs on every reply
        sa_select(col(PainReport.reported_at), col(PainReport.score))
        .where(col(PainReport.patient_id) == patient_id)
        .order_by(col(PainReport.reported_at), col(PainReport.id))
    ).all()
    return [triage.Report(at=at, score=score) for at, score in rows]


def escalate(
    *,
    session: Session,
    library: Library,
    settings: Settings,
    patient: Patient,
    reports: list[triage.Report],
    now: datetime,
) -> bool:
    """Raise one persistent/worsening alert if a rule is broken and none was raised lately."""
    assert patient.id is not None
    program = library.program(patient.program_id)
    rules = program.persistent
    today = local_now(now, patient.timezone).date()
    findings = triage.evaluate(reports, rules=rules, start=patient.start_date, today=today)
    if not findings:
        return False
    since = now - timedelta(days=rules.repeat_after_days)
    if recent_alert(session=session, patient_id=patient.id, kinds=PERSISTENT_KINDS, since=since):
        return False
    kind = AlertKind.worsening if findings == [triage.Finding.worsening] else AlertKind.persistent
    raise_alert(
        session=session,
        library=library,
        settings=settings,
        patient=patient,
        kind=kind,
        reason="; ".join(triage.reason(f, rules) for f in findings),
        now=now,
    )
    return True


def pain_report(
    session: Session,
    library: Library,
    settings: Settings,
    patient: Patient,
    record: InboundMessage,
    parsed: ParsedReply,
    now: datetime,
    say: Say,
    *,
    quiet: bool = False,
    source: str = "sms",
) -> list[str]:
    """Record the score, answer by trend, and add "see your clinician" when a rule breaks."""
    assert patient.id is not None and parsed.pain is not None
    reports = history(session, patient.id)
    previous = reports[-1].score if reports else None
    session.add(
        PainReport(
            patient_id=patient.id,
            score=parsed.pain,
            source=source,
            reported_at=now,
            inbound_id=record.id,
        )
    )
    reports.append(triage.Report(at=now, score=parsed.pain))
    rules = library.program(patient.program_id).persistent
    replies = [] if quiet else [
        feedback.reply(
            session=session, library=library, patient=patient, say=say, skip=record.id,
            feedback_id=triage.feedback_id(parsed.pain, previous, rules),
            score=parsed.pain, previous=previous,
        )
    ]  # fmt: skip
    if (
        escalate(
            session=session,
            library=library,
            settings=settings,
            patient=patient,
            reports=reports,
            now=now,
        )
        and not quiet
    ):
        replies.append(say("see_clinician"))
    return replies
