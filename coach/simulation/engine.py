"""Run profiles through a programme in simulated time, on the real services.

A fresh SQLite file is migrated; a clinician enrolls each profile through the patients
service; then the clock steps every five minutes for the given weeks: the planner every 15
minutes (as the worker does), dispatch through the recording transport whenever something
is due, the sweep every hour, and each patient's answers through the real SMS pipeline or
call flow. Everything that happens is kept as a timeline, and the database as it was left.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from coach import migrate
from coach.alerts.models import Alert
from coach.clinicians.models import Clinician
from coach.clinicians.service import create_clinician
from coach.content.library import Library
from coach.db import make_engine, session_scope
from coach.messaging.dispatch import DispatchConfig, dispatch_due
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.messaging.transport import RecordingTransport
from coach.patients import lifecycle
from coach.patients import service as patients
from coach.patients.models import Patient
from coach.patients.schemas import Consent, PatientCreate, QuietHours
from coach.replies import followup
from coach.replies import service as replies
from coach.scheduling import planner
from coach.scheduling.localtime import local_now, local_to_utc
from coach.settings import Settings
from coach.simulation.profiles import Profile
from coach.voice import service as voice
from coach.voice.flows import Step

STEP = timedelta(minutes=5)
PLAN_EVERY = timedelta(hours=1)  # the worker plans every 15 min, 48 h ahead: same rows
SWEEP_EVERY = timedelta(minutes=30)  # as the worker
ANSWER_AFTER = timedelta(minutes=25)  # how long a patient takes to answer a check-in text
ALERT_PHONE = "+12125550999"


@dataclass(frozen=True)
class Event:
    """One line of the timeline."""

    at: datetime
    profile: str
    what: str  # "sent", "call", "patient", "coach", "alert", "clinician"
    text: str


@dataclass
class Result:
    """What a run did, and where its database is."""

    profiles: Sequence[Profile]
    start: datetime
    end: datetime
    engine: Engine
    events: list[Event] = field(default_factory=list)
    patient_ids: dict[str, int] = field(default_factory=dict)
    transport: RecordingTransport = field(default_factory=RecordingTransport)


@dataclass(order=True)
class _Due:
    at: datetime
    profile: str
    text: str = ""
    action: str = ""


def _enroll(
    session: Session,
    clinician: Clinician,
    profile: Profile,
    start: date,
    settings: Settings,
    library: Library,
    now: datetime,
) -> int:
    quiet = (
        QuietHours(start=profile.quiet_hours[0], end=profile.quiet_hours[1])
        if (profile.quiet_hours)
        else None
    )
    data = PatientCreate(
        phone=profile.phone,
        first_name=profile.label.split(",")[0].split(" ")[0],
        timezone=profile.timezone,
        language=profile.language,
        channel=profile.channel,
        program=profile.program,
        start_date=start,
        quiet_hours=quiet,
        consent=Consent(given_at=now, method="verbal, in clinic (simulated)"),
        alert_phone=ALERT_PHONE,
        sms_consent=profile.sms_consent if profile.channel == "voice" else None,
    )
    out = patients.enroll(
        session=session, actor=clinician, data=data, settings=settings, library=library, now=now
    )
    return out.id


class _Run:
    """The state of one simulation run."""

    def __init__(
        self, result: Result, library: Library, settings: Settings, clinician: Clinician
    ) -> None:
        self.result = result
        self.library = library
        self.settings = settings
        self.clinician = clinician
        self.engine = result.engine
        self.by_phone = {p.phone: p for p in result.profiles}
        self.by_id = {pid: key for key, pid in result.patient_ids.items()}
        self.pending: list[_Due] = []
        self.last_alert = 0
        self.seen_sends = 0
        self.config = DispatchConfig(public_url=settings.public_url, concurrency=1)
        self.next_due: datetime | None = None
        self.starts: dict[str, date] = {}

    def log(self, at: datetime, profile: str, what: str, text: str) -> None:
        self.result.events.append(Event(at, profile, what, text))

    def day_of(self, profile: Profile, at: datetime) -> int:
        start = self.starts[profile.key]
        return (local_now(at, profile.timezone).date() - start).days + 1

    def refresh_next_due(self) -> None:
        with Session(self.engine) as session:
            self.next_due = session.exec(
                select(func.min(OutboxMessage.due_at)).where(
                    col(OutboxMessage.status) == OutboxStatus.scheduled
                )
            ).one()

    def dispatch(self, now: datetime) -> None:
        if self.next_due is None or self.next_due > now:
            return
        dispatch_due(
            engine=self.engine, transport=self.result.transport, config=self.config, now=lambda: now
        )
        self.refresh_next_due()
        sent = self.result.transport.sent[self.seen_sends :]
        self.seen_sends += len(sent)
        with Session(self.engine, expire_on_commit=False) as session:  # one query a batch
            rows = {
                row.twilio_sid: row
                for row in session.exec(
                    select(OutboxMessage).where(
                        col(OutboxMessage.twilio_sid).in_([item.sid for item in sent])
                    )
                )
            }
        for item in sent:
            row = rows[item.sid]
            profile = self.by_phone.get(item.to)
            if profile is None:  # the clinician's alert text
                owner = self.by_id.get(row.patient_id, "?")
                self.log(now, owner, "clinician", item.body)
                continue
            if item.kind == "call":
                self.log(now, profile.key, "call", f"{row.kind} call")
                self.answer_call(profile, row, now)
                continue
            self.log(now, profile.key, "sent", f"[{row.kind}] {item.body}")
            if row.kind == "checkin":
                answer = profile.answer(self.day_of(profile, now))
                if answer is not None:
                    self.pending.append(_Due(now + ANSWER_AFTER, profile.key, text=answer))

    def answer_call(self, profile: Profile, row: OutboxMessage, now: datetime) -> None:
        answer = profile.answer(self.day_of(profile, now))
        if answer is None:
            self.log(now, profile.key, "patient", "(no answer)")
            return
        assert row.id is not None and row.twilio_sid is not None
        steps: list[str] = ["1", answer, "1"] if row.kind == "checkin" else ["1", "3"]
        with session_scope(self.engine) as session:
            reply = voice.start_outbound(
                session=session,
                library=self.library,
                settings=self.settings,
                outbox_id=row.id,
                call_sid=row.twilio_sid,
                answered_by="human",
            )
        for digits in steps:
            ask = reply.turn.ask
            if ask is None:
                break
            self.log(now, profile.key, "patient", f"(keypad) {digits}")
            call = voice.CallAnswer(
                call_sid=row.twilio_sid,
                step=Step(ask.step),
                turn=reply.next_turn,
                index=ask.index,
                digits=digits,
                speech="",
                outbox_id=row.id,
                from_phone=profile.phone,
            )
            with session_scope(self.engine) as session:
                reply = voice.answer(
                    session=session,
                    library=self.library,
                    settings=self.settings,
                    call=call,
                    now=now,
                )
            for segment in reply.turn.segments:
                text = getattr(segment, "text", None)
                if text:
                    self.log(now, profile.key, "coach", f"(spoken) {text}")
        self.refresh_next_due()

    def patient_acts(self, now: datetime) -> None:
        due = sorted(d for d in self.pending if d.at <= now)
        self.pending = [d for d in self.pending if d.at > now]
        for item in due:
            profile = next(p for p in self.result.profiles if p.key == item.profile)
            pid = self.result.patient_ids[profile.key]
            if item.action == "unenroll":
                with session_scope(self.engine) as session:
                    patients.unenroll_patient(
                        session=session, actor=self.clinician, patient_id=pid, now=now
                    )
                self.log(now, profile.key, "clinician", "unenrolls the patient")
                continue
            self.log(now, profile.key, "patient", item.text)
            with session_scope(self.engine) as session:
                outcome = replies.handle_sms(
                    session=session,
                    library=self.library,
                    settings=self.settings,
                    inbound=replies.Inbound(
                        message_sid="SMsim" + uuid.uuid4().hex[:27],
                        from_phone=profile.phone,
                        body=item.text,
                    ),
                    now=now,
                )
            for text in outcome.replies:
                self.log(now, profile.key, "coach", text)
        if due:
            self.refresh_next_due()

    def new_alerts(self, now: datetime) -> None:
        with Session(self.engine) as session:
            alerts = session.exec(
                select(Alert).where(col(Alert.id) > self.last_alert).order_by(col(Alert.id))
            ).all()
        for alert in alerts:
            self.last_alert = alert.id or self.last_alert
            urgency = "URGENT " if alert.urgent else ""
            key = self.by_id.get(alert.patient_id, "?")
            self.log(now, key, "alert", f"{urgency}{alert.kind}: {alert.reason}")


def run(
    *,
    profiles: Sequence[Profile],
    weeks: int,
    start: datetime,
    library: Library,
    settings: Settings,
    workdir: Path,
) -> Result:
    """Enroll `profiles` at `start` (aware) and run `weeks` of programme; returns the timeline."""
    url = f"sqlite:///{workdir / 'simulation.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    result = Result(
        profiles=profiles, start=start, end=start + timedelta(weeks=weeks), engine=engine
    )
    with session_scope(engine) as session:
        clinician, _key = create_clinician(
            session=session, name="Simulated Clinician", email="sim@clinic.example", now=start
        )
    starts: dict[str, date] = {}
    for profile in profiles:
        day = local_now(start, profile.timezone).date()
        starts[profile.key] = day
        with session_scope(engine) as session:
            actor = session.get(Clinician, clinician.id)
            assert actor is not None
            result.patient_ids[profile.key] = _enroll(
                session, actor, profile, day, settings, library, start
            )
    sim = _Run(result, library, settings, clinician)
    sim.starts = starts
    for profile in profiles:
        for item in profile.scripted:
            on = starts[profile.key] + timedelta(days=item.day - 1)
            at = local_to_utc(on, item.at, profile.timezone)
            sim.pending.append(_Due(at, profile.key, text=item.text, action=item.action))
    sim.refresh_next_due()
    now, next_plan, next_sweep = start, start, start + SWEEP_EVERY
    while now < result.end:
        if now >= next_plan:
            with session_scope(engine) as session:
                lifecycle.end_finished_pauses(session=session, now=now)
                planner.plan(session=session, library=library, now=now)
            sim.refresh_next_due()
            next_plan += PLAN_EVERY
        sim.patient_acts(now)
        if now >= next_sweep:
            with session_scope(engine) as session:
                followup.sweep(session=session, library=library, settings=settings, now=now)
            sim.refresh_next_due()
            next_sweep += SWEEP_EVERY
        sim.dispatch(now)
        sim.new_alerts(now)
        # Step on the five-minute grid straight to the next moment anything can happen.
        wake = min([next_plan, next_sweep, *(d.at for d in sim.pending)])
        if sim.next_due is not None:
            wake = min(wake, sim.next_due)
        steps = max(1, -((now - wake) // STEP))
        now += steps * STEP
    return result


def patients_of(result: Result) -> dict[str, Patient]:
    """Each profile's patient row as the run left it."""
    with Session(result.engine) as session:
        return {
            key: session.get(Patient, pid)  # type: ignore[misc]
            for key, pid in result.patient_ids.items()
        }
