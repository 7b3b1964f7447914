"""The sweep: the programme's end, persistent symptoms between replies, the weekly progress
text, and check-ins nobody answered.

After the programme's last day the patient is completed (`patients.completion`) and the
sweep leaves them alone. Nudges go the same evening before quiet hours or not at all, and
stop after two unanswered days in a row; the no-response alert waits until the last missed
check-in could have been answered.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from coach.alerts.models import AlertKind
from coach.alerts.service import raise_alert
from coach.content.library import Library
from coach.content.models import NoResponsePolicy, Program
from coach.messaging.models import InboundMessage, OutboxMessage, OutboxStatus
from coach.patients import completion, period
from coach.patients.models import Channel, Patient, PatientStatus
from coach.patients.texts import text_for
from coach.replies import progress, symptoms, triage
from coach.scheduling import oneoff
from coach.scheduling.localtime import in_quiet_hours, local_now, local_to_utc, next_quiet_start
from coach.settings import Settings

SENT = (OutboxStatus.sent, OutboxStatus.delivered)
NO_RESPONSE_ALERT_EVERY = timedelta(days=7)
# A nudge goes at least this long after the check-in ...
NUDGE_NOT_BEFORE = timedelta(hours=1)
# ... and at least this long before the patient's quiet hours begin; else not at all.
NUDGE_BEFORE_QUIET = timedelta(minutes=30)
# No nudge once this many check-ins before the latest also went unanswered.
NUDGE_BACKOFF_AFTER = 2
PROGRESS_VALID_FOR = timedelta(hours=12)


def _last_inbound(session: Session, patient_id: int) -> datetime | None:
    return session.exec(
        select(InboundMessage.received_at)
        .where(InboundMessage.patient_id == patient_id)
        .order_by(col(InboundMessage.received_at).desc())
    ).first()


def check_patient(
    *, session: Session, library: Library, settings: Settings, patient: Patient, now: datetime
) -> None:
    """Complete a finished programme; else persistent-symptom rules, the weekly progress
    text, then the no-response nudge and alert, for one patient."""
    assert patient.id is not None
    program = library.program(patient.program_id)
    today = local_now(now, patient.timezone).date()
    if today > period.last_day(patient, program):
        completion.complete(
            session=session, library=library, settings=settings, patient=patient, now=now
        )
        return
    reports = symptoms.history(session, patient.id)
    if symptoms.escalate(
        session=session,
        library=library,
        settings=settings,
        patient=patient,
        reports=reports,
        now=now,
    ):
        oneoff.enqueue_now(
            session=session,
            library=library,
            patient=patient,
            slot_key=f"{patient.id}:see_clinician:{today.isoformat()}",
            kind="see_clinician",
            body=text_for(library, settings, patient, "see_clinician"),
            now=now,
            template_id="see_clinician",
        )
    _weekly_progress(session, library, settings, patient, reports, today, now)
    _no_response(session, library, settings, patient, program, now)


def _weekly_progress(
    session: Session,
    library: Library,
    settings: Settings,
    patient: Patient,
    reports: list[triage.Report],
    today: date,
    now: datetime,
) -> None:
    """On the first day of weeks 2, 3, ...: the week just ended against the one before."""
    number = period.day_number(patient, today)
    if number < 8 or (number - 1) % 7 != 0 or not progress.can_receive_sms(patient):
        return
    week_start = today - timedelta(days=7)
    days = triage.daily(reports, tz=patient.timezone, start=patient.start_date, last_day=today)
    summary = progress.weekly(days, week_start=week_start, programme_start=patient.start_date)
    oneoff.enqueue_now(
        session=session,
        library=library,
        patient=patient,
        slot_key=f"{patient.id}:progress:{patient.start_date.isoformat()}:{number}",
        kind="progress",
        body=text_for(library, settings, patient, summary.template_id, **summary.values),
        now=now,
        valid_for=PROGRESS_VALID_FOR,
        template_id=summary.template_id,
    )


def nudge_time(sent_at: datetime, patient: Patient, policy: NoResponsePolicy) -> datetime | None:
    """When to nudge after a check-in sent at `sent_at`, or None: no nudge for it.

    `nudge_after_hours` later, but no later than 30 minutes before the patient's quiet hours
    begin that evening and no sooner than an hour after the check-in; else no nudge.
    """
    quiet = next_quiet_start(sent_at, patient.timezone, patient.quiet_start)
    at = min(sent_at + timedelta(hours=policy.nudge_after_hours), quiet - NUDGE_BEFORE_QUIET)
    return at if at >= sent_at + NUDGE_NOT_BEFORE else None


def answer_deadline(sent_at: datetime, patient: Patient, policy: NoResponsePolicy) -> datetime:
    """When a check-in stops being answerable: its evening's quiet hours, or its nudge window."""
    quiet = next_quiet_start(sent_at, patient.timezone, patient.quiet_start)
    return max(quiet, sent_at + timedelta(hours=policy.nudge_after_hours))


def _programme_checkins(
    session: Session, patient: Patient, limit: int
) -> list[tuple[int, datetime]]:
    """The latest sent check-ins of the current programme: (outbox id, sent_at), newest first."""
    assert patient.id is not None
    since = local_to_utc(patient.start_date, time(0, 0), patient.timezone)
    rows = session.exec(
        select(OutboxMessage.id, OutboxMessage.sent_at)
        .where(OutboxMessage.patient_id == patient.id)
        .where(OutboxMessage.kind == "checkin")
        .where(col(OutboxMessage.status).in_(SENT))
        .where(col(OutboxMessage.sent_at).is_not(None))
        .where(col(OutboxMessage.sent_at) >= since)
        .order_by(col(OutboxMessage.sent_at).desc())
        .limit(limit)
    ).all()
    return [(int(i or 0), at) for i, at in rows if at is not None]


def _no_response(
    session: Session,
    library: Library,
    settings: Settings,
    patient: Patient,
    program: Program,
    now: datetime,
) -> None:
    assert patient.id is not None
    policy = program.no_response
    checkins = _programme_checkins(
        session, patient, max(policy.alert_after_missed, NUDGE_BACKOFF_AFTER + 1)
    )
    if not checkins:
        return
    last_reply = _last_inbound(session, patient.id)

    def unanswered_since(sent_at: datetime) -> bool:
        return last_reply is None or last_reply < sent_at

    latest_id, latest_at = checkins[0]
    backed_off = len(checkins) > NUDGE_BACKOFF_AFTER and unanswered_since(
        checkins[NUDGE_BACKOFF_AFTER][1]
    )
    if (
        unanswered_since(latest_at)
        and patient.channel == Channel.sms  # calls have their own retry; never text voice-only
        and policy.max_nudges_per_checkin > 0
        and not backed_off
    ):
        _nudge(session, library, settings, patient, policy, latest_id, latest_at, now)
    missed = checkins[: policy.alert_after_missed]
    if (
        len(missed) >= policy.alert_after_missed
        and unanswered_since(missed[-1][1])
        and now >= answer_deadline(latest_at, patient, policy)
    ):
        raise_alert(
            session=session,
            library=library,
            settings=settings,
            patient=patient,
            kind=AlertKind.no_response,
            reason=f"no reply to the last {len(missed)} check-ins",
            now=now,
            dedupe=NO_RESPONSE_ALERT_EVERY,
            category="no_response",
        )


def _nudge(
    session: Session,
    library: Library,
    settings: Settings,
    patient: Patient,
    policy: NoResponsePolicy,
    checkin_id: int,
    sent_at: datetime,
    now: datetime,
) -> None:
    at = nudge_time(sent_at, patient, policy)
    if at is None or now < at:
        return
    quiet = next_quiet_start(sent_at, patient.timezone, patient.quiet_start)
    local = local_now(now, patient.timezone).time()
    if now >= quiet or in_quiet_hours(local, patient.quiet_start, patient.quiet_end):
        return  # the evening has gone: no nudge tomorrow morning
    oneoff.enqueue_now(
        session=session,
        library=library,
        patient=patient,
        slot_key=f"{patient.id}:nudge:{checkin_id}",
        kind="nudge",
        body=text_for(library, settings, patient, "checkin.nudge"),
        now=now,
        valid_for=quiet - now,
        template_id="checkin.nudge",
    )


def sweep(*, session: Session, library: Library, settings: Settings, now: datetime) -> None:
    """Run `check_patient` over every active patient, one short transaction each.

    Each patient is checked under a lock on their row (PostgreSQL `FOR UPDATE SKIP
    LOCKED`): two workers sweeping at once split the patients instead of both raising the
    same alert, and a reply being handled for that patient is never raced.
    """
    last_id = 0
    while True:
        ids = session.exec(
            select(Patient.id)
            .where(col(Patient.status) == PatientStatus.active)
            .where(col(Patient.id) > last_id)
            .order_by(col(Patient.id))
            .limit(500)
        ).all()
        session.commit()
        if not ids:
            return
        for patient_id in ids:
            patient = session.exec(
                select(Patient)
                .where(Patient.id == patient_id)
                .where(col(Patient.status) == PatientStatus.active)
                .with_for_update(skip_locked=True)
            ).first()
            if patient is not None:  # None: gone, or another worker holds it right now
                check_patient(
                    session=session, library=library, settings=settings, patient=patient, now=now
                )
            session.commit()
        last_id = ids[-1] or last_id
