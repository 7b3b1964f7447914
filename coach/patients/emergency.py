"""Emergency, crisis and non-urgent numbers for the country of a patient's phone.

CLINICAL.md: US/CA 911 (crisis line 988); MX 911; ES 112 (crisis line 024); GB 999 (NHS
111); other EU/EEA countries 112; anywhere else 112, and the clinician is warned at
enrollment (`known` is False). Never assume the US. US territories (911) and the Crown
Dependencies (999), which share the +1 and +44 plans, are added to that table.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import phonenumbers

FALLBACK_EMERGENCY = "112"


@dataclass(frozen=True, slots=True)
class EmergencyNumbers:
    """The numbers texts and calls tell a patient to use, for one country."""

    region: str | None  # ISO 3166 code of the phone's country; None if it has none
    emergency: str
    crisis: str | None = None
    nonurgent: str | None = None
    known: bool = True


# (emergency, crisis line, non-urgent line) for the countries with their own entry.
_COUNTRIES: dict[str, tuple[str, str | None, str | None]] = {
    "US": ("911", "988", None),
    "CA": ("911", "988", None),
    "MX": ("911", None, None),
    "ES": ("112", "024", None),
    "GB": ("999", None, "111"),
    # US territories share +1 and answer 911 (not in CLINICAL.md's table). How far 988
    # reaches there is not something we have checked, so they get the emergency number only.
    "PR": ("911", None, None),
    "VI": ("911", None, None),
    "GU": ("911", None, None),
    "AS": ("911", None, None),
    "MP": ("911", None, None),
    # Share +44 with GB (some +447 mobiles are Jersey, Guernsey or Isle of Man) and answer
    # 999, but NHS 111 is England, Scotland and Wales only.
    "JE": ("999", None, None),
    "GG": ("999", None, None),
    "IM": ("999", None, None),
}
# EU member states plus Iceland, Liechtenstein and Norway (EEA): 112 everywhere.
EU_EEA = frozenset(
    {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
     "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO"}
)  # fmt: skip


def for_region(region: str | None) -> EmergencyNumbers:
    """The numbers for an ISO country code; 112 and `known=False` for one with no entry."""
    code = (region or "").upper() or None
    if code in _COUNTRIES:
        emergency, crisis, nonurgent = _COUNTRIES[code]
        return EmergencyNumbers(code, emergency, crisis, nonurgent)
    return EmergencyNumbers(code, FALLBACK_EMERGENCY, known=code in EU_EEA)


@functools.lru_cache(maxsize=4096)
def region_of(phone: str) -> str | None:
    """The country of an E.164 number (None when it is not a number or has no country).

    Cached: parsing a number with phonenumbers costs about 0.1 ms, and every text rendered
    for a patient needs their country's numbers.
    """
    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return None
    region = phonenumbers.region_code_for_number(number)
    # "001" is a non-geographic number (satellite, global services): no country.
    return region if region and region != phonenumbers.UNKNOWN_REGION and region != "001" else None


def for_phone(phone: str | None, *, default_region: str) -> EmergencyNumbers:
    """The numbers for the country of `phone`; `default_region` when there is no phone."""
    if not phone:
        return for_region(default_region)
    return for_region(region_of(phone))
