"""Red flags and pain reports: the safety replies, alerts and "see your clinician" rule."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, time, timedelta

from sqlalchemy import Insert, insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from coach.alerts.models import Alert, AlertKind
from coach.alerts.service import raise_alert
from coach.content.library import Library
from coach.messaging import outbox
from coach.messaging.models import InboundMessage
from coach.patients import period
from coach.patients.models import PainReport, Patient
from coach.replies import feedback, state, triage
from coach.replies.categories import SPECS, Category, Urgency, reason, template_id
from coach.replies.parsing import ParsedReply
from coach.scheduling.localtime import local_now, local_to_utc
from coach.settings import Settings

Say = Callable[..., str]

RED_FLAG_ALERT_EVERY = timedelta(hours=1)
# What a patient just told to call the emergency number is not sent for the rest of the day.
ROUTINE_KINDS = frozenset(
    {"checkin", "posture_tip", "screen_break", "heat_ice", "exercise", "nudge", "progress"}
)


def red_flag(
    session: Session,
    library: Library,
    settings: Settings,
    patient: Patient,
    parsed: ParsedReply,
    now: datetime,
    say: Say,
) -> list[str]:
    """The immediate safety reply and one urgent alert per red-flag category, at any hour.

    The reply is the most urgent category's; each category alerts on its own, deduplicated
    only against an alert of the same category (self-harm and airway never are).
    """
    found = parsed.categories or (Category.unspecified,)
    for category in found:
        spec = SPECS[category]
        raise_alert(
            session=session,
            library=library,
            settings=settings,
            patient=patient,
            kind=AlertKind.red_flag,
            reason=reason(category),
            urgent=True,
            now=now,
            dedupe=None if spec.always_alert else RED_FLAG_ALERT_EVERY,
            category=category.value,
        )
    if SPECS[found[0]].urgency == Urgency.now:
        # Told to call the emergency number: no screen breaks or check-ins later that day.
        assert patient.id is not None
        tomorrow = local_now(now, patient.timezone).date() + timedelta(days=1)
        outbox.hold_until(
            session=session,
            patient_id=patient.id,
            kinds=ROUTINE_KINDS,
            until=local_to_utc(tomorrow, time(0, 0), patient.timezone),
            now=now,
        )
    return [say(template_id(found[0]))]


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
    """Raise an alert for each persistence rule broken and not raised lately; True if any.

    Each rule has its own rate limit (`repeat_after_days`, by the alert's category), and a
    rule fires again only on a score that came after that window: stale scores stay quiet.
    """
    assert patient.id is not None
    program = library.program(patient.program_id)
    rules = program.persistent
    today = local_now(now, patient.timezone).date()
    findings = triage.evaluate(
        reports,
        rules=rules,
        start=patient.start_date,
        today=today,
        tz=patient.timezone,
        last_day=period.last_day(patient, program),
    )
    latest = max((r.at for r in reports), default=None)
    repeat = timedelta(days=rules.repeat_after_days)
    raised = False
    for finding in findings:
        kind = AlertKind.worsening if finding == triage.Finding.worsening else AlertKind.persistent
        previous = _last_alert(session, patient.id, kind, str(finding))
        quiet_until = previous.created_at + repeat if previous is not None else None
        if quiet_until is not None and latest is not None and latest <= quiet_until:
            # Scores inside the last alert's quiet window were covered by it: only a score
            # after the window can raise the rule again (not a sweep re-reading old ones).
            continue
        alert = raise_alert(
            session=session,
            library=library,
            settings=settings,
            patient=patient,
            kind=kind,
            reason=triage.reason(finding, rules),
            now=now,
            dedupe=repeat,
            category=str(finding),
        )
        raised = raised or alert is not None
    return raised


def _last_alert(session: Session, patient_id: int, kind: AlertKind, category: str) -> Alert | None:
    return session.exec(
        select(Alert)
        .where(Alert.patient_id == patient_id)
        .where(Alert.kind == kind)
        .where(Alert.category == category)
        .order_by(col(Alert.created_at).desc())
    ).first()


@functools.cache
def _insert_pain_report() -> Insert:
    """Built once: a statement costs more to build than to run."""
    return insert(PainReport)


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
    known: state.Scores | None = None,
) -> list[str]:
    """Record the score, answer by trend, and add "see your clinician" when a rule breaks.

    `known`: the history already read (`state.scores`), else it is read here.
    """
    assert patient.id is not None and parsed.pain is not None
    reports = list(known.reports) if known else history(session, patient.id)
    previous = reports[-1].score if reports else None
    # Core, not an ORM object flushed at the commit: this runs on most texts.
    session.connection().execute(
        _insert_pain_report(),
        {
            "patient_id": patient.id,
            "score": parsed.pain,
            "source": source,
            "reported_at": now,
            "inbound_id": record.id,
        },
    )
    reports.append(triage.Report(at=now, score=parsed.pain))
    rules = library.program(patient.program_id).persistent
    replies = [] if quiet else [
        feedback.reply(
            session=session, library=library, patient=patient, say=say, skip=record.id,
            feedback_id=triage.feedback_id(parsed.pain, previous, rules),
            score=parsed.pain, previous=previous,
            recent_replies=known.recent_replies if known else None,
            scored_texts=known.scored_texts if known else None,
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
