"""Content rendered for one patient: the clinic's name and number, and their first name."""

from __future__ import annotations

from coach.content.library import Library
from coach.patients.models import Patient
from coach.settings import Settings


def values_for(settings: Settings, first_name: str | None) -> dict[str, str]:
    """The placeholders every patient-facing text may use."""
    return {
        "clinic_name": settings.clinic_name,
        "clinic_phone": settings.clinic_phone,
        "first_name": first_name or "",
    }


def text_for(
    library: Library, settings: Settings, patient: Patient, template_id: str, **values: str
) -> str:
    """A content text in the patient's language, filled in for them."""
    base = values_for(settings, patient.first_name)
    return library.render(template_id, patient.language, **(base | values))
