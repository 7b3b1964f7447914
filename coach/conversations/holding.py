"""The holding reply: the care team will read the text, when they will answer, and what to
do in an emergency (clinic hours from COACH_CLINIC_HOURS, shown on the patient's clock)."""

from __future__ import annotations

from datetime import datetime

from coach.clinic_hours import next_open
from coach.content.library import Library
from coach.content.models import WEEKDAYS
from coach.patients.controls import spoken_time
from coach.patients.models import Patient
from coach.patients.texts import language_of, text_for
from coach.scheduling.localtime import local_now
from coach.settings import Settings


def holding_template(settings: Settings, patient: Patient, now: datetime) -> tuple[str, str]:
    """The holding text's id and the opening time it names (local to the patient)."""
    opens = next_open(now, settings.clinic_openings, settings.clinic_timezone)
    if opens <= now:
        return "inbox.holding.open", ""
    here, then = local_now(now, patient.timezone), local_now(opens, patient.timezone)
    shown = spoken_time(then.time(), language_of(patient))
    days = (then.date() - here.date()).days
    if days == 0:
        return "inbox.holding.today", shown
    if days == 1:
        return "inbox.holding.tomorrow", shown
    return f"inbox.holding.{WEEKDAYS[then.weekday()]}", shown


def holding_text(library: Library, settings: Settings, patient: Patient, now: datetime) -> str:
    """The holding reply for this patient, in their language."""
    template_id, shown = holding_template(settings, patient, now)
    return text_for(library, settings, patient, template_id, time=shown)
