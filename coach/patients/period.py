"""A patient's active programme period: from the start date to the last day (local dates)."""

from __future__ import annotations

from datetime import date, timedelta

from coach.content.models import Program
from coach.patients.models import Patient


def last_day(patient: Patient, program: Program) -> date:
    """The programme's last local day: start + weeks x 7 + the days a clinician added - 1."""
    return patient.start_date + timedelta(days=program.total_days + patient.extra_days - 1)


def day_number(patient: Patient, on: date) -> int:
    """Programme day (1-based) of a local date."""
    return (on - patient.start_date).days + 1
