"""The clinic's opening hours (`COACH_CLINIC_HOURS`, e.g. "Mon-Fri 08:00-17:00").

Non-urgent clinician texts wait for these hours; urgent ones never wait. The spec is one or
more comma-separated parts, each a day or day range and a time range:
"Mon-Fri 08:00-17:00, Sat 09:00-12:00".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PART = re.compile(
    r"^\s*(?P<first>[a-z]{3})(?:\s*-\s*(?P<last>[a-z]{3}))?\s+"
    r"(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$"
)


@dataclass(frozen=True)
class Opening:
    """One weekday's opening: local start and end (end after start)."""

    weekday: int
    start: time
    end: time


def _clock(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        raise ValueError(f"{text!r} is not a time of day (HH:MM)")
    return time(hours, minutes)


def parse_hours(spec: str) -> tuple[Opening, ...]:
    """The openings of a spec; ValueError saying what is wrong."""
    openings: list[Opening] = []
    for part in spec.lower().split(","):
        match = _PART.match(part)
        if not match:
            raise ValueError(f"{part.strip()!r} should look like 'Mon-Fri 08:00-17:00'")
        names = [match["first"], match["last"] or match["first"]]
        for name in names:
            if name not in _DAYS:
                raise ValueError(f"{name!r} is not a day (mon, tue, ... sun)")
        first, last = (_DAYS.index(name) for name in names)
        start, end = _clock(match["start"]), _clock(match["end"])
        if end <= start:
            raise ValueError(f"{part.strip()!r}: the closing time must be after the opening")
        days = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
        openings.extend(Opening(day, start, end) for day in days)
    return tuple(sorted(openings, key=lambda o: (o.weekday, o.start)))


def next_open(now: datetime, openings: tuple[Opening, ...], zone: str) -> datetime:
    """`now` if the clinic is open, else when it next opens (aware, in UTC's instant)."""
    tz = ZoneInfo(zone)
    local = now.astimezone(tz)
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        for opening in openings:
            if opening.weekday != day.weekday():
                continue
            start = datetime.combine(day, opening.start, tzinfo=tz)
            end = datetime.combine(day, opening.end, tzinfo=tz)
            if end <= local:
                continue
            return now if start <= local else start.astimezone(now.tzinfo)
    return now  # no openings at all: never hold a text back
