"""Phone numbers: normalise to E.164, refuse landlines for SMS, guess the time zone."""

from __future__ import annotations

import functools

import phonenumbers
from phonenumbers import PhoneNumberType
from phonenumbers import timezone as phone_timezone

from coach.errors import InvalidInput

_UNKNOWN_ZONE = "Etc/Unknown"


def _parse(raw: str, region: str, field: str) -> phonenumbers.PhoneNumber:
    text = raw.strip()
    if not text:
        raise InvalidInput(f"{field} must not be empty", field=field)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise InvalidInput(
            f"{field} {text!r} is not a phone number (use e.g. +1 212 555 0123)", field=field
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput(
            f"{field} {text!r} is not a valid phone number for its country", field=field
        )
    return number


@functools.lru_cache(maxsize=4096)
def normalise(raw: str, *, region: str, sms: bool = False, field: str = "phone") -> str:
    """`raw` in E.164; InvalidInput naming `field` if invalid, or a landline when `sms`."""
    number = _parse(raw, region, field)
    if sms and phonenumbers.number_type(number) == PhoneNumberType.FIXED_LINE:
        raise InvalidInput(
            f"{field} {raw.strip()!r} is a landline and cannot receive texts: "
            'use channel "voice" or a mobile number',
            field=field,
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@functools.lru_cache(maxsize=4096)
def single_zone(e164: str) -> str | None:
    """The IANA zone of a number when the numbering plan gives exactly one, else None."""
    zones = phone_timezone.time_zones_for_number(phonenumbers.parse(e164, None))
    if len(zones) == 1 and zones[0] != _UNKNOWN_ZONE:
        return str(zones[0])
    return None
