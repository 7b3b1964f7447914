"""Progress in words: this week against last week, and the programme's start against its end.

Pure: from check-in days (one value per day, `triage.daily`) to a content id and the
averages to fill in, rounded half up to whole points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from coach.patients.models import Channel, Patient
from coach.replies.triage import Day

# A difference of less than this many points between two weekly averages is "about the same".
SAME_WITHIN = 1.0
# The closing summary compares averages only when each week has this many scored days.
MIN_DAYS_FOR_AVERAGE = 2


@dataclass(frozen=True)
class Summary:
    """Which text to send and the values it needs."""

    template_id: str
    values: dict[str, str] = field(default_factory=dict)


def can_receive_sms(patient: Patient) -> bool:
    """SMS patients, and voice patients who also agreed to texts."""
    return patient.channel == Channel.sms or patient.sms_consent


def rounded(value: float) -> int:
    """Half up, as people round (Python's round() would make 2.5 into 2)."""
    return int(value + 0.5)


def _scores(days: Sequence[Day], first: date, last: date) -> list[int]:
    return [d.score for d in days if first <= d.on <= last]


def weekly(days: Sequence[Day], *, week_start: date, programme_start: date) -> Summary:
    """The week from `week_start` (7 days) against the 7 days before it, in words."""
    this = _scores(days, week_start, week_start + timedelta(days=6))
    if not this:
        return Summary("progress.week.no_scores")
    now = sum(this) / len(this)
    before_start = week_start - timedelta(days=7)
    before = (
        _scores(days, before_start, week_start - timedelta(days=1))
        if before_start >= programme_start
        else []
    )
    if not before:
        return Summary("progress.week.first", {"to_score": str(rounded(now))})
    then = sum(before) / len(before)
    values = {"from_score": str(rounded(then)), "to_score": str(rounded(now))}
    if now <= then - SAME_WITHIN:
        return Summary("progress.week.better", values)
    if now >= then + SAME_WITHIN:
        return Summary("progress.week.harder", values)
    return Summary("progress.week.same", values)


def closing(days: Sequence[Day], *, start: date, last_day: date) -> Summary:
    """The first week's average against the last week's, or thanks when too few scores."""
    first_end = start + timedelta(days=6)
    last_start = max(last_day - timedelta(days=6), first_end + timedelta(days=1))
    first = _scores(days, start, first_end)
    last = _scores(days, last_start, last_day)
    if len(first) < MIN_DAYS_FOR_AVERAGE or len(last) < MIN_DAYS_FOR_AVERAGE:
        return Summary("progress.closing.no_scores")
    return Summary(
        "progress.closing",
        {
            "from_score": str(rounded(sum(first) / len(first))),
            "to_score": str(rounded(sum(last) / len(last))),
        },
    )
