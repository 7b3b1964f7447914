"""A patient's own controls applied to the programme: FEWER texts and a check-in time.

- `fewer`: of each programme week's non-check-in items (tips, screen breaks, heat/ice,
  exercises), in day-then-priority order, every other one is kept (the first, the third,
  ...): ceil(n / 2) of n, spread over the week, the same on every run. Check-ins are
  never dropped.
- `normal` (and `more`): the programme as written. A programme is already the most its
  authors want a patient to get, and the daily and weekly caps bound it; MORE therefore
  brings a FEWER patient back to `normal` and never adds texts on top.
- A check-in time replaces the check-in item's time or window (the patient's local
  clock); the slot key stays the same, so re-planning moves a waiting check-in.
"""

from __future__ import annotations

from datetime import date, time

from coach.content.models import Program, ProgramItem

FEWER = "fewer"
CHECKIN = "checkin"


def _others(program: Program, day_number: int, weekday: int) -> list[str]:
    """Ids of the non-check-in items of a programme day, in priority order."""
    due = program.items_for_day(day_number, weekday)
    return [item.id for item in due if item.kind != CHECKIN]


def keeps(
    program: Program, item: ProgramItem, *, day_number: int, weekday: int, frequency: str
) -> bool:
    """Whether a patient with this frequency gets `item` on that programme day."""
    if frequency != FEWER or item.kind == CHECKIN:
        return True
    first = (day_number - 1) // 7 * 7 + 1  # the programme week's first day
    ordinal = 0
    for number in range(first, day_number):
        ordinal += len(_others(program, number, (weekday - (day_number - number)) % 7))
    today = _others(program, day_number, weekday)
    if item.id not in today:
        return False
    return (ordinal + today.index(item.id)) % 2 == 0


def local_time(item: ProgramItem, *, seed: str, on: date, checkin_time: time | None) -> time:
    """The local time of an item: the patient's check-in time for the check-in if set."""
    if item.kind == CHECKIN and checkin_time is not None:
        return checkin_time
    return item.local_time(seed=seed, on=on)
