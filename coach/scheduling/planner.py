"""The planner: materialize each active patient's next hours into the outbox.

Idempotent: every row has a slot key (patient, programme item, local date) and rows are
inserted with insert-or-ignore, so any number of runs from any number of workers add
nothing twice. Nothing is planned in quiet hours, past the daily or weekly cap, outside the
programme's days, or for a patient who is not active; each row expires before the next
quiet hours begin, so a message held up by downtime is never sent late.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ARRAY, Connection, Integer, and_, any_, bindparam, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.orm import attributes
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, func, select

from coach.content.library import Library
from coach.content.models import ContentError, Program, ProgramItem, time_of_day
from coach.content.selection import Candidates, candidates, pick, reach
from coach.messaging import outbox
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import PainReport, Patient, PatientStatus
from coach.scheduling import preferences, shards
from coach.scheduling.localtime import (
    in_quiet_hours,
    local_now,
    local_to_utc,
    next_quiet_start,
)
from coach.scheduling.shards import IdRange
from coach.scheduling.writer import Chunk, chunk_writer

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


_UNKNOWN = object()


class Days:
    """What many patients share in one planning run, worked out once for all of them.

    A programme day's items for a channel and frequency, a local time's UTC instant and
    whether it is a real time of that day, the next start of quiet hours after a due time,
    the templates an item may use that day. These depend on the programme, the zone, the
    date and the minute, not on the patient, so they are bounded by zones x minutes x days,
    not by the number of patients (each memo is emptied past MEMO_LIMIT entries). What does
    depend on the patient (the minute a window picks, the template a seed picks, what they
    were sent before) is still worked out for each patient, the same way as one at a time.
    """

    MEMO_LIMIT = 200_000

    def __init__(self) -> None:
        self._items: dict[tuple[Any, ...], tuple[tuple[ProgramItem, bytes], ...]] = {}
        self._slots: dict[tuple[date, time, str], tuple[datetime, time] | None] = {}

    def items(
        self, program: Program, who: _Who, day: date, number: int
    ) -> tuple[tuple[ProgramItem, bytes], ...]:
        """The programme items a patient may get that day, in priority order, before the
        daily cap, quiet hours and times (with each item's part of a window's seed)."""
        key = (program.id, day, number, who.extra_days, who.channel, who.frequency)
        found = self._items.get(key)
        if found is None:
            weekday = day.weekday()
            kept = [
                (item, f"|{item.id}|{day.isoformat()}".encode())
                for item in program.items_for_day(
                    number, weekday, already_sent=-len(program.items), extra_days=who.extra_days
                )
                # voice patients get check-in and guided exercise calls only
                if (who.channel != "voice" or item.kind in VOICE_KINDS)
                and preferences.keeps(
                    program, item, day_number=number, weekday=weekday, frequency=who.frequency
                )
            ]
            found = self._items[key] = tuple(kept)
        return found

    def slot(self, day: date, at: time, tz: str) -> tuple[datetime, time] | None:
        """The UTC instant of local `at` on `day` and the time the clock will then read
        (a time a DST change skips reads later), or None when that falls on another date."""
        key = (day, at, tz)
        known = self._slots.get(key, _UNKNOWN)
        if known is not _UNKNOWN:
            return known  # type: ignore[return-value]
        due = local_to_utc(day, at, tz)
        local = local_now(due, tz)
        found = (due, local.time()) if local.date() == day else None
        if len(self._slots) > self.MEMO_LIMIT:
            self._slots.clear()
        self._slots[key] = found
        return found


class Shared(Days):
    """`Days`, and what rows share in a run at `now`: expiry times, template candidates."""

    def __init__(self, library: Library, now: datetime) -> None:
        super().__init__()
        self.library = library
        self.now = now
        self.end = now + HORIZON
        self.since = now - timedelta(days=1)
        self._today: dict[str, date] = {}
        self._expiry: dict[tuple[datetime, str, time, int], datetime] = {}
        self._candidates: dict[tuple[Any, ...], Candidates] = {}

    def today(self, tz: str) -> date:
        """The local date at `now` in zone `tz`."""
        found = self._today.get(tz)
        if found is None:
            found = self._today[tz] = local_now(self.now, tz).date()
        return found

    def expiry(self, due: datetime, tz: str, quiet_start: time, minutes: int) -> datetime:
        """When a text due at `due` expires: after its window, or before quiet hours."""
        key = (due, tz, quiet_start, minutes)
        found = self._expiry.get(key)
        if found is None:
            if len(self._expiry) > self.MEMO_LIMIT:
                self._expiry.clear()
            quiet_at = next_quiet_start(due, tz, quiet_start)
            found = self._expiry[key] = min(due + timedelta(minutes=minutes), quiet_at)
        return found

    def candidates(
        self, item: ProgramItem, language: str, number: int, gentle: bool, at: time
    ) -> Candidates:
        """`selection.candidates`, looked up by the item itself (alive all the run)."""
        key = (id(item), language, number, gentle, time_of_day(at))
        found = self._candidates.get(key)
        if found is None:
            found = self._candidates[key] = candidates(
                self.library, item, language, number, gentle, at
            )
        return found


def plan_patient(
    *, library: Library, patient: Patient | _Who, history: History, now: datetime
) -> list[dict[str, Any]]:
    """Rows to insert for one patient over the next 48 hours (pure: no database)."""
    if isinstance(patient, Patient):
        if patient.status != PatientStatus.active:
            return []
        patient = _Who.of(patient)
    rows = _plan_rows(Shared(library, now), patient, history)
    return [dict(zip(ROW_COLUMNS, row, strict=True)) for row in rows]


def _plan_rows(shared: Shared, who: _Who, history: History) -> list[tuple[Any, ...]]:
    """`plan_patient`'s rows as tuples in ROW_COLUMNS order (the bulk insert's form).

    Programme slots are derived afresh each run, in priority order, and insert-or-ignore
    keeps the ones already planned; so the daily cap counts the day's essential one-off
    texts (welcome, "see your clinician", progress, closing) plus the programme slots, and
    the weekly cap every text of the week's past days as they were planned.
    """
    library = shared.library
    now = shared.now
    tz = who.tz
    program = library.program(who.program_id)
    today = shared.today(tz)
    window = (today, today + _DAY, today + _TWO_DAYS)
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
    since = shared.since
    for items in recent.values():
        for at, tid in items:
            if at >= since:
                sent_on[local_now(at, tz).date()].add(tid)
    seed = str(who.id).encode()
    seed_crc = zlib.crc32(seed)
    weekly_cap = program.weekly_cap
    end = shared.end
    for day in window:
        number = (day - who.start).days + 1
        week = (number - 1) // 7
        same_day = sent_on[day]
        taken: set[str] = set()
        for ident in same_day:
            taken |= reach(library, ident, who.language)
        day_iso = day.isoformat()
        for item, due, local in _day_slots(
            shared, program, who, day, number, seed_crc, essentials[day]
        ):
            # A full week drops the day's remaining texts, but a check-in keeps its place.
            if week_counts[week] >= weekly_cap and item.kind != "checkin":
                continue
            week_counts[week] += 1
            if not now <= due < end:
                continue
            row = _row(
                shared, item, who, recent, same_day, taken, number, day_iso, due, local, gentle
            )
            if row is not None:
                rows.append(row)
    return rows


_DAY = timedelta(days=1)
_TWO_DAYS = timedelta(days=2)


def _day_slots(
    shared: Days,
    program: Program,
    who: _Who,
    day: date,
    number: int,
    seed_crc: int,
    essentials: int,
) -> list[tuple[ProgramItem, datetime, time]]:
    """`day_items` with the local time each due time reads (shared work looked up)."""
    room = program.daily_cap - essentials
    out: list[tuple[ProgramItem, datetime, time]] = []
    if room <= 0:
        return out
    tz = who.tz
    checkin_time = who.checkin_time
    for item, suffix in shared.items(program, who, day, number):
        if item.kind == preferences.CHECKIN and checkin_time is not None:
            at = checkin_time
        elif item.at is not None:
            at = item.at
        else:  # `ProgramItem.local_time` with the seed's CRC worked out once a patient
            at = item.window_time(zlib.crc32(suffix, seed_crc))
        slot = shared.slot(day, at, tz)
        # A time a DST change skips comes out later on the clock: check what it will read
        # (a date the zone skipped altogether lands on the next day: not this day's text).
        if slot is None or in_quiet_hours(slot[1], who.quiet_start, who.quiet_end):
            continue
        out.append((item, slot[0], slot[1]))
        if len(out) >= room:
            break
    return out


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
    slots = _day_slots(
        Days(), program, who, day, number, zlib.crc32(str(who.id).encode()), essentials
    )
    return [(item, due) for item, due, _ in slots]


def _row(
    shared: Shared,
    item: ProgramItem,
    who: _Who,
    recent: dict[str, list[tuple[datetime, str]]],
    same_day: set[str],
    taken: set[str],
    number: int,
    day_iso: str,
    due: datetime,
    local: time,
    gentle: bool,
) -> tuple[Any, ...] | None:
    kind_history = recent.setdefault(item.kind, [])
    if kind_history:
        cutoff = due - timedelta(days=item.no_repeat_days)
        recent_ids = [tid for at, tid in kind_history if at >= cutoff]
    else:
        recent_ids = []
    library = shared.library
    try:
        template = pick(
            library,
            item,
            shared.candidates(item, who.language, number, gentle, local),
            language=who.language,
            recent_ids=recent_ids,
            day_number=number,
            seed=f"{who.id}:{day_iso}",
            taken=taken,  # never the same text or movement twice on one local day
        )
    except ContentError:
        return None
    kind_history.append((due, template.id))
    same_day.add(template.id)
    taken |= reach(library, template.id, who.language)
    now = shared.now
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
        # Expire before the next quiet hours begin (never sent late at night) or after the
        # item's window.
        shared.expiry(due, who.tz, who.quiet_start, item.expires_after_minutes),
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
        .where(_among(connection, col(OutboxMessage.patient_id), ids))
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


def _among(connection: Connection, column: Any, ids: list[int]) -> Any:
    """`column IN ids`, as a condition the (patient_id, ...) indexes always serve.

    On PostgreSQL `= ANY(array)`: one parameter, not a thousand for the driver to split and
    the server to parse on every chunk. With the range of the ids beside it: while a first
    planning fills the outbox its statistics lag far behind (autovacuum analyzes later),
    PostgreSQL then takes `= ANY` of a thousand ids to match most of the table and would
    scan the whole, growing outbox on another index for every chunk; a range on the
    index's first column it always estimates as narrow.
    """
    span = column.between(min(ids), max(ids))
    if connection.dialect.name == "postgresql":
        return and_(span, column == any_(bindparam("ids", ids, type_=ARRAY(Integer))))
    return and_(span, column.in_(ids))


def _last_pain(session: Session, ids: list[int]) -> dict[int, int]:
    latest = (
        select(PainReport.patient_id, func.max(PainReport.id).label("last_id"))
        .where(_among(session.connection(), col(PainReport.patient_id), ids))
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
    session: Session,
    patient_ids: Sequence[int] | None,
    due_before: datetime | None,
    id_range: IdRange = (0, None),
) -> Iterator[list[_Who]]:
    last_id, up_to = id_range
    while True:
        query = (
            sa_select(*_WHO_COLUMNS)
            .where(col(Patient.status) == PatientStatus.active)
            .where(col(Patient.id) > last_id)
            .order_by(col(Patient.id))
            .limit(CHUNK)
        )
        if up_to is not None:
            query = query.where(col(Patient.id) <= up_to)
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
    processes: int = 1,
    id_range: IdRange = (0, None),
) -> int:
    """Plan the next 48 hours; returns rows added.

    With `patient_ids`, those patients (after a change to them). Otherwise a planning
    cycle: only the active patients whose plan ends within `REPLAN_WITHIN` of now, or who
    were marked for planning (`planned_until` cleared by a change), in chunks of CHUNK,
    each its own short transaction. `everyone` re-plans every active patient (after a
    content or programme change: `coach plan --all`).

    A cycle may be split over up to `processes` processes by ranges of patient ids
    (PostgreSQL only: a ConfigError on SQLite; `shards`); `id_range` is one process's
    part, (after, up to), and the split's own concern.
    """
    bind = session.get_bind()
    shards.refuse_sqlite(bind.dialect.name, processes)
    session.flush()  # the caller's pending changes (a resume): the Core reads below see them
    incremental = patient_ids is None and not everyone
    due_before = now + REPLAN_WITHIN if incremental else None
    if processes > 1 and patient_ids is None:
        ranges = shards.split(session, processes, due_before)
        if len(ranges) > 1:
            session.commit()  # the processes' connections must see the caller's changes
            return shards.plan_apart(
                engine=bind.engine,
                library=library,
                now=now,
                everyone=everyone,
                ranges=ranges,
            )

    def write(target: Session, chunk: Chunk) -> int:
        if beside and target.get_bind().dialect.name == "postgresql":
            # The planner's own transactions need not wait for the disk: a crash may lose
            # the last chunks' rows, but with their watermarks (one transaction), so the
            # next cycle plans them again. A row cannot be sent before it is on disk: the
            # claim that sends it commits synchronously, which flushes the log up to and
            # including this earlier commit.
            target.connection().exec_driver_sql("SET LOCAL synchronous_commit TO off")
        added = outbox.insert_tuples(
            session=target, columns=ROW_COLUMNS, rows=chunk.rows, fresh=chunk.fresh
        )
        _set_watermarks(target, chunk.patient_ids, now)
        target.commit()
        return added

    # A cycle's chunks are written beside the planning (PostgreSQL); a change to named
    # patients is written in line, in the caller's transaction.
    beside = patient_ids is None
    shared = Shared(library, now)
    with chunk_writer(session, write, beside=beside) as writer:
        for chunk in _active_chunks(session, patient_ids, due_before, id_range):
            histories = _histories(session, chunk, now)
            rows: list[tuple[Any, ...]] = []
            for who in chunk:
                rows.extend(_plan_rows(shared, who, histories[who.id]))
            # Nobody in the chunk has anything in the outbox yet (a first planning).
            fresh = not any(h.recent or h.days for h in histories.values())
            writer.put(Chunk([who.id for who in chunk], rows, fresh))
        return writer.finish()


MINUTES_A_DAY = 24 * 60


def planned_until(patient_id: int, now: datetime) -> datetime:
    """A patient's watermark after planning at `now`: how far their plan counts as made.

    The plan runs to `now + HORIZON`; the watermark is the last instant before that which
    falls on the patient's own minute of the (UTC) day (`own_minute`): between
    `REPLAN_WITHIN` and `HORIZON` on. A patient is therefore re-planned once a day at their
    own minute, whenever they were first planned: patients planned together (a bulk import,
    a first planning, `coach plan --all`) come due spread over the day, each 15-minute cycle
    taking about 1/96 of them, never all in one cycle. The plan itself is not shortened.
    """
    end = (now + HORIZON).astimezone(UTC)
    back = (end.hour * 60 + end.minute - own_minute(patient_id)) % MINUTES_A_DAY
    return end - timedelta(minutes=back)


def own_minute(patient_id: int) -> int:
    """A patient's minute of the day for re-planning: ids times 889 (prime to 1,440, near
    1,440 over the golden ratio) mod 1,440, so any run of ids, a small clinic's too, is
    spread evenly over the day (200 patients: 1 to 4 in any 15 minutes)."""
    return patient_id * 889 % MINUTES_A_DAY


def _set_watermarks(session: Session, patient_ids: Sequence[int], now: datetime) -> None:
    """Each patient's `planned_until` after planning them at `now` (one statement)."""
    marks = [planned_until(pid, now) for pid in patient_ids]
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            "UPDATE patient SET planned_until = mark.until"
            " FROM unnest(%(ids)s::integer[], %(marks)s::timestamptz[]) AS mark(id, until)"
            " WHERE patient.id = mark.id",
            {"ids": list(patient_ids), "marks": marks},
        )
    else:
        table = Patient.__table__  # type: ignore[attr-defined]
        connection.execute(  # Core executemany (the ORM's bulk form wants no WHERE)
            update(table)
            .where(table.c.id == bindparam("pid"))
            .values(planned_until=bindparam("mark")),
            [{"pid": pid, "mark": mark} for pid, mark in zip(patient_ids, marks, strict=True)],
        )
    # Patients loaded in this session see their new watermark, as after an ORM update: a
    # change made to them next (a pause clearing it) must not look like no change at all.
    for pid, mark in zip(patient_ids, marks, strict=True):
        loaded = session.identity_map.get(identity_key(Patient, pid))
        if loaded is not None:
            attributes.set_committed_value(loaded, "planned_until", mark)
