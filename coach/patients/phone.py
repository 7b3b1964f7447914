"""Phone numbers: normalise to E.164, refuse landlines for SMS, guess the time zone."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import phonenumbers
from phonenumbers import PhoneNumberType, geocoder
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


@functools.lru_cache(maxsize=1)
def _zone_tab() -> dict[str, frozenset[str]]:
    """tzdata's zone.tab: the zones each country (ISO 3166 code) uses."""
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    found: dict[str, set[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            found.setdefault(fields[0], set()).add(fields[2])
    return {code: frozenset(zones) for code, zones in found.items()}


@dataclass(frozen=True)
class Country:
    """The country of a phone number and the time zones used there."""

    region: str  # ISO 3166 code, e.g. "ES"
    name: str  # e.g. "Spain"
    zones: frozenset[str]


@functools.lru_cache(maxsize=4096)
def country(e164: str) -> Country | None:
    """The number's country with every zone used there (tzdata's for the country, and
    phonenumbers' for the number); None when the country is unknown."""
    number = phonenumbers.parse(e164, None)
    region = phonenumbers.region_code_for_number(number)
    if not region or region == "001":  # unknown, or a non-geographic (global) number
        return None
    zones = set(_zone_tab().get(region, ()))
    zones.update(phone_timezone.time_zones_for_number(number))
    zones.discard(_UNKNOWN_ZONE)
    if not zones:
        return None
    name = geocoder.country_name_for_number(number, "en") or region
    return Country(region=region, name=name, zones=frozenset(zones))


@functools.lru_cache(maxsize=1024)
def region_of_zone(zone: str) -> str | None:
    """The one country that uses `zone` (tzdata's zone.tab), else None (shared or unknown)."""
    regions = [code for code, zones in _zone_tab().items() if zone in zones]
    return regions[0] if len(regions) == 1 else None


def normalise_for_zone(
    raw: str, *, region: str, zone: str | None, sms: bool = False, field: str = "phone"
) -> str:
    """`normalise`, reading a number written without its country code ("07911 123456") in
    the country of the patient's time zone when it is not a number of the clinic's region."""
    try:
        return normalise(raw, region=region, sms=sms, field=field)
    except InvalidInput:
        local = region_of_zone(zone) if zone and not raw.strip().startswith("+") else None
        if local is None or local == region:
            raise
        try:
            return normalise(raw, region=local, sms=sms, field=field)
        except InvalidInput:
            code = phonenumbers.country_code_for_region(local)
            raise InvalidInput(
                f"{field} {raw.strip()!r} is not a valid number in {region} or in {local} "
                f"(the country of the time zone); write it with its country code (+{code} ...)",
                field=field,
            ) from None
