"""The inbound SMS pipeline: record, understand, answer, escalate.

`handle_sms` is what the webhook and `coach simulate` call. It is idempotent on the
MessageSid: a retried delivery gets the stored reply and records nothing new.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Insert, Update, bindparam, insert, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import configure_mappers
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from coach.alerts.models import AlertKind
from coach.alerts.service import raise_alert
from coach.content.library import Library
from coach.conversations import inbound as inbox
from coach.messaging.models import InboundMessage
from coach.patients import controls, lifecycle, suppression
from coach.patients.models import ExerciseLog, Patient, PatientStatus
from coach.patients.texts import Say, answering_in, speaker, values_for
from coach.replies import reply_language, state, symptoms
from coach.replies.normalize import bare, normalize
from coach.replies.parsing import (
    Intent,
    ParsedReply,
    Reading,
    ReplyContext,
    Triage,
    parse_reply,
)
from coach.scheduling import planner
from coach.settings import Settings

NOT_ENROLLED_EVERY = timedelta(hours=24)
FALLBACK_EVERY = timedelta(hours=4)
MAX_PAUSE_DAYS = 90


@dataclass
class Outcome:
    """What the coach answers (each string one SMS) and what it understood."""

    replies: list[str] = field(default_factory=list)
    parsed: ParsedReply | None = None
    duplicate: bool = False


@dataclass(frozen=True)
class Inbound:
    """One inbound text as Twilio described it."""

    message_sid: str
    from_phone: str
    body: str
    reading: Reading | None = None  # `parsing.read(body)`, if done beforehand


@functools.cache
def _statement(name: str) -> Insert | Update:
    """The writes every text makes, built once (building one costs more than running it)."""
    if name == "inbound":
        return insert(InboundMessage)
    if name == "exercise_log":
        return insert(ExerciseLog)
    assert name == "reply"
    return update(InboundMessage).where(col(InboundMessage.id) == bindparam("inbound_id"))


def _as_read(values: dict[str, Any], ident: int) -> InboundMessage:
    """The inbound row just inserted, as an object made the way the ORM makes one it loads
    (its values set as committed ones), not by SQLModel's constructor, which cost ten times
    as much (0.05 ms a text). Not added to the session: nothing of it is flushed."""
    configure_mappers()  # (a no-op once done: the ORM does it on its first query)
    record = sa_inspect(InboundMessage).class_manager.new_instance()
    for key, value in (*values.items(), ("id", ident), ("reply", None)):
        set_committed_value(record, key, value)
    assert isinstance(record, InboundMessage)
    return record


def _existing(session: Session, sid: str) -> InboundMessage | None:
    return session.exec(select(InboundMessage).where(InboundMessage.message_sid == sid)).first()


def _recently_answered(session: Session, *, phone: str, reply: str, since: datetime) -> bool:
    return (
        session.exec(
            select(InboundMessage.id)
            .where(InboundMessage.from_phone == phone)
            .where(InboundMessage.reply == reply)
            .where(col(InboundMessage.received_at) >= since)
        ).first()
        is not None
    )


def handle_sms(
    *, session: Session, library: Library, settings: Settings, inbound: Inbound, now: datetime
) -> Outcome:
    """Record one inbound text and decide the answer; commits.

    The unique MessageSid is the idempotency check: inserting a retried delivery fails, and
    the reply stored the first time is returned instead (no lookup on the common path).
    Statements: the patient with their context (`state.load`; on PostgreSQL the row lock
    first), the inbound row, a pain report's history, and the rest written at the commit.
    """
    # The patient's row is locked until the commit (PostgreSQL): one patient's replies, and
    # the sweep, are handled one at a time, so the alert dedupe below reads what the others
    # wrote and N racing red flags raise one alert per category, not N.
    found = state.load(session, inbound.from_phone)
    parsed = parse_reply(inbound.body, found.context if found else None, reading=inbound.reading)
    values: dict[str, Any] = {
        "message_sid": inbound.message_sid,
        "patient_id": found.patient.id if found else None,
        "from_phone": inbound.from_phone,
        "body": inbound.body[:1600],
        "intent": parsed.intent,
        "pain": parsed.pain,
        "red_flag": parsed.red_flag,
        "received_at": now,
    }
    try:  # Core, not an ORM flush: this runs on every text
        result = session.connection().execute(_statement("inbound"), values)
    except IntegrityError:  # a retried delivery, or the same MessageSid racing in
        session.rollback()
        seen = _existing(session, inbound.message_sid)
        replies = seen.reply.split("\x1e") if seen and seen.reply else []
        return Outcome(replies=replies, duplicate=True)
    # What the answer reads of the stored text (not in the session: nothing to flush).
    assert result.inserted_primary_key is not None
    record = _as_read(values, result.inserted_primary_key[0])
    if found is None:
        replies = _stranger(session, library, settings, inbound, parsed, now)
    else:
        patient = found.patient
        assert patient.id is not None
        say = speaker(library, settings, patient)
        # Answered in the language the text was written in, when that is clear.
        language = reply_language.choose(
            body=inbound.body, enrolled=patient.language, library=library
        )
        with (
            answering_in(language),
            inbox.known_conversation(session, patient.id, found.conversation),
        ):
            replies = _answer(session, library, settings, patient, record, parsed, found, say, now)
            # The clinic inbox: a text a person must read joins the patient's conversation.
            replies = inbox.route_inbound(
                session=session, library=library, settings=settings, patient=patient,
                record=record, parsed=parsed, replies=replies, fallback=say("fallback"),
                now=now, answers_clinician=found.answers_clinician(now),
            )  # fmt: skip
    if replies:
        record.reply = "\x1e".join(replies)
        session.connection().execute(  # (planning may have committed on the way)
            _statement("reply"), {"inbound_id": record.id, "reply": record.reply}
        )
    session.commit()
    return Outcome(replies=replies, parsed=parsed)


def _stranger(
    session: Session,
    library: Library,
    settings: Settings,
    inbound: Inbound,
    parsed: ParsedReply,
    now: datetime,
) -> list[str]:
    if parsed.opt_out_exact or parsed.intent == Intent.opt_out:
        # Not enrolled (yet): the number stays suppressed if a clinician enrolls it later.
        suppression.suppress(session=session, phone=inbound.from_phone, now=now, reason="stop")
        return []
    if parsed.intent == Intent.opt_in:
        suppression.release(session=session, phone=inbound.from_phone)
    language = parsed.language_hint or "en"
    text = library.render("not_enrolled", language, **values_for(settings, None))
    since = now - NOT_ENROLLED_EVERY
    already = session.exec(
        select(InboundMessage.id)
        .where(InboundMessage.from_phone == inbound.from_phone)
        .where(col(InboundMessage.patient_id).is_(None))
        .where(col(InboundMessage.reply).is_not(None))
        .where(col(InboundMessage.received_at) >= since)
    ).first()
    return [] if already else [text]


def _answer(
    session: Session,
    library: Library,
    settings: Settings,
    patient: Patient,
    record: InboundMessage,
    parsed: ParsedReply,
    found: state.ReplyState,
    say: Say,
    now: datetime,
) -> list[str]:
    replies: list[str] = []
    if parsed.red_flag:
        replies.extend(symptoms.red_flag(session, library, settings, patient, parsed, now, say))
    stopped = patient.status in (PatientStatus.opted_out, PatientStatus.unenrolled)
    if parsed.pain is not None and patient.status != PatientStatus.unenrolled:
        # Recorded for the clinician even when opted out; answered only when we may text.
        quiet = bool(replies) or (stopped and parsed.intent != Intent.opt_in)
        known = state.scores(session, patient.id or 0, record.id or 0)
        replies += symptoms.pain_report(
            session, library, settings, patient, record, parsed, now, say,
            quiet=quiet, known=known,
        )  # fmt: skip
    intent = parsed.intent
    if intent == Intent.opt_out:
        already = patient.status == PatientStatus.opted_out
        lifecycle.opt_out(session=session, patient=patient, now=now)
        # Twilio answers its own keywords itself; a second reply would be one too many, and
        # so would a second confirmation to a number that has already stopped.
        return replies if parsed.opt_out_exact or already else [*replies, say("optout.confirm")]
    # "YES" to someone already receiving texts is not a request to rejoin: answer it below.
    if intent == Intent.opt_in and patient.status == PatientStatus.completed:
        # The programme is over: START does not restart it (a clinician extends it).
        return [*replies, say("progress.completed_reply")]
    # A bare "yes" from a paused patient answers something; it does not end the pause
    # (perhaps a clinician's). START, RESUME or "start again" do.
    yes_while_paused = patient.status == PatientStatus.paused and bare(normalize(record.body)) in (
        "yes",
        "si",
        "yes please",
        "ok yes",
    )
    if intent == Intent.opt_in and yes_while_paused:
        return [*replies, say("pause.still")]
    if intent == Intent.opt_in and patient.status != PatientStatus.active:
        if lifecycle.opt_in(session=session, patient=patient, now=now):
            planner.plan(session=session, library=library, now=now, patient_ids=[patient.id or 0])
            return [*replies, say("optin.confirm")]
        return replies
    if patient.status in (PatientStatus.opted_out, PatientStatus.unenrolled):
        return replies  # they asked us to stop: only safety replies go out
    if intent == Intent.wrong_number:
        lifecycle.opt_out(session=session, patient=patient, now=now, reason="wrong number")
        raise_alert(
            session=session,
            library=library,
            settings=settings,
            patient=patient,
            kind=AlertKind.wrong_number,
            reason="reply says this is a wrong number",
            now=now,
            dedupe=timedelta(days=1),
        )
        return [*replies, say("wrong_number.confirm")]
    if intent == Intent.help:
        return [*replies, say("help")]
    if intent == Intent.pause:
        days = min(parsed.pause_days, MAX_PAUSE_DAYS) if parsed.pause_days else None
        until = now + timedelta(days=days) if days else None
        lifecycle.pause(session=session, patient=patient, now=now, until=until)
        text = say("pause.confirm", days=str(days)) if days else say("pause.confirm_open")
        return [*replies, text]
    if intent == Intent.resume:
        if lifecycle.resume(session=session, patient=patient, now=now):
            planner.plan(session=session, library=library, now=now, patient_ids=[patient.id or 0])
        return [*replies, say("resume.confirm")]
    if intent in controls.INTENTS:
        text = controls.answer(
            session=session, library=library, patient=patient, intent=intent,
            at=parsed.checkin_time, now=now, say=say,
        )  # fmt: skip
        return [*replies, text]
    if intent in (Intent.exercise_done, Intent.exercise_skip):
        return [*replies, *_exercise(session, patient, parsed, found.context, now, say)]
    if intent == Intent.question and parsed.question_topic:
        return [*replies, say(f"faq.{parsed.question_topic}")]
    if replies or parsed.acknowledgement or parsed.triage == Triage.review:
        return replies  # `review`: the clinic inbox answers (holding reply, safety net)
    if intent == Intent.pain_report and parsed.pain is None:  # "a bit sore", "worse today"
        return [say("pain.ask_score")]
    fallback = say("fallback")
    if _recently_answered(session, phone=patient.phone, reply=fallback, since=now - FALLBACK_EVERY):
        return []
    return [fallback]


def _exercise(
    session: Session,
    patient: Patient,
    parsed: ParsedReply,
    context: ReplyContext,
    now: datetime,
    say: Say,
) -> list[str]:
    """Log the exercise the patient was last sent (if the last message was one)."""
    assert patient.id is not None
    done = parsed.intent == Intent.exercise_done
    exercise_id = context.last_outbound_exercise_id or "unspecified"
    session.connection().execute(
        _statement("exercise_log"),
        {"patient_id": patient.id, "exercise_id": exercise_id, "done": done, "logged_at": now},
    )
    return [say("exercise.logged" if done else "exercise.skipped")]
