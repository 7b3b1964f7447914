"""Emergency, crisis and non-urgent numbers by the country of the patient's phone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from coach.content.loader import get_library
from coach.patients import emergency
from coach.patients.models import Patient
from coach.patients.texts import text_for, values_for
from coach.settings import Settings
from tests.factories import enrollment

US = "+12125550123"
CA = "+16135550123"
MX = "+525512345678"
ES = "+34612345678"
GB = "+447400123456"
FR = "+33612345678"
JP = "+819012345678"


@pytest.mark.parametrize(
    ("phone", "region", "numbers", "known"),
    [
        (US, "US", ("911", "988", None), True),
        (CA, "CA", ("911", "988", None), True),
        (MX, "MX", ("911", None, None), True),
        (ES, "ES", ("112", "024", None), True),
        (GB, "GB", ("999", None, "111"), True),
        (FR, "FR", ("112", None, None), True),
        ("+4915123456789", "DE", ("112", None, None), True),
        ("+4791234567", "NO", ("112", None, None), True),  # EEA, not EU
        ("+447781123456", "GG", ("999", None, None), True),  # a +44 mobile from Guernsey
        (JP, "JP", ("112", None, None), False),
        ("+61412345678", "AU", ("112", None, None), False),
        ("+80012345678", None, ("112", None, None), False),  # no country at all
    ],
)
def test_numbers_follow_the_phones_country(phone, region, numbers, known):
    found = emergency.for_phone(phone, default_region="US")
    assert found.region == region
    assert (found.emergency, found.crisis, found.nonurgent) == numbers
    assert found.known is known


def test_without_a_phone_the_clinics_region_decides():
    assert emergency.for_phone(None, default_region="ES").emergency == "112"
    assert emergency.for_phone(None, default_region="US").crisis == "988"
    assert emergency.for_phone(None, default_region="JP").known is False


def test_values_for_a_patient_phone(settings: Settings):
    assert values_for(settings, "Ana", ES)["emergency_number"] == "112"
    assert values_for(settings, "Ana", ES)["crisis_line"] == "024"
    assert values_for(settings, "Sam", US)["emergency_number"] == "911"
    assert values_for(settings, "Sam", GB)["nonurgent_line"] == "111"
    # A stranger: the clinic's default region (US in these tests).
    assert values_for(settings, None)["emergency_number"] == "911"


def _patient(phone: str, language: str = "en") -> Patient:
    return Patient(
        clinician_id=1,
        phone=phone,
        language=language,
        first_name="Sam",
        timezone="UTC",
        program_id="neck-4wk",
        start_date=date(2026, 6, 10),
        consent_given_at=datetime(2026, 6, 10, tzinfo=UTC),
        consent_method="signed form",
    )


def _say(settings: Settings, phone: str, template_id: str, language: str = "en") -> str:
    return text_for(get_library(), settings, _patient(phone, language), template_id)


SAFETY_HELP_VOICEMAIL = (
    "safety.red_flag", "safety.airway", "safety.cardiac", "safety.stroke", "safety.infection",
    "safety.neurological", "safety.trauma", "safety.swallowing_lump", "help", "fallback",
    "voice.voicemail",
)  # fmt: skip


_ANY_NUMBER = re.compile(r"\b(?:911|988|112|999|024|111)\b")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    ("phone", "emergency_number", "crisis"),
    [(US, "911", "988"), (CA, "911", "988"), (ES, "112", "024"), (GB, "999", None),
     (MX, "911", None), (FR, "112", None), (JP, "112", None)],
)  # fmt: skip
def test_self_harm_reply_names_the_local_crisis_line_or_reads_well_without(
    settings: Settings, language: str, phone: str, emergency_number: str, crisis: str | None
):
    text = _say(settings, phone, "safety.self_harm", language)
    assert "{" not in text and "  " not in text and " ," not in text
    assert emergency_number in text
    expected = {emergency_number} | ({crisis} if crisis else set())
    assert set(_ANY_NUMBER.findall(text)) == expected
    if crisis is None:  # the variant for countries without a crisis line
        library = get_library()
        assert text == library.render(
            "safety.self_harm.no_crisis_line", language, emergency_number=emergency_number
        )
        assert not re.search(r"\b(?:al|call) (?:ahora|now)\b", text)  # no empty number


@pytest.mark.parametrize(
    ("phone", "number"), [(US, "911"), (ES, "112"), (GB, "999"), (MX, "911"), (JP, "112")]
)
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("template_id", SAFETY_HELP_VOICEMAIL)
def test_safety_help_and_voicemail_texts_name_only_the_local_number(
    settings: Settings, template_id: str, language: str, phone: str, number: str
):
    text = _say(settings, phone, template_id, language)
    assert set(_ANY_NUMBER.findall(text)) == {number}


def test_a_uk_help_text_says_999(settings: Settings):
    text = _say(settings, GB, "help")
    assert "999" in text and "911" not in text and "112" not in text


def test_enrollment_warns_for_a_country_with_no_entry(client, owner):
    body = enrollment(phone="+81 90 1234 5678", timezone="Asia/Tokyo", alert_phone=None)
    response = client.post("/v1/patients", json=body, headers=owner.headers)
    assert response.status_code == 201, response.text
    warnings = response.json()["warnings"]
    assert [w for w in warnings if "112" in w and "JP" in w], warnings


@pytest.mark.parametrize(
    ("phone", "timezone"),
    [("(212) 555-0123", "America/New_York"), ("+34 612 34 56 78", "Europe/Madrid"),
     ("+44 7400 123456", "Europe/London"), ("+33 6 12 34 56 78", "Europe/Paris")],
)  # fmt: skip
def test_enrollment_in_a_known_country_has_no_emergency_warning(client, owner, phone, timezone):
    body = enrollment(phone=phone, timezone=timezone, language="es")
    response = client.post("/v1/patients", json=body, headers=owner.headers)
    assert response.status_code == 201, response.text
    assert not [w for w in response.json()["warnings"] if "emergency" in w], response.json()
