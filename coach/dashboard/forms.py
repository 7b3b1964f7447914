"""The enrollment and edit forms: the CSV import's columns, read into the API's schemas."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import available_timezones

from pydantic import ValidationError

from coach.errors import CoachError
from coach.patients import importer
from coach.patients.schemas import PatientCreate, PatientOut, PatientUpdate

ZONES = sorted(available_timezones() - {"localtime", "Factory"})
DEFAULT_PROGRAM = "neck-4wk"  # the shipped default programme (schedules/default.toml)
# Nested API fields and the flat form fields (the CSV's column names) that hold them.
_FLAT = {
    "consent.given_at": "consent_given_at",
    "consent.method": "consent_method",
    "quiet_hours.start": "quiet_start",
    "quiet_hours.end": "quiet_end",
    "consent": "consent_given_at",
    "quiet_hours": "quiet_start",
}
# The details the patient page edits (programme, consent and controls have their own ways).
EDITABLE = ("first_name", "phone", "timezone", "language", "channel", "quiet_start", "quiet_end",
            "alert_phone")  # fmt: skip


def defaults(now: datetime) -> dict[str, str]:
    """A blank form: consent recorded as given now, in clinic; SMS in English, on the
    default programme (not whichever comes first in the list)."""
    return {
        "language": "en",
        "channel": "sms",
        "program": DEFAULT_PROGRAM,
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


def current(patient: PatientOut) -> dict[str, str]:
    """The edit form filled with the patient's details as they are."""
    return {
        "first_name": patient.first_name or "",
        "phone": patient.phone,
        "timezone": patient.timezone,
        "language": patient.language,
        "channel": patient.channel,
        "quiet_start": patient.quiet_hours.start,
        "quiet_end": patient.quiet_hours.end,
        "alert_phone": patient.alert_phone or "",
    }


def patient_update(values: dict[str, str]) -> PatientUpdate:
    """The edit form as a `PATCH /v1/patients/{id}` body (ValidationError as the API's).

    An emptied first name or alert phone clears it, as `null` does in the API.
    """
    body: dict[str, object] = {
        "first_name": values.get("first_name", "").strip() or None,
        "alert_phone": values.get("alert_phone", "").strip() or None,
        "phone": values.get("phone", ""),
        "timezone": values.get("timezone", ""),
        "language": values.get("language", "").lower(),
        "channel": values.get("channel", "").lower(),
        "quiet_hours": {"start": values.get("quiet_start", ""), "end": values.get("quiet_end", "")},
    }
    return PatientUpdate.model_validate(body)
