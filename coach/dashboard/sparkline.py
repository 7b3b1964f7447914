"""The patients list's 14-day pain sparklines: one point per local day, with a text summary.

Each day is a day in the patient's own time zone; its point is the last score reported that
day (as "last pain" beside it). Days without a report leave a gap in the line. The drawing
is inline SVG built from numbers only (no patient text in it), with presentation attributes
rather than inline styles, so the pages' CSP needs nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from coach.patients.models import PainReport

DAYS = 14
WIDTH, HEIGHT, PAD = 112, 28, 3


@dataclass(frozen=True)
class Sparkline:
    """One patient's last 14 local days of pain: the SVG's shapes and what they say."""

    scores: tuple[int | None, ...]  # oldest day first; None: no report that day
    first_day: date
    lines: tuple[str, ...]  # SVG polyline `points`, one per run of consecutive days
    dots: tuple[tuple[float, float], ...]
    label: str

    @property
    def width(self) -> int:
        """The drawing's width in CSS pixels."""
        return WIDTH

    @property
    def height(self) -> int:
        """The drawing's height in CSS pixels."""
        return HEIGHT


def pain_sparklines(session: Session, zones: dict[int, str], now: datetime) -> dict[int, Sparkline]:
    """A sparkline per patient (patient id -> IANA zone), from one query."""
    if not zones:
        return {}
    since = now - timedelta(days=DAYS + 1)
    rows = session.exec(
        select(PainReport.patient_id, PainReport.score, PainReport.reported_at)
        .where(col(PainReport.patient_id).in_(list(zones)))
        .where(col(PainReport.reported_at) > since)
        .where(col(PainReport.reported_at) <= now)
        .order_by(col(PainReport.reported_at), col(PainReport.id))
    ).all()
    today = {pid: now.astimezone(ZoneInfo(zone)).date() for pid, zone in zones.items()}
    days: dict[int, list[int | None]] = {pid: [None] * DAYS for pid in zones}
    for pid, score, at in rows:
        local = at.astimezone(ZoneInfo(zones[pid])).date()
        index = DAYS - 1 - (today[pid] - local).days
        if 0 <= index < DAYS:
            days[pid][index] = int(score)  # ordered by time: the day's last score wins
    return {
        pid: draw(scores, today[pid] - timedelta(days=DAYS - 1)) for pid, scores in days.items()
    }


def draw(scores: Sequence[int | None], first_day: date) -> Sparkline:
    """The shapes and the text alternative for these daily scores (0-10 or None)."""
    step = (WIDTH - 2 * PAD) / (len(scores) - 1)

    def point(i: int, score: int) -> tuple[float, float]:
        return (round(PAD + i * step, 1), round(HEIGHT - PAD - score * (HEIGHT - 2 * PAD) / 10, 1))

    runs: list[list[tuple[float, float]]] = []
    dots: list[tuple[float, float]] = []
    previous: int | None = None
    for i, score in enumerate(scores):
        if score is None:
            previous = None
            continue
        xy = point(i, score)
        dots.append(xy)
        if previous is None:
            runs.append([])
        runs[-1].append(xy)
        previous = score
    lines = tuple(" ".join(f"{x},{y}" for x, y in run) for run in runs if len(run) > 1)
    return Sparkline(
        scores=tuple(scores),
        first_day=first_day,
        lines=lines,
        dots=tuple(dots),
        label=describe(scores, first_day),
    )


def describe(scores: Sequence[int | None], first_day: date) -> str:
    """The sparkline in words, e.g. "Pain, last 14 days: 3 reports, 7 on 2 Jun to 4 on 9 Jun"."""
    reported = [(first_day + timedelta(days=i), s) for i, s in enumerate(scores) if s is not None]
    if not reported:
        return f"Pain, last {len(scores)} days: no reports"
    (first_at, first), (last_at, last) = reported[0], reported[-1]
    count = len(reported)
    head = f"Pain, last {len(scores)} days: {count} day{'s' if count != 1 else ''} reported"
    if count == 1:
        return f"{head}, {last} on {_day(last_at)}"
    values = [s for _, s in reported]
    return (
        f"{head}, from {first} on {_day(first_at)} to {last} on {_day(last_at)}"
        f" (lowest {min(values)}, highest {max(values)})"
    )


def _day(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"
