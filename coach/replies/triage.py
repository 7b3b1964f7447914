"""Persistent and worsening symptoms, and feedback by trend: pure rules over pain history.

Thresholds come from the patient's programme (`schedules/`, defaults from CLINICAL.md).
The rules read check-in days, not messages: each local day counts once, with the day's
latest score ("7", "actually 8", "ok 7" within ten minutes are one day scored 7), and
only days of the patient's active programme (from its start to its last day) count.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from coach.content.models import RULE_NAMES, PersistentRules


class Finding(StrEnum):
    """Why the patient should see a clinician (also the rule's name in `schedules/`)."""

    high_pain_run = "high_pain_run"
    no_improvement = "no_improvement"
    still_high = "still_high"
    worsening = "worsening"


REASONS = {
    Finding.high_pain_run: "pain {score}/10 or more on {n} days in a row",
    Finding.no_improvement: "no improvement of {points} points since week one",
    Finding.still_high: "pain still {score}/10 or more after {weeks} weeks",
    Finding.worsening: "pain rose {points}+ points against the past week",
}


@dataclass(frozen=True)
class Report:
    """One pain score at a time."""

    at: datetime
    score: int


@dataclass(frozen=True)
class Day:
    """One check-in day: its local date and the day's latest score."""

    on: date
    score: int


def daily(
    reports: Sequence[Report], *, tz: str, start: date, last_day: date | None = None
) -> list[Day]:
    """One value per local day (the latest), oldest first, inside [start, last_day]."""
    zone = ZoneInfo(tz)
    latest: dict[date, tuple[datetime, int]] = {}
    for report in reports:
        on = report.at.astimezone(zone).date()
        if on < start or (last_day is not None and on > last_day):
            continue
        seen = latest.get(on)
        if seen is None or report.at >= seen[0]:
            latest[on] = (report.at, report.score)
    return [Day(on=on, score=latest[on][1]) for on in sorted(latest)]


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def evaluate(
    reports: Sequence[Report],
    *,
    rules: PersistentRules,
    start: date,
    today: date,
    tz: str = "UTC",
    last_day: date | None = None,
) -> list[Finding]:
    """Every enabled rule the pain history (oldest first) breaks as of local `today`.

    Nothing after the programme's last day: the rules stop when the programme ends.
    """
    if last_day is not None and today > last_day:
        return []
    days = daily(reports, tz=tz, start=start, last_day=last_day)
    if not days:
        return []
    broken = {
        Finding.high_pain_run: _high_pain_run(days, rules),
        Finding.no_improvement: _no_improvement(days, rules, start, today),
        Finding.still_high: _still_high(days, rules, start),
        Finding.worsening: _worsening(days, rules),
    }
    enabled = RULE_NAMES if rules.enabled is None else rules.enabled
    return [finding for finding, hit in broken.items() if hit and finding in enabled]


def _high_pain_run(days: list[Day], rules: PersistentRules) -> bool:
    """The last N check-in days are N consecutive calendar days, each scored high."""
    run = days[-rules.high_pain_consecutive :]
    if len(run) < rules.high_pain_consecutive:
        return False
    consecutive = all(
        (later.on - earlier.on).days == 1 for earlier, later in itertools.pairwise(run)
    )
    return consecutive and all(d.score >= rules.high_pain_score for d in run)


def _no_improvement(days: list[Day], rules: PersistentRules, start: date, today: date) -> bool:
    """After N days, the last week's average is not P points below the first week's."""
    latest = days[-1]
    if (today - start).days < rules.no_improvement_days or (latest.on - start).days < 7:
        return False
    baseline = _mean([d.score for d in days if (d.on - start).days < 7])
    recent = _mean([d.score for d in days if (latest.on - d.on).days < 7])
    if baseline is None or recent is None or latest.score < rules.still_high_score:
        return False
    return baseline - recent < rules.no_improvement_points


def _still_high(days: list[Day], rules: PersistentRules, start: date) -> bool:
    """A score taken after N days is still at or above the threshold."""
    latest = days[-1]
    return (latest.on - start).days >= rules.still_high_after_days and (
        latest.score >= rules.still_high_score
    )


def _worsening(days: list[Day], rules: PersistentRules) -> bool:
    """The latest day is P points above the average of the previous window's days."""
    latest = days[-1]
    window = latest.on - timedelta(days=rules.worsening_window_days)
    before = [d.score for d in days[:-1] if window <= d.on < latest.on]
    if len(before) < rules.worsening_min_scores:
        return False
    return latest.score - sum(before) / len(before) >= rules.worsening_points


def reason(finding: Finding, rules: PersistentRules) -> str:
    """A short, clinician-facing reason for an alert (no patient identifiers)."""
    return REASONS[finding].format(
        score=rules.high_pain_score if finding == Finding.high_pain_run else rules.still_high_score,
        n=rules.high_pain_consecutive,
        points=rules.worsening_points
        if finding == Finding.worsening
        else rules.no_improvement_points,
        weeks=rules.still_high_after_days // 7,
    )


def feedback_id(score: int, previous: int | None, rules: PersistentRules) -> str:
    """Which feedback text answers a new score, given the one before it."""
    if score >= rules.high_pain_score:
        return "feedback.high_pain"
    if previous is None:
        return "feedback.first"
    if score <= previous - 1:
        return "feedback.better"
    if score >= previous + 1:
        return "feedback.worse"
    return "feedback.same"
