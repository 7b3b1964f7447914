"""Persistent and worsening symptoms, and feedback by trend: pure rules over pain history.

Thresholds come from the patient's programme (`schedules/`, defaults from CLINICAL.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from coach.content.models import PersistentRules


class Finding(StrEnum):
    """Why the patient should see a clinician."""

    high_pain_run = "high_pain_run"
    no_improvement = "no_improvement"
    still_high = "still_high"
    worsening = "worsening"


REASONS = {
    Finding.high_pain_run: "pain {score}/10 or more on {n} check-ins in a row",
    Finding.no_improvement: "no improvement of {points} points since week one",
    Finding.still_high: "pain still {score}/10 or more after {weeks} weeks",
    Finding.worsening: "pain rose {points}+ points against the past week",
}


@dataclass(frozen=True)
class Report:
    """One pain score at a time."""

    at: datetime
    score: int


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def evaluate(
    reports: Sequence[Report], *, rules: PersistentRules, start: date, today: date
) -> list[Finding]:
    """Every rule the pain history (oldest first) breaks as of `today`."""
    if not reports:
        return []
    findings: list[Finding] = []
    latest = reports[-1]
    last_run = reports[-rules.high_pain_consecutive :]
    if len(last_run) == rules.high_pain_consecutive and all(
        r.score >= rules.high_pain_score for r in last_run
    ):
        findings.append(Finding.high_pain_run)
    days_in = (today - start).days
    first_week = [r.score for r in reports if (r.at.date() - start).days < 7]
    baseline = _mean(first_week)
    if (
        days_in >= rules.no_improvement_days
        and baseline is not None
        and latest.score >= rules.still_high_score
        and (latest.at.date() - start).days >= 7
        and baseline - _recent_mean(reports, latest) < rules.no_improvement_points
    ):
        findings.append(Finding.no_improvement)
    if days_in >= rules.still_high_after_days and latest.score >= rules.still_high_score:
        findings.append(Finding.still_high)
    window = latest.at - timedelta(days=rules.worsening_window_days)
    before = [r.score for r in reports[:-1] if window <= r.at < latest.at]
    previous = _mean(before)
    if previous is not None and latest.score - previous >= rules.worsening_points:
        findings.append(Finding.worsening)
    return findings


def _recent_mean(reports: Sequence[Report], latest: Report) -> float:
    """Mean of the last 7 days' scores up to the latest report."""
    since = latest.at - timedelta(days=7)
    recent = [r.score for r in reports if r.at > since]
    return sum(recent) / len(recent)


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
