"""The enrollment form: its fields are the CSV import's columns, read into the API's schema."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import available_timezones

from pydantic import ValidationError

from coach.errors import CoachError
from coach.patients import importer
from coach.patients.schemas import PatientCreate

ZONES = sorted(available_timezones() - {"localtime", "Factory"})
# Nested API fields and the flat form fields (the CSV's column names) that hold them.
_FLAT = {
    "consent.given_at": "consent_given_at",
    "consent.method": "consent_method",
    "quiet_hours.start": "quiet_start",
    "quiet_hours.end": "quiet_end",
    "consent": "consent_given_at",
    "quiet_hours": "quiet_start",
}


def defaults(now: datetime) -> dict[str, str]:
    """A blank form: consent recorded as given now, in clinic; SMS in English."""
    return {
        "language": "en",
        "channel": "sms",
        "timezone": "America/New_York",
        "consent_given_at": now.replace(microsecond=0).isoformat(),
        "consent_method": "verbal, in clinic",
    }


def patient_create(values: dict[str, str]) -> PatientCreate:
    """The form as a `POST /v1/patients` body (ValidationError as the API would raise)."""
    return PatientCreate.model_validate(importer.to_request(values))


def errors(exc: ValidationError | CoachError) -> dict[str, str]:
    """Messages by form field, worded as the API's 422 (`field: message`); `""` for the form."""
    if isinstance(exc, CoachError):
        field = _FLAT.get(exc.field or "", exc.field or "")
        return {field: f"{exc.field}: {exc.message}" if exc.field else exc.message}
    out: dict[str, str] = {}
    for error in exc.errors():
        loc = ".".join(str(part) for part in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        out.setdefault(_FLAT.get(loc, loc), f"{loc}: {message}" if loc else message)
    return out
