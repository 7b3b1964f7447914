"""Local wall-clock times to UTC in the patient's zone (zoneinfo, the IANA database).

A local time that does not exist on a DST day (02:30 on spring-forward in New York)
comes out one hour later on the clock (as long later as the zone's clocks jumped); an
ambiguous one (01:30 on fall-back) takes its first occurrence.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@functools.lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    """A cached ZoneInfo."""
    return ZoneInfo(name)


@functools.lru_cache(maxsize=200_000)
def local_to_utc(on: date, at: time, tz: str) -> datetime:
    """The UTC instant of local `at` on local date `on` in zone `tz`.

    `fold=0` (datetime's default) is the first occurrence of an ambiguous time, and for a
    time in a gap the offset from before the jump: 02:30 EST is 03:30 EDT. (The same
    instants as APScheduler's cron trigger gives, which this used to ask at ~100 times
    the cost; a test compares the two across every zone's DST days.)
    """
    return datetime.combine(on, at, zone(tz)).astimezone(UTC)


def local_now(now: datetime, tz: str) -> datetime:
    """`now` (aware) on the wall clock of `tz`."""
    return now.astimezone(zone(tz))


def in_quiet_hours(local: time, start: time, end: time) -> bool:
    """Whether a local time is inside quiet hours that may wrap past midnight."""
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def next_quiet_start(due_utc: datetime, tz: str, start: time) -> datetime:
    """The first start of quiet hours strictly after `due_utc` (as UTC)."""
    local = local_now(due_utc, tz)
    candidate = local_to_utc(local.date(), start, tz)
    if candidate <= due_utc:
        candidate = local_to_utc(local.date() + timedelta(days=1), start, tz)
    return candidate


def next_allowed(now: datetime, tz: str, start: time, end: time) -> datetime:
    """`now` if it is outside quiet hours, else the end of the current quiet period."""
    local = local_now(now, tz)
    if not in_quiet_hours(local.time(), start, end):
        return now
    day = local.date() if local.time() < end else local.date() + timedelta(days=1)
    return local_to_utc(day, end, tz)
