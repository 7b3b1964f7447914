"""Enrollment rules shared by `POST /v1/patients`, PATCH and the CSV import.

`resolve` turns a request into the patient's column values or raises `InvalidInput`
naming the field; it reads no database, so the importer can check 10,000 rows quickly.
"""

from __future__ import annotations

import functools
import zoneinfo
from datetime import UTC, datetime, time, timedelta
from typing import Any

from coach.content.library import Library
from coach.content.models import ContentError
from coach.errors import InvalidInput
from coach.patients import phone as phones
from coach.patients.models import Frequency, Patient, PatientStatus
from coach.patients.schemas import (
    Consent,
    ConsentOut,
    PatientCreate,
    PatientOut,
    QuietHours,
    QuietHoursOut,
)
from coach.scheduling.localtime import in_quiet_hours, local_now

# Consent stamped this far in the future is a typo (or a wrong offset), not a record.
CONSENT_CLOCK_SKEW = timedelta(minutes=5)
COMPARED = (
    "phone", "first_name", "timezone", "language", "channel", "program_id", "start_date",
    "quiet_start", "quiet_end", "consent_given_at", "consent_method", "alert_phone", "sms_consent",
)  # fmt: skip


@functools.lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def check_zone(name: str, field: str = "timezone") -> str:
    """`name` if it is an IANA zone this machine knows, else InvalidInput."""
    if name not in _zones():
        raise InvalidInput(
            f"{field} {name!r} is not an IANA time zone (e.g. America/New_York)", field=field
        )
    return name


def _hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def resolve(
    data: PatientCreate, *, region: str, library: Library, now: datetime, enrolling: bool = True
) -> dict[str, Any]:
    """The patient's column values for `data`, or InvalidInput naming the first bad field.

    `enrolling` (not an edit): a start date whose programme is already over is refused.
    """
    zone = check_zone(data.timezone) if data.timezone else None
    sms = data.channel == "sms"
    phone = phones.normalise_for_zone(data.phone, region=region, zone=zone, sms=sms)
    if zone is not None:
        tz = zone
    else:
        inferred = phones.single_zone(phone)
        if inferred is None:
            raise InvalidInput(
                "timezone is required: the phone number does not map to a single zone",
                field="timezone",
            )
        tz = inferred
    try:
        program = library.program(data.program)
    except ContentError:
        known = ", ".join(sorted(library.programs))
        raise InvalidInput(
            f"program {data.program!r} does not exist (known: {known})", field="program"
        ) from None
    if data.quiet_hours is not None:
        quiet_start, quiet_end = _hhmm(data.quiet_hours.start), _hhmm(data.quiet_hours.end)
        if quiet_start == quiet_end:
            raise InvalidInput("quiet_hours start and end must differ", field="quiet_hours")
    else:
        quiet_start, quiet_end = program.quiet_hours.start, program.quiet_hours.end
    if data.channel == "sms" and data.sms_consent is False:
        raise InvalidInput(
            "an SMS patient consents to texts by enrolling: use channel voice for a patient "
            "who should get calls only",
            field="sms_consent",
        )
    start = data.start_date or local_now(now, tz).date()
    if enrolling and start + timedelta(days=program.total_days - 1) < local_now(now, tz).date():
        raise InvalidInput(
            f"start_date: the {program.id} programme from {start.isoformat()} is already over",
            field="start_date",
        )
    if data.consent.given_at > now + CONSENT_CLOCK_SKEW:
        raise InvalidInput("consent.given_at is in the future", field="consent.given_at")
    alert_phone = (
        phones.normalise(data.alert_phone, region=region, sms=True, field="alert_phone")
        if data.alert_phone and data.alert_phone.strip()
        else None
    )
    return {
        "phone": phone,
        "first_name": data.first_name or None,
        "timezone": tz,
        "language": data.language,
        "channel": data.channel,
        "program_id": program.id,
        "start_date": start,
        "quiet_start": quiet_start,
        "quiet_end": quiet_end,
        "consent_given_at": data.consent.given_at.astimezone(UTC),
        "consent_method": data.consent.method,
        "alert_phone": alert_phone,
        # An SMS patient consented to texts by enrolling; a voice patient only if asked.
        "sms_consent": data.channel == "sms" or bool(data.sms_consent),
    }


CONTROL_FIELDS = frozenset({"frequency", "checkin_time"})


def resolve_controls(
    given: dict[str, Any], *, patient: Patient, quiet_start: time, quiet_end: time
) -> dict[str, Any]:
    """Column values for the controls a PATCH gives (`frequency`, `checkin_time`).

    A check-in time (given, or kept) must lie outside the quiet hours the patient will have.
    """
    out: dict[str, Any] = {}
    if "frequency" in given:
        if given["frequency"] is None:
            raise InvalidInput("frequency cannot be null", field="frequency")
        out["frequency"] = Frequency(given["frequency"])
    if "checkin_time" in given:
        value = given["checkin_time"]
        out["checkin_time"] = _hhmm(value) if value is not None else None
    at = out.get("checkin_time", patient.checkin_time)
    if at is not None and in_quiet_hours(at, quiet_start, quiet_end):
        raise InvalidInput(
            f"checkin_time {at:%H:%M} falls in the quiet hours "
            f"({quiet_start:%H:%M}-{quiet_end:%H:%M}): choose another time or null",
            field="checkin_time",
        )
    return out


def as_request(patient: Patient) -> dict[str, Any]:
    """A patient's current values in request form (the base a PATCH is applied to)."""
    return {
        "phone": patient.phone,
        "first_name": patient.first_name,
        "timezone": patient.timezone,
        "language": patient.language,
        "channel": str(patient.channel),
        "program": patient.program_id,
        "start_date": patient.start_date,
        "quiet_hours": QuietHours(
            start=patient.quiet_start.strftime("%H:%M"), end=patient.quiet_end.strftime("%H:%M")
        ),
        "consent": Consent(given_at=patient.consent_given_at, method=patient.consent_method),
        "alert_phone": patient.alert_phone,
        # SMS patients consented to texts by enrolling (older rows may hold false).
        "sms_consent": patient.sms_consent if patient.channel == "voice" else None,
    }


def same(patient: Patient, values: dict[str, Any]) -> bool:
    """Whether the stored patient already has these resolved values."""
    return all(getattr(patient, key) == values[key] for key in COMPARED if key in values)


def to_out(patient: Patient, open_alerts: int = 0) -> PatientOut:
    """The API view of a patient."""
    assert patient.id is not None
    return PatientOut(
        id=patient.id,
        clinician_id=patient.clinician_id,
        phone=patient.phone,
        first_name=patient.first_name,
        timezone=patient.timezone,
        language=patient.language,
        channel=str(patient.channel),
        program=patient.program_id,
        start_date=patient.start_date,
        quiet_hours=QuietHoursOut(
            start=patient.quiet_start.strftime("%H:%M"), end=patient.quiet_end.strftime("%H:%M")
        ),
        consent=ConsentOut(given_at=patient.consent_given_at, method=patient.consent_method),
        alert_phone=patient.alert_phone,
        status=PatientStatus(patient.status).value,
        paused_until=patient.paused_until,
        sms_consent=patient.sms_consent,
        frequency=Frequency(patient.frequency).value,
        checkin_time=patient.checkin_time.strftime("%H:%M") if patient.checkin_time else None,
        completed_at=patient.completed_at,
        open_alerts=open_alerts,
        created_at=patient.created_at,
        updated_at=patient.updated_at,
    )


TAKEN = "this phone number is already enrolled in the coach"


def taken(holder: Patient, *, own: bool) -> str:
    """Why a phone cannot be enrolled again; the way forward only for the holder's clinician."""
    if not own:
        return TAKEN
    if holder.status == PatientStatus.unenrolled:
        return (
            f"this phone number belongs to patient {holder.id}, who was unenrolled: "
            f"enroll them again with POST /v1/patients/{holder.id}/reenroll"
        )
    if holder.status == PatientStatus.opted_out:
        return (
            f"{TAKEN} (patient {holder.id}), who opted out: only the patient can opt back "
            "in, by texting START"
        )
    return f"{TAKEN} (patient {holder.id})"
