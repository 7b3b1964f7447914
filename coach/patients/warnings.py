"""What a clinician should know about a new enrollment: returned in the 201 body."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from coach.content.library import Library
from coach.content.models import ProgramItem
from coach.patients import emergency, phone
from coach.patients.models import Patient
from coach.scheduling.localtime import in_quiet_hours, zone
from coach.settings import Settings


def _emergency_numbers(patient: Patient, settings: Settings) -> list[str]:
    """A phone country with no known emergency number (the texts fall back to 112)."""
    numbers = emergency.for_phone(patient.phone, default_region=settings.default_region)
    if numbers.known:
        return []
    country = f"this phone's country ({numbers.region})" if numbers.region else "this phone"
    return [
        f"No emergency number is on file for {country}: safety, help and "
        f"voicemail texts will tell them to call {numbers.emergency}; check that is right "
        "for where they live, and give them the local emergency and crisis numbers."
    ]


def _clock(tz: str, year: int) -> tuple[timedelta | None, ...]:
    """A zone's UTC offsets through a year (one a month): equal clocks, equal times."""
    return tuple(
        datetime(year, month, 15, 12, tzinfo=zone(tz)).utcoffset() for month in range(1, 13)
    )


def _zone_country(patient: Patient) -> list[str]:
    """A time zone on another clock than every zone of the phone's country."""
    where = phone.country(patient.phone)
    if where is None or patient.timezone in where.zones:
        return []
    year = max(patient.start_date, date(2000, 1, 1)).year
    clock = _clock(patient.timezone, year)
    if any(_clock(tz, year) == clock for tz in where.zones):
        return []  # another name for the same clock (US/Eastern, Europe/Paris for Spain)
    return [
        f"time zone {patient.timezone} is not used in {where.name}, this phone's country: "
        "texts and calls follow it (quiet hours, check-in time), so check it is where the "
        "patient lives; fix it with PATCH if it is not"
    ]


_KIND_NAMES = {
    "checkin": "check-ins",
    "exercise": "exercises",
    "posture_tip": "posture tips",
    "screen_break": "screen breaks",
    "heat_ice": "heat/ice reminders",
}
_VOICE_KINDS = frozenset({"checkin", "exercise"})  # what a voice patient is called about


def _times(item: ProgramItem) -> list[time]:
    """Every local minute an item may go out at."""
    if item.at is not None:
        return [item.at]
    assert item.window_start is not None and item.window_end is not None
    first = item.window_start.hour * 60 + item.window_start.minute
    last = item.window_end.hour * 60 + item.window_end.minute
    return [time(m // 60, m % 60) for m in range(first, last)]


def _quiet_hours(patient: Patient, library: Library) -> list[str]:
    """Content kinds the patient's quiet hours leave no slot for."""
    program = library.program(patient.program_id)
    start, end = patient.quiet_start, patient.quiet_end
    kinds: dict[str, bool] = {}
    for item in program.items:
        if str(patient.channel) == "voice" and item.kind not in _VOICE_KINDS:
            continue
        fits = any(not in_quiet_hours(t, start, end) for t in _times(item))
        kinds[item.kind] = kinds.get(item.kind, False) or fits
    lost = [_KIND_NAMES.get(kind, kind) for kind, fits in kinds.items() if not fits]
    if not lost:
        return []
    hours = f"{start.strftime('%H:%M')}-{end.strftime('%H:%M')}"
    listed = ", ".join(lost[:-1]) + (" and " if len(lost) > 1 else "") + lost[-1]
    return [
        f"quiet hours {hours} leave no time for the {listed} of programme {program.id}: "
        "the patient will get none; choose shorter quiet hours to keep them"
    ]


def enrollment_warnings(*, patient: Patient, library: Library, settings: Settings) -> list[str]:
    """Every warning for this patient's enrollment, in a stable order."""
    return [
        *_emergency_numbers(patient, settings),
        *_zone_country(patient),
        *_quiet_hours(patient, library),
    ]
