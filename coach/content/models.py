"""Data shapes for the content library and programmes (parsed from TOML)."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from coach.errors import ConfigError

LANGUAGES: tuple[str, ...] = ("en", "es")
DEFAULT_LANGUAGE = "en"
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

ProgramKind = Literal["checkin", "posture_tip", "screen_break", "heat_ice", "exercise"]
PROGRAM_KINDS: tuple[str, ...] = ("checkin", "posture_tip", "screen_break", "heat_ice", "exercise")
TemplateKind = Literal[
    "checkin",
    "posture_tip",
    "screen_break",
    "heat_ice",
    "exercise",
    "welcome",
    "nudge",
    "feedback",
    "safety",
    "referral",
    "help",
    "confirm",
    "ack",
    "faq",
    "fallback",
    "alert",
    "voice",
    "progress",
]
Channel = Literal["sms", "voice"]
Audience = Literal["patient", "clinician"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Side = Literal["left", "right"]
TimeOfDay = Literal["morning", "afternoon", "evening"]
# Local clock spans of `times` tags: [from, to), to None = midnight.
TIMES_OF_DAY: dict[str, tuple[time, time | None]] = {
    "morning": (time(0, 0), time(12, 0)),
    "afternoon": (time(12, 0), time(17, 0)),
    "evening": (time(17, 0), None),
}


def time_of_day(at: time) -> str:
    """The `times` tag a local time falls in: morning, afternoon or evening."""
    for name, (start, end) in TIMES_OF_DAY.items():
        if start <= at and (end is None or at < end):
            return name
    raise AssertionError(at)  # the spans cover the whole day


def fits_times(times: tuple[str, ...], at: time | None) -> bool:
    """Whether local time `at` falls in one of the `times` tags (no tags: any time)."""
    return not times or at is None or time_of_day(at) in times


_ID = r"^[a-z0-9][a-z0-9_.-]*$"
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class Problem(BaseModel):
    """One thing wrong with a content or programme file."""

    model_config = ConfigDict(frozen=True)

    file: str
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.message}"


class ContentError(ConfigError):
    """The content library or a programme is invalid; `problems` lists every issue."""

    code = "content_error"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [f"{len(self.problems)} content problem(s):"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class UnknownContent(ContentError, KeyError):
    """No template, exercise or programme has the requested id."""


def parse_hhmm(value: Any) -> Any:
    """Turn "HH:MM" into a time; leave real times alone; refuse anything else."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str):
        match = _HHMM.match(value.strip())
        if match:
            return time(int(match.group(1)), int(match.group(2)))
    raise ValueError(f'expected a local time as "HH:MM" (00:00-23:59), got {value!r}')


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TemplateEntry(_Strict):
    """One `[[template]]` table: a message in each language."""

    id: str = Field(pattern=_ID)
    kind: TemplateKind
    channel: Channel = "sms"
    audience: Audience = "patient"
    tags: list[str] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)
    day_range: tuple[int, int] | None = None
    times: list[TimeOfDay] = Field(default_factory=list)
    two_segments_reason: str | None = None
    en: str | None = None
    es: str | None = None


class Step(_Strict):
    """One spoken step of an exercise."""

    say: str = Field(min_length=1)
    hold_seconds: int = Field(0, ge=0, le=60)
    repetitions: int = Field(1, ge=1, le=30)
    sides: list[Side] = Field(default_factory=list)


class ExerciseText(_Strict):
    """An exercise in one language."""

    name: str = Field(min_length=1)
    sms: str = Field(min_length=1)
    cautions: list[str] = Field(min_length=1)
    steps: list[Step] = Field(min_length=1)


class ExerciseEntry(_Strict):
    """One `[[exercise]]` table."""

    id: str = Field(pattern=_ID)
    tags: list[str] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)
    day_range: tuple[int, int] | None = None
    times: list[TimeOfDay] = Field(default_factory=list)
    two_segments_reason: str | None = None
    en: ExerciseText | None = None
    es: ExerciseText | None = None


@dataclass(frozen=True, slots=True)
class Template:
    """A message text in one language, ready to render."""

    id: str
    kind: str
    language: str
    channel: str
    audience: str
    text: str
    tags: tuple[str, ...]
    sources: tuple[str, ...]
    day_range: tuple[int, int] | None
    file: str
    two_segments_reason: str | None = None
    times: tuple[str, ...] = ()

    def valid_on(self, day_number: int) -> bool:
        """Whether this template may be used on that programme day."""
        if self.day_range is None:
            return True
        return self.day_range[0] <= day_number <= self.day_range[1]

    def valid_at(self, at: time | None) -> bool:
        """Whether this template may be sent at local time `at` (its `times` tags)."""
        return fits_times(self.times, at)


@dataclass(frozen=True, slots=True)
class Exercise:
    """An exercise in one language: SMS text, voice steps and cautions."""

    id: str
    language: str
    name: str
    sms_text: str
    steps: tuple[Step, ...]
    cautions: tuple[str, ...]
    tags: tuple[str, ...]
    sources: tuple[str, ...]
    day_range: tuple[int, int] | None
    file: str = field(default="")
    times: tuple[str, ...] = ()


class QuietHours(_Strict):
    """Local hours when nothing is sent; may wrap past midnight."""

    start: time = time(21, 0)
    end: time = time(8, 0)

    _parse = field_validator("start", "end", mode="before")(parse_hhmm)

    def contains(self, t: time) -> bool:
        """Whether local time `t` falls in the quiet hours (start inclusive, end exclusive)."""
        if self.start <= self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end


RuleName = Literal["high_pain_run", "no_improvement", "still_high", "worsening"]
RULE_NAMES: tuple[str, ...] = ("high_pain_run", "no_improvement", "still_high", "worsening")


class PersistentRules(_Strict):
    """Persistent-symptom thresholds (CLINICAL.md defaults) and which rules apply."""

    # The rules this programme applies; one that cannot fire inside the programme's length
    # (e.g. "still_high" after 6 weeks in a 4-week programme) must be left out. Left out
    # itself: every rule that fits the programme (all four outside a programme).
    enabled: list[RuleName] | None = None
    high_pain_score: int = Field(7, ge=0, le=10)
    high_pain_consecutive: int = Field(3, ge=1)
    no_improvement_days: int = Field(14, ge=1)
    no_improvement_points: int = Field(2, ge=1, le=10)
    still_high_after_days: int = Field(42, ge=1)
    still_high_score: int = Field(4, ge=0, le=10)
    worsening_points: int = Field(3, ge=1, le=10)
    worsening_window_days: int = Field(7, ge=1)
    worsening_min_scores: int = Field(3, ge=1)  # days with a score the window needs
    repeat_after_days: int = Field(7, ge=1)


class NoResponsePolicy(_Strict):
    """What happens when check-ins go unanswered."""

    nudge_after_hours: int = Field(3, ge=1, le=12)
    max_nudges_per_checkin: int = Field(1, ge=0, le=2)
    alert_after_missed: int = Field(3, ge=1)


class ProgramItem(_Strict):
    """One recurring message slot in a programme."""

    id: str = Field(pattern=_ID)
    kind: ProgramKind
    at: time | None = None
    window_start: time | None = None
    window_end: time | None = None
    weekdays: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS))  # type: ignore[arg-type]
    days: tuple[int, int] | None = None
    no_repeat_days: int = Field(7, ge=0, le=60)
    tags: list[str] = Field(default_factory=list)
    gentle_after_high_pain: bool = True
    expires_after_minutes: int = Field(120, ge=5, le=720)

    _parse = field_validator("at", "window_start", "window_end", mode="before")(parse_hhmm)

    @model_validator(mode="after")
    def _one_timing(self) -> ProgramItem:
        has_window = self.window_start is not None or self.window_end is not None
        if (self.at is None) == (not has_window):
            raise ValueError('give either "at" or both "window_start" and "window_end"')
        if has_window:
            if self.window_start is None or self.window_end is None:
                raise ValueError('a window needs both "window_start" and "window_end"')
            if self.window_start >= self.window_end:
                raise ValueError("window_start must be before window_end (same day)")
        if self.days is not None and not 1 <= self.days[0] <= self.days[1]:
            raise ValueError("days must be [first, last] with 1 <= first <= last")
        if not self.weekdays:
            raise ValueError("weekdays must not be empty")
        return self

    def runs_on(self, day_number: int, weekday: int) -> bool:
        """Whether the item is due on a programme day (1-based) and weekday (0 = Monday)."""
        if self.days is not None and not self.days[0] <= day_number <= self.days[1]:
            return False
        return WEEKDAYS[weekday] in self.weekdays

    def local_time(self, *, seed: str, on: date) -> time:
        """Local clock time to send; a window picks a stable minute from seed + item + date."""
        if self.at is not None:
            return self.at
        # crc32 is stable across runs and machines, and cheap: the planner calls this a lot.
        return self.window_time(zlib.crc32(f"{seed}|{self.id}|{on.isoformat()}".encode()))

    def window_time(self, crc: int) -> time:
        """The minute of the window a seed's CRC picks (`local_time`; the planner works the
        CRC out from a patient's part and the item and date's part)."""
        assert self.window_start is not None and self.window_end is not None
        start = self.window_start.hour * 60 + self.window_start.minute
        span = self.window_end.hour * 60 + self.window_end.minute - start
        minute = start + crc % span
        return time(minute // 60, minute % 60)

    def latest_time(self) -> time:
        """The last local time the slot covers (the window end, or `at`)."""
        end = self.window_end if self.window_end is not None else self.at
        assert end is not None
        return end


def first_day_of_rule(rule: str, rules: PersistentRules) -> int:
    """The earliest programme day (1-based) on which a persistence rule can fire."""
    if rule == "high_pain_run":
        return rules.high_pain_consecutive
    if rule == "no_improvement":  # day N+1: N days after the start; needs a week-1 baseline
        return max(rules.no_improvement_days, 7) + 1
    if rule == "still_high":
        return rules.still_high_after_days + 1
    return rules.worsening_min_scores + 1  # worsening: a baseline, then the rise


class Program(_Strict):
    """A programme: when and how often each kind of message goes out."""

    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    weeks: int = Field(ge=1, le=52)
    description: str = Field(min_length=1)
    quiet_hours: QuietHours = Field(default_factory=QuietHours)
    daily_cap: int = Field(4, ge=1, le=12)
    weekly_cap: int = Field(24, ge=1, le=84)
    welcome_at: time = time(9, 0)
    persistent: PersistentRules = Field(default_factory=PersistentRules)
    no_response: NoResponsePolicy = Field(default_factory=NoResponsePolicy)
    items: list[ProgramItem] = Field(min_length=1)

    _parse = field_validator("welcome_at", mode="before")(parse_hhmm)

    @model_validator(mode="after")
    def _default_rules(self) -> Program:
        if self.persistent.enabled is None:
            fitting = [
                r for r in RULE_NAMES if first_day_of_rule(r, self.persistent) <= self.total_days
            ]
            rules = self.persistent.model_copy(update={"enabled": fitting})
            object.__setattr__(self, "persistent", rules)  # frozen: set once, while validating
        return self

    @property
    def total_days(self) -> int:
        """Length of the programme in days."""
        return self.weeks * 7

    def items_for_day(
        self, day_number: int, weekday: int, *, already_sent: int = 0, extra_days: int = 0
    ) -> list[ProgramItem]:
        """Items due that day, in file order (= priority), cut to the daily cap.

        Nothing after the last day (`total_days` plus the days a clinician added).
        """
        if not 1 <= day_number <= self.total_days + extra_days:
            return []
        due = [item for item in self.items if item.runs_on(day_number, weekday)]
        return due[: max(0, self.daily_cap - already_sent)]

    def day_number(self, start: date, on: date) -> int:
        """Programme day (1-based) of a local date for a patient who started on `start`."""
        return (on - start).days + 1

    def date_of(self, start: date, day_number: int) -> date:
        """Local date of a programme day."""
        return start + timedelta(days=day_number - 1)
