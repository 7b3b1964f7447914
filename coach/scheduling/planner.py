"""The planner: materialize each active patient's next hours into the outbox.

Idempotent: every row has a slot key (patient, programme item, local date) and rows are
inserted with insert-or-ignore, so any number of runs from any number of workers add
nothing twice. Nothing is planned in quiet hours, past the daily or weekly cap, outside the
programme's days, or for a patient who is not active; each row expires before the next
quiet hours begin, so a message held up by downtime is never sent late.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from coach.content.library import Library
from coach.content.models import ContentError, Program, ProgramItem
from coach.content.selection import select_template
from coach.messaging import outbox
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import PainReport, Patient, PatientStatus
from coach.scheduling import preferences
from coach.scheduling.localtime import (
    in_quiet_hours,
    local_now,
    local_to_utc,
    next_quiet_start,
)
from coach.scheduling.writer import chunk_writer

HORIZON = timedelta(hours=48)
# A planning cycle re-plans a patient once less than this of their plan is left: each
# patient is planned about once a day, always at least a day ahead.
REPLAN_WITHIN = timedelta(hours=24)
CHUNK = 1000
LIVE = (OutboxStatus.cancelled, OutboxStatus.expired)


ROW_COLUMNS = (
    "patient_id",
    "slot_key",
    "kind",
    "template_id",
    "channel",
    "to_phone",
    "body",
    "status",
    "due_at",
    "expires_at",
    "attempts",
    "created_at",
    "updated_at",
)
VOICE_KINDS = frozenset({"checkin", "exercise"})
PROGRAM_KINDS = frozenset({"checkin", "posture_tip", "screen_break", "heat_ice", "exercise"})
# Slot-key endings of a second try at one message (voice/status.py): not another text.
SAME_MESSAGE_SUFFIXES = (":retry", ":sms")
# One-off texts that always go and take a programme text's place on a full day.
ESSENTIAL_KINDS = frozenset({"welcome", "see_clinician", "progress", "closing"})


@dataclass(frozen=True)
class History:
    """What a patient was already sent, to keep rotation and caps."""

    recent: dict[str, list[tuple[datetime, str]]]  # kind -> [(due_at, template_id)]
    days: list[tuple[date, str]]  # (local date, kind) of every live non-alert row
    last_pain: int | None


@dataclass(frozen=True, slots=True)
class _Who:
    """The patient fields the planner reads, copied once (ORM attribute access is slow)."""

    id: int
    tz: str
    channel: str
    language: str
    phone: str
    quiet_start: time
    quiet_end: time
    start: date
    program_id: str
    frequency: str = "normal"  # the patient's FEWER / MORE choice
    checkin_time: time | None = None  # the patient's TIME choice (local)
    extra_days: int = 0

    @classmethod
    def of(cls, patient: Patient) -> _Who:
        assert patient.id is not None
        return cls(
            patient.id,
            patient.timezone,
            str(patient.channel),
            patient.language,
            patient.phone,
            patient.quiet_start,
            patient.quiet_end,
            patient.start_date,
            patient.program_id,
            str(patient.frequency),
            patient.checkin_time,
            patient.extra_days,
        )


# The columns `_Who` is read from, in its field order (no ORM objects on the hot path).
_WHO_COLUMNS = (
    col(Patient.id),
    col(Patient.timezone),
    col(Patient.channel),
    col(Patient.language),
    col(Patient.phone),
    col(Patient.quiet_start),
    col(Patient.quiet_end),
    col(Patient.start_date),
    col(Patient.program_id),
    col(Patient.frequency),
    col(Patient.checkin_time),
    col(Patient.extra_days),
)


def plan_patient(
    *, library: Library, patient: Patient | _Who, history: History, now: datetime
) -> list[dict[str, Any]]:
    """Rows to insert for one patient over the next 48 hours (pure: no database)."""
    rows = _plan_rows(library=library, patient=patient, history=history, now=now)
    return [dict(zip(ROW_COLUMNS, row, strict=True)) for row in rows]


def _plan_rows(
    *, library: Library, patient: Patient | _Who, history: History, now: datetime
) -> list[tuple[Any, ...]]:
    """`plan_patient`'s rows as tuples in ROW_COLUMNS order (the bulk insert's form).

    Programme slots are derived afresh each run, in priority order, and insert-or-ignore
    keeps the ones already planned; so the daily cap counts the day's essential one-off
    texts (welcome, "see your clinician", progress, closing) plus the programme slots, and
    the weekly cap every text of the week's past days as they were planned.
    """
    if isinstance(patient, Patient):
        if patient.status != PatientStatus.active:
            return []
        patient = _Who.of(patient)
    who = patient
    program = library.program(who.program_id)
    end = now + HORIZON
    today = local_now(now, who.tz).date()
    window = [today + timedelta(days=offset) for offset in range(3)]
    rows: list[tuple[Any, ...]] = []
    recent = {kind: sorted(items) for kind, items in history.recent.items()}
    week_counts: dict[int, int] = defaultdict(int)
    essentials: dict[date, int] = defaultdict(int)
    for day, kind in history.days:
        if day not in window or kind not in PROGRAM_KINDS:
            week_counts[(day - who.start).days // 7] += 1
        if kind in ESSENTIAL_KINDS:
            essentials[day] += 1
    gentle = history.last_pain is not None and (
        history.last_pain >= program.persistent.high_pain_score
    )
    # Texts already planned on the window's days: no text or movement twice on one day.
    sent_on: dict[date, set[str]] = defaultdict(set)
    since = now - timedelta(days=1)
    for items in recent.values():
        for at, tid in items:
            if at >= since:
                sent_on[local_now(at, who.tz).date()].add(tid)
    for day in window:
        number = (day - who.start).days + 1
        week = (number - 1) // 7
        for item, due in day_items(program, who, day, essentials=essentials[day]):
            # A full week drops the day's remaining texts, but a check-in keeps its place.
            if week_counts[week] >= program.weekly_cap and item.kind != "checkin":
                continue
            week_counts[week] += 1
            if not now <= due < end:
                continue
            row = _row(library, item, who, recent, sent_on[day], number, day, due, gentle, now)
            if row is not None:
                rows.append(row)
    return rows


def day_items(
    program: Program, who: Patient | _Who, day: date, *, essentials: int = 0
) -> list[tuple[ProgramItem, datetime]]:
    """The programme texts a patient gets on a local day, with due times (UTC), by priority.

    Items that run that day, fall outside quiet hours and suit the patient's channel, in
    file order, cut to the daily cap left after `essentials` one-off texts (welcome, "see
    your clinician", weekly progress, closing) already queued that day. Nudges take no
    place here: they go only when the day still has room (see `budget`).
    """
    if isinstance(who, Patient):
        who = _Who.of(who)
    number = (day - who.start).days + 1
    weekday = day.weekday()
    room = program.daily_cap - essentials
    seed = str(who.id)
    out: list[tuple[ProgramItem, datetime]] = []
    # Every item of the day (the cut comes below, after quiet hours and the channel).
    for item in program.items_for_day(
        number, weekday, already_sent=-len(program.items), extra_days=who.extra_days
    ):
        if len(out) >= room:
            break
        if who.channel == "voice" and item.kind not in VOICE_KINDS:
            continue  # voice patients get check-in and guided exercise calls only
        if not preferences.keeps(
            program, item, day_number=number, weekday=weekday, frequency=who.frequency
        ):
            continue
        at = preferences.local_time(item, seed=seed, on=day, checkin_time=who.checkin_time)
        due = local_to_utc(day, at, who.tz)
        # A time a DST change skips comes out later on the clock: check what it will read
        # (a date the zone skipped altogether lands on the next day: not this day's text).
        local = local_now(due, who.tz)
        if local.date() != day or in_quiet_hours(local.time(), who.quiet_start, who.quiet_end):
            continue
        out.append((item, due))
    return out


def _row(
    library: Library,
    item: ProgramItem,
    who: _Who,
    recent: dict[str, list[tuple[datetime, str]]],
    same_day: set[str],
    number: int,
    day: date,
    due: datetime,
    gentle: bool,
    now: datetime,
) -> tuple[Any, ...] | None:
    cutoff = due - timedelta(days=item.no_repeat_days)
    kind_history = recent.setdefault(item.kind, [])
    recent_ids = [tid for at, tid in kind_history if at >= cutoff]
    day_iso = day.isoformat()
    local = local_now(due, who.tz).time()
    try:
        template = select_template(
            library,
            item,
            language=who.language,
            recent_ids=recent_ids,
            day_number=number,
            gentle=gentle,
            seed=f"{who.id}:{day_iso}",
            at=local,
            exclude=same_day,  # never the same text or movement twice on one local day
        )
    except ContentError:
        return None
    kind_history.append((due, template.id))
    same_day.add(template.id)
    # Expire before the next quiet hours begin (never sent late at night) or after the window.
    quiet_at = next_quiet_start(due, who.tz, who.quiet_start)
    return (  # in ROW_COLUMNS order
        who.id,
        f"{who.id}:{item.id}:{day_iso}",
        item.kind,
        template.id,
        who.channel,
        who.phone,
        template.text,
        OutboxStatus.scheduled,
        due,
        min(due + timedelta(minutes=item.expires_after_minutes), quiet_at),
        0,
        now,
        now,
    )


def _histories(session: Session, patients: Sequence[_Who], now: datetime) -> dict[int, History]:
    ids = [p.id for p in patients]
    zones = {p.id: p.tz for p in patients}
    recent: dict[int, dict[str, list[tuple[datetime, str]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    days: dict[int, list[tuple[date, str]]] = defaultdict(list)
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # A few index lookups per patient, always. While a first planning fills the outbox
        # its statistics lag behind (autovacuum analyzes later), and PostgreSQL would scan
        # the whole, growing table for every chunk. For these reads only (reset below).
        connection.exec_driver_sql("SET LOCAL enable_seqscan TO off")
    # Core, not the ORM: plain rows, without the ORM's per-row bookkeeping.
    rows = connection.execute(
        sa_select(
            col(OutboxMessage.patient_id),
            col(OutboxMessage.kind),
            col(OutboxMessage.template_id),
            col(OutboxMessage.due_at),
            col(OutboxMessage.slot_key),
        )
        .where(col(OutboxMessage.patient_id).in_(ids))
        .where(col(OutboxMessage.due_at) >= now - timedelta(days=35))
        .where(col(OutboxMessage.status).not_in(LIVE))
    ).all()
    for patient_id, kind, template_id, due_at, slot_key in rows:
        if template_id:
            recent[patient_id][kind].append((due_at, template_id))
        # A call's retry or its SMS fallback is the same message again: counted once.
        if kind != "alert" and not slot_key.endswith(SAME_MESSAGE_SUFFIXES):
            days[patient_id].append((local_now(due_at, zones[patient_id]).date(), kind))
    last_pain = _last_pain(session, ids)
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("RESET enable_seqscan")
    return {
        pid: History(recent=dict(recent[pid]), days=days[pid], last_pain=last_pain.get(pid))
        for pid in ids
    }


def _last_pain(session: Session, ids: list[int]) -> dict[int, int]:
    latest = (
        select(PainReport.patient_id, func.max(PainReport.id).label("last_id"))
        .where(col(PainReport.patient_id).in_(ids))
        .group_by(col(PainReport.patient_id))
        .subquery()
    )
    rows = (
        session.connection()
        .execute(
            sa_select(col(PainReport.patient_id), col(PainReport.score)).join(
                latest, col(PainReport.id) == latest.c.last_id
            )
        )
        .all()
    )
    return {int(pid): int(score) for pid, score in rows}


def _active_chunks(
    session: Session, patient_ids: Sequence[int] | None, due_before: datetime | None
) -> Iterator[list[_Who]]:
    last_id = 0
    while True:
        query = (
            sa_select(*_WHO_COLUMNS)
            .where(col(Patient.status) == PatientStatus.active)
            .where(col(Patient.id) > last_id)
            .order_by(col(Patient.id))
            .limit(CHUNK)
        )
        if patient_ids is not None:
            query = query.where(col(Patient.id).in_(patient_ids))
        if due_before is not None:  # the watermark: only patients whose plan runs short
            query = query.where(
                or_(col(Patient.planned_until).is_(None), col(Patient.planned_until) <= due_before)
            )
        chunk = [_Who(*row) for row in session.execute(query).all()]
        if not chunk:
            return
        yield chunk
        last_id = chunk[-1].id


def plan(
    *,
    session: Session,
    library: Library,
    now: datetime,
    patient_ids: Sequence[int] | None = None,
    everyone: bool = False,
) -> int:
    """Plan the next 48 hours; returns rows added.

    With `patient_ids`, those patients (after a change to them). Otherwise a planning
    cycle: only the active patients whose plan ends within `REPLAN_WITHIN` of now, or who
    were marked for planning (`planned_until` cleared by a change), in chunks of CHUNK,
    each its own short transaction. `everyone` re-plans every active patient (after a
    content or programme change: `coach plan --all`).
    """
    session.flush()  # the caller's pending changes (a resume): the Core reads below see them
    incremental = patient_ids is None and not everyone
    due_before = now + REPLAN_WITHIN if incremental else None

    def write(target: Session, ids: Sequence[int], rows: list[tuple[Any, ...]]) -> int:
        added = outbox.insert_tuples(session=target, columns=ROW_COLUMNS, rows=rows)
        target.execute(
            update(Patient).where(col(Patient.id).in_(ids)).values(planned_until=now + HORIZON)
        )
        target.commit()
        return added

    # A cycle's chunks are written beside the planning (PostgreSQL); a change to named
    # patients is written in line, in the caller's transaction.
    with chunk_writer(session, write, beside=patient_ids is None) as writer:
        for chunk in _active_chunks(session, patient_ids, due_before):
            histories = _histories(session, chunk, now)
            rows: list[tuple[Any, ...]] = []
            for who in chunk:
                rows.extend(
                    _plan_rows(library=library, patient=who, history=histories[who.id], now=now)
                )
            writer.put([who.id for who in chunk], rows)
        return writer.finish()
