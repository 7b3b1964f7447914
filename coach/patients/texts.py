"""Content rendered for one patient: the clinic, their first name and their country's numbers.

Emergency, crisis and non-urgent numbers come from the country of the patient's phone
(`coach.patients.emergency`); a stranger gets the clinic's default region. A country with
no crisis (or non-urgent) line gets the template's `<id>.no_crisis_line` (or
`<id>.no_nonurgent_line`) variant, so the text still reads naturally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from coach.content.library import Library
from coach.content.validation import OPTIONAL_PLACEHOLDERS, variant_without
from coach.patients import emergency
from coach.patients.models import Patient
from coach.settings import Settings


def values_for(
    settings: Settings, first_name: str | None, phone: str | None = None
) -> dict[str, str]:
    """The placeholders every patient-facing text may use, for a patient's phone number."""
    numbers = emergency.for_phone(phone, default_region=settings.default_region)
    return {
        "clinic_name": settings.clinic_name,
        "clinic_phone": settings.clinic_phone,
        "first_name": first_name or "",
        "emergency_number": numbers.emergency,
        "crisis_line": numbers.crisis or "",
        "nonurgent_line": numbers.nonurgent or "",
    }


def render(library: Library, template_id: str, language: str, values: Mapping[str, str]) -> str:
    """Fill a template, switching to its variant for a line the country does not have.

    A template without placeholders is the same text for everyone: kept on the library
    after its first use (a pain report compares its answer with every feedback text)."""
    key = ("plain text", template_id, language)
    plain = library.memo.get(key)
    if isinstance(plain, str):
        return plain
    if plain is None:
        text = library.template(template_id, language).text
        plain = library.memo[key] = False if "{" in text or "}" in text else text
        if isinstance(plain, str):
            return plain
    for name in OPTIONAL_PLACEHOLDERS:
        if not values.get(name) and f"{{{name}}}" in library.template(template_id, language).text:
            template_id = variant_without(template_id, name)
    return library.render(template_id, language, **values)


# While the coach answers a text written in the other language, the answer's language.
_ANSWER_LANGUAGE: ContextVar[str | None] = ContextVar("answer_language", default=None)


@contextmanager
def answering_in(language: str | None) -> Iterator[None]:
    """Patient texts rendered inside the block use `language` (when the content has the
    text in it) instead of the patient's enrolled one: the coach answers a text in the
    language it was written in."""
    token = _ANSWER_LANGUAGE.set(language)
    try:
        yield
    finally:
        _ANSWER_LANGUAGE.reset(token)


def language_of(patient: Patient) -> str:
    """The language to write to the patient in now (see `answering_in`)."""
    return _ANSWER_LANGUAGE.get() or patient.language


Say = Callable[..., str]


def speaker(library: Library, settings: Settings, patient: Patient) -> Say:
    """`say(template_id, **values)`: content texts for one patient, their placeholders worked
    out once (a reply renders several texts: feedback variants, fallback, holding reply)."""
    base = values_for(settings, patient.first_name, patient.phone)

    def say(template_id: str, **values: str) -> str:
        # The language is looked up on each call: a reply may be answering in the
        # language the patient wrote in (`answering_in`).
        language = language_of(patient)
        if not library.has_template(template_id, language):
            language = patient.language
        return render(library, template_id, language, base | values if values else base)

    return say


def text_for(
    library: Library, settings: Settings, patient: Patient, template_id: str, **values: str
) -> str:
    """A content text in the patient's language, filled in for them."""
    return speaker(library, settings, patient)(template_id, **values)
