"""What a clinician should know about a new enrollment: returned in the 201 body."""

from __future__ import annotations

from coach.content.library import Library
from coach.patients.models import Patient
from coach.settings import Settings


def _emergency_numbers(patient: Patient, settings: Settings) -> list[str]:  # noqa: ARG001
    """A phone country with no known emergency number (the texts fall back to 112)."""
    return []


def _quiet_hours(patient: Patient, library: Library) -> list[str]:  # noqa: ARG001
    """Content kinds the patient's quiet hours leave no slot for."""
    return []


def enrollment_warnings(*, patient: Patient, library: Library, settings: Settings) -> list[str]:
    """Every warning for this patient's enrollment, in a stable order."""
    return [*_emergency_numbers(patient, settings), *_quiet_hours(patient, library)]
