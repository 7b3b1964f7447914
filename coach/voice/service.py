"""Calls and their effects: who is on the line, recording answers, idempotent replays.

Every answer is stored as an `InboundMessage` whose `message_sid` is
`{CallSid}:{turn}:{step}` (unique), with the outcome as its intent and what its effects
said as its reply. A retried webhook finds that row and gets the very same turn back;
nothing is recorded twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from coach.content.library import Library
from coach.errors import InvalidInput, NotFound
from coach.messaging.models import InboundMessage, OutboxMessage
from coach.patients import lifecycle
from coach.patients.models import ExerciseLog, Patient, PatientStatus
from coach.patients.texts import render, values_for
from coach.replies import symptoms
from coach.scheduling.localtime import local_now
from coach.settings import Settings
from coach.voice import flows, speech
from coach.voice.exercise import exercise_turn
from coach.voice.flows import Outcome, Say, Step, Turn

SEPARATOR = "\x1e"


@dataclass(frozen=True)
class Reply:
    """A turn and what is needed to render it."""

    turn: Turn
    language: str
    next_turn: int
    outbox_id: int | None = None


@dataclass(frozen=True)
class CallAnswer:
    """One answer to a `<Gather>`, as Twilio posted it."""

    call_sid: str
    step: Step
    turn: int
    index: int | None
    digits: str
    speech: str
    outbox_id: int | None
    from_phone: str


def is_machine(answered_by: str) -> bool:
    """Twilio's answering-machine detection said machine or fax."""
    value = answered_by.strip().lower()
    return value.startswith("machine") or value == "fax"


def sayer(library: Library, settings: Settings, patient: Patient | None, language: str) -> Say:
    """Render content ids in `language` with the clinic's and the patient's values."""

    # The patient's country's emergency numbers; a stranger gets the clinic's region's.
    base = values_for(settings, patient.first_name, patient.phone) if patient else None
    base = base or values_for(settings, None)

    def say(template_id: str, **values: str) -> str:
        return render(library, template_id, language, base | values)

    return say


def call_row(session: Session, outbox_id: int, call_sid: str) -> OutboxMessage:
    """The outbox row a call was placed for; 404 unless it is that voice call."""
    row = session.get(OutboxMessage, outbox_id)
    if row is None or row.channel != "voice":
        raise NotFound(f"no call was placed for outbox {outbox_id}")
    # Twilio may ask for the TwiML before dispatch has stored the CallSid.
    if row.twilio_sid is not None and row.twilio_sid != call_sid:
        raise NotFound(f"outbox {outbox_id} belongs to another call")
    return row


def _patient(session: Session, patient_id: int) -> Patient:
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(f"no patient {patient_id}")
    return patient


def caller(session: Session, phone: str) -> Patient | None:
    """The enrolled (not unenrolled) patient calling from `phone`, if any."""
    patient = session.exec(select(Patient).where(Patient.phone == phone)).first()
    if patient is None or patient.status == PatientStatus.unenrolled:
        return None
    return patient


def start_outbound(
    *,
    session: Session,
    library: Library,
    settings: Settings,
    outbox_id: int,
    call_sid: str,
    answered_by: str,
) -> Reply:
    """The first turn of a call we placed: voicemail for a machine, else who is there."""
    row = call_row(session, outbox_id, call_sid)
    patient = _patient(session, row.patient_id)
    say = sayer(library, settings, patient, patient.language)
    if is_machine(answered_by):
        turn = flows.voicemail(say)
    elif patient.status != PatientStatus.active:
        turn = flows.goodbye(say)  # they stopped or paused after the call was placed
    else:
        turn = Turn((), flows.identify(say, patient.first_name))
    return Reply(turn, patient.language, 1, outbox_id)


def start_inbound(
    *, session: Session, library: Library, settings: Settings, from_phone: str
) -> Reply:
    """A call to us: the menu for an enrolled patient, a polite message for anyone else."""
    patient = caller(session, from_phone)
    if patient is None:
        say = sayer(library, settings, None, "en")
        return Reply(flows.unknown_caller(say), "en", 1)
    say = sayer(library, settings, patient, patient.language)
    stopped = patient.status == PatientStatus.opted_out
    return Reply(flows.inbound(say, stopped=stopped), patient.language, 1)


def _exercise_ids(library: Library, language: str) -> list[str]:
    return [e.id for e in library.exercises(language) or library.exercises("en")]


def _today(
    session: Session, patient: Patient, ids: list[str], row: OutboxMessage | None, now: datetime
) -> int:
    """The call's exercise, else the last one sent, else one picked by the local date."""
    if row is not None and row.kind == "exercise" and row.template_id in ids:
        return ids.index(row.template_id)
    last = session.exec(
        select(OutboxMessage.template_id)
        .where(OutboxMessage.patient_id == patient.id)
        .where(OutboxMessage.kind == "exercise")
        .where(col(OutboxMessage.sent_at).is_not(None))
        .order_by(col(OutboxMessage.sent_at).desc())
    ).first()
    if last in ids:
        return ids.index(last or "")
    return (local_now(now, patient.timezone).date().toordinal() + (patient.id or 0)) % len(ids)


def _context(
    session: Session,
    library: Library,
    patient: Patient,
    say: Say,
    row: OutboxMessage | None,
    now: datetime,
) -> flows.Context:
    ids = _exercise_ids(library, patient.language)

    def exercise(index: int, intro: bool) -> Turn:
        index %= len(ids)
        found = library.exercise(ids[index], patient.language)
        return exercise_turn(found, index, say, intro=intro)

    return flows.Context(
        say=say,
        first_name=patient.first_name,
        kind=row.kind if row is not None else "inbound",
        exercise=exercise,
        today=_today(session, patient, ids, row, now),
        count=len(ids),
        stopped=patient.status == PatientStatus.opted_out,
    )


def answer(
    *, session: Session, library: Library, settings: Settings, call: CallAnswer, now: datetime
) -> Reply:
    """Record one answer (once per CallSid, turn and step) and decide the next turn."""
    row = call_row(session, call.outbox_id, call.call_sid) if call.outbox_id else None
    patient = _patient(session, row.patient_id) if row else caller(session, call.from_phone)
    if patient is None:
        raise NotFound("this caller is not an enrolled patient")
    if call.index is not None and call.step not in (Step.exercise, Step.exercise_retry):
        raise InvalidInput("i is only for exercise steps", field="i")
    say = sayer(library, settings, patient, patient.language)
    context = _context(session, library, patient, say, row, now)
    key = f"{call.call_sid}:{call.turn}:{call.step}"
    outcome, texts = _replay(session, key) or _record(
        session, library, settings, patient, call, key, context, now
    )
    turn = flows.respond(call.step, outcome, call.index, texts, context)
    return Reply(turn, patient.language, call.turn + 1, call.outbox_id)


def _replay(session: Session, key: str) -> tuple[Outcome, list[str]] | None:
    seen = session.exec(select(InboundMessage).where(InboundMessage.message_sid == key)).first()
    if seen is None:
        return None
    return Outcome(seen.intent), seen.reply.split(SEPARATOR) if seen.reply else []


def _record(
    session: Session,
    library: Library,
    settings: Settings,
    patient: Patient,
    call: CallAnswer,
    key: str,
    context: flows.Context,
    now: datetime,
) -> tuple[Outcome, list[str]]:
    parsed = speech.understand(call.speech)
    heard = flows.Answer(
        digits=call.digits,
        pain=parsed.pain if parsed else None,
        red_flag=bool(parsed and parsed.red_flag),
        yes=flows.yes_or_no(call.speech),
    )
    outcome, score = flows.read(call.step, heard)
    if outcome is Outcome.restart and not context.stopped:
        outcome = Outcome.invalid  # 7 is only offered to a caller who stopped calls
    record = InboundMessage(
        message_sid=key,
        patient_id=patient.id,
        from_phone=patient.phone,
        body=(call.digits or call.speech)[:1600],
        intent=outcome.value,
        pain=score,
        red_flag=outcome is Outcome.red_flag,
        received_at=now,
    )
    session.add(record)
    try:
        session.flush()
    except IntegrityError:  # the same webhook raced in from another request
        session.rollback()
        return _replay(session, key) or (outcome, [])
    say = context.say
    texts: list[str] = []
    if outcome is Outcome.red_flag:
        flagged = parsed if parsed and parsed.red_flag else speech.keypad_red_flag(call.digits)
        texts += symptoms.red_flag(session, library, settings, patient, flagged, now, say)
    if score is not None and patient.status != PatientStatus.unenrolled:
        scored = speech.with_pain(parsed, score)
        quiet = bool(texts)
        texts += symptoms.pain_report(
            session,
            library,
            settings,
            patient,
            record,
            scored,
            now,
            say,
            quiet=quiet,
            source="voice",
        )
    if outcome is Outcome.stop:
        lifecycle.opt_out(session=session, patient=patient, now=now, reason="voice menu")
    if outcome is Outcome.restart and patient.status == PatientStatus.opted_out:
        lifecycle.opt_in(session=session, patient=patient, now=now)  # the patient's own choice
    if outcome in (Outcome.repeat, Outcome.next, Outcome.finish):
        ids = _exercise_ids(library, patient.language)
        exercise_id = ids[(call.index or 0) % len(ids)]
        session.add(
            ExerciseLog(
                patient_id=patient.id or 0, exercise_id=exercise_id, done=True, logged_at=now
            )
        )
    record.reply = SEPARATOR.join(texts) or None
    session.add(record)
    session.commit()
    return outcome, texts
