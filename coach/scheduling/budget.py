"""One budget for every text: one-off texts share the programme's daily and weekly caps.

Counted the way the planner counts: every live (not cancelled or expired) outbox row to the
patient on their local day and programme week, plus the programme texts the planner will
still add there (the same `planner.day_items`, by slot key). Alerts to a clinician and
answers to the patient's own texts (TwiML, never the outbox) are not counted.

Priority, highest first:
1. a check-in keeps its place, always;
2. essential one-offs (welcome, "see your clinician", the weekly progress text, closing)
   always go; on a full day or week they cancel the lowest-priority text still waiting (a
   nudge first, then the last programme item in file order), never a check-in. The
   progress text is sent on one day a week only: it is worth more than that day's last tip;
3. programme texts, in file order;
4. optional one-offs (nudges, anything else) go only when the day and
   the week still have room, counting the programme texts still to be planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import String, cast, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from coach.content.library import Library
from coach.content.models import Program
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import Patient
from coach.scheduling import planner
from coach.scheduling.localtime import local_now, local_to_utc

DEAD = (OutboxStatus.cancelled, OutboxStatus.expired)


def is_essential(kind: str) -> bool:
    """Whether a one-off of this kind always goes (and may displace a programme text)."""
    return kind in planner.ESSENTIAL_KINDS


@dataclass(frozen=True)
class _Row:
    id: int
    slot_key: str
    kind: str
    status: str
    day: date


def _week_days(patient: Patient, day: date) -> list[date]:
    first = patient.start_date + timedelta(days=((day - patient.start_date).days // 7) * 7)
    return [first + timedelta(days=i) for i in range(7)] if day >= patient.start_date else [day]


def _rows(session: Session, patient: Patient, days: list[date]) -> list[_Row]:
    """Every outbox row to the patient due on those local days (any status, no alerts)."""
    tz = patient.timezone
    lower = local_to_utc(days[0], time(0, 0), tz)
    upper = local_to_utc(days[-1] + timedelta(days=1), time(0, 0), tz)
    found = session.execute(
        sa_select(
            col(OutboxMessage.id),
            col(OutboxMessage.slot_key),
            col(OutboxMessage.kind),
            col(OutboxMessage.status),
            col(OutboxMessage.due_at),
        )
        .where(col(OutboxMessage.patient_id) == patient.id)
        .where(col(OutboxMessage.kind) != "alert")
        .where(col(OutboxMessage.due_at) >= lower - timedelta(hours=3))
        .where(col(OutboxMessage.due_at) < upper + timedelta(hours=3))
    ).all()
    wanted = set(days)
    out = []
    for ident, slot, kind, status, due in found:
        local_day = local_now(due, tz).date()
        if local_day in wanted and ident is not None:
            out.append(_Row(ident, slot, kind, str(status), local_day))
    return out


@dataclass(frozen=True)
class _Count:
    day: int
    week: int
    pending: dict[date, list[str]]  # programme item ids still to be planned, by day


def _count(
    program: Program, patient: Patient, rows: list[_Row], days: list[date], day: date, now: datetime
) -> _Count:
    live = [
        r
        for r in rows
        if r.status not in DEAD and not r.slot_key.endswith(planner.SAME_MESSAGE_SUFFIXES)
    ]
    taken = {r.slot_key for r in rows}
    today = local_now(now, patient.timezone).date()
    per_day = {d: sum(1 for r in live if r.day == d) for d in days}
    pending: dict[date, list[str]] = {}
    for d in days:
        if d < today:
            continue
        essentials = sum(1 for r in live if r.day == d and is_essential(r.kind))
        pending[d] = [
            item.id
            for item, due in planner.day_items(program, patient, d, essentials=essentials)
            if due >= now and f"{patient.id}:{item.id}:{d.isoformat()}" not in taken
        ]
        per_day[d] += len(pending[d])
    return _Count(day=per_day[day], week=sum(per_day.values()), pending=pending)


def _victim(program: Program, rows: list[_Row], days: list[date], now_day: date) -> _Row | None:
    """The lowest-priority text still waiting on those days: optional one-offs, then the
    last programme item in file order; never a check-in or an essential text."""
    order = {item.id: i for i, item in enumerate(program.items)}

    def rank(row: _Row) -> tuple[int, date]:
        if row.kind not in planner.PROGRAM_KINDS:
            return (len(order) + 1, row.day)  # a nudge goes first
        item_id = row.slot_key.split(":")[1] if row.slot_key.count(":") >= 2 else ""
        return (order.get(item_id, len(order)), row.day)

    waiting = [
        r
        for r in rows
        if r.status == OutboxStatus.scheduled
        and r.day in days
        and r.day >= now_day
        and r.kind != "checkin"
        and r.kind != "clinician"  # a clinician's inbox reply is never bumped (issue 12)
        and not is_essential(r.kind)
        and not r.slot_key.endswith(planner.SAME_MESSAGE_SUFFIXES)
    ]
    return max(waiting, key=rank, default=None)


def _planner_drops_pending(
    program: Program, patient: Patient, day: date, rows: list[_Row], count: _Count
) -> bool:
    """Whether counting one more essential text makes the planner leave out a text of that
    day it has not planned yet (then nothing already queued needs cancelling)."""
    live = [r for r in rows if r.status not in DEAD and r.day == day]
    essentials = sum(1 for r in live if is_essential(r.kind))
    before = [i.id for i, _ in planner.day_items(program, patient, day, essentials=essentials)]
    after = {i.id for i, _ in planner.day_items(program, patient, day, essentials=essentials + 1)}
    dropped = [ident for ident in before if ident not in after]
    return bool(dropped) and all(ident in count.pending.get(day, []) for ident in dropped)


def _cancel(session: Session, row: _Row, now: datetime) -> None:
    """Cancel a displaced text. A programme row keeps its slot key, so no later planning run
    puts it back; a one-off's slot is freed like `outbox.cancel_future` does."""
    values: dict[str, object] = {"status": OutboxStatus.cancelled, "updated_at": now}
    if row.kind not in planner.PROGRAM_KINDS:
        values["slot_key"] = col(OutboxMessage.slot_key) + "#" + cast(col(OutboxMessage.id), String)
    session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == row.id)
        .where(col(OutboxMessage.status) == OutboxStatus.scheduled)
        .values(**values)
    )


def admit(
    *,
    session: Session,
    library: Library,
    patient: Patient,
    kind: str,
    due: datetime,
    now: datetime,
) -> bool:
    """Whether a one-off text due at `due` fits the patient's caps; making room if essential.

    An essential text (see `is_essential`) is always admitted: on a full day or week it
    cancels the lowest-priority text still waiting (see `_victim`). Any other text is
    admitted only when its local day and programme week have room for one more.
    """
    program = library.program(patient.program_id)
    day = local_now(due, patient.timezone).date()
    days = _week_days(patient, day)
    rows = _rows(session, patient, days)
    count = _count(program, patient, rows, days, day, now)
    day_full = count.day + 1 > program.daily_cap
    week_full = count.week + 1 > program.weekly_cap
    if not is_essential(kind):
        return not (day_full or week_full)
    now_day = local_now(now, patient.timezone).date()
    if day_full and not _planner_drops_pending(program, patient, day, rows, count):
        victim = _victim(program, rows, [day], now_day)
        if victim is not None:
            _cancel(session, victim, now)
            rows.remove(victim)
    # In a full week the planner cuts texts it has not planned yet by itself (it counts
    # this one); only a week whose texts are all planned needs one cancelled.
    if week_full and not day_full and not any(count.pending.get(d) for d in days if d >= day):
        victim = _victim(program, rows, days, now_day)
        if victim is not None:
            _cancel(session, victim, now)
    return True
