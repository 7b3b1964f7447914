"""Simulate what a new patient would receive: day by day, local times, caps and rotation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coach.content.library import Library
from coach.content.models import Template
from coach.content.selection import select_template
from coach.settings import DEMO_CLINIC_NAME, DEMO_CLINIC_PHONE

SAMPLE_VALUES: dict[str, str] = {
    "first_name": "Sam",
    # The settings' own placeholders; `coach content preview` passes the configured clinic.
    "clinic_name": DEMO_CLINIC_NAME,
    "clinic_phone": DEMO_CLINIC_PHONE,
    "days": "7",
    "score": "5",
}
WELCOME_ID = "welcome"


@dataclass(frozen=True, slots=True)
class PreviewMessage:
    """One message in a preview."""

    local_time: time
    utc: datetime
    item_id: str
    template_id: str
    kind: str
    text: str


@dataclass(slots=True)
class PreviewDay:
    """The messages of one programme day, in send order."""

    day_number: int
    date: date
    messages: list[PreviewMessage] = field(default_factory=list)


def _message(
    on: date, at: time, zone: ZoneInfo, item_id: str, tpl: Template, text: str
) -> PreviewMessage:
    local = datetime.combine(on, at, tzinfo=zone)
    utc = local.astimezone(ZoneInfo("UTC"))
    return PreviewMessage(at, utc, item_id, tpl.id, tpl.kind, text)


def preview(
    library: Library,
    program_id: str,
    *,
    days: int,
    tz: str,
    language: str,
    start: date,
    seed: str = "preview",
    values: Mapping[str, str] | None = None,
) -> list[PreviewDay]:
    """The messages a patient enrolled on `start` would get over `days` days."""
    program = library.program(program_id)
    zone = ZoneInfo(tz)
    fill = {**SAMPLE_VALUES, **(values or {})}
    history: list[tuple[int, str]] = []  # (day_number, template id), oldest first
    week_counts: dict[int, int] = {}
    out: list[PreviewDay] = []
    for day_number in range(1, min(days, program.total_days) + 1):
        on = start + timedelta(days=day_number - 1)
        day = PreviewDay(day_number, on)
        week = (day_number - 1) // 7
        if day_number == 1:
            tpl = library.template(WELCOME_ID, language)
            text = tpl.text.format_map(fill)
            day.messages.append(_message(on, program.welcome_at, zone, "welcome", tpl, text))
            week_counts[week] = 1
        items = program.items_for_day(day_number, on.weekday(), already_sent=len(day.messages))
        room = max(0, program.weekly_cap - week_counts.get(week, 0))
        for item in items[:room]:
            at = item.local_time(seed=seed, on=on)
            # Day 1 starts at enrollment: nothing goes out before the welcome.
            if program.quiet_hours.contains(at) or (day_number == 1 and at < program.welcome_at):
                continue
            cutoff = day_number - item.no_repeat_days
            recent = [ident for d, ident in history if d > cutoff]
            tpl = select_template(
                library,
                item,
                language=language,
                recent_ids=recent,
                day_number=day_number,
                gentle=False,
                seed=seed,
                at=at,
                exclude=[ident for d, ident in history if d == day_number],
            )
            history.append((day_number, tpl.id))
            text = tpl.text.format_map(fill)
            day.messages.append(_message(on, at, zone, item.id, tpl, text))
            week_counts[week] = week_counts.get(week, 0) + 1
        day.messages.sort(key=lambda m: (m.local_time, m.item_id != "welcome"))
        out.append(day)
    return out
