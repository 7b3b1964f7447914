"""What a clinician should know about a new enrollment: returned in the 201 body."""

from __future__ import annotations

from datetime import time

from coach.content.library import Library
from coach.content.models import ProgramItem
from coach.patients import emergency
from coach.patients.models import Patient
from coach.scheduling.localtime import in_quiet_hours
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
    return [*_emergency_numbers(patient, settings), *_quiet_hours(patient, library)]
