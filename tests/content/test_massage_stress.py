"""Programmes actually send the massage and stress texts, in both languages."""

from __future__ import annotations

from datetime import date

import pytest

from coach.content.library import Library
from coach.content.preview import preview

NEW = {
    "posture.stress_shoulders",
    "posture.tension_check",
    "posture.self_massage",
    "posture.stress_walk",
    "heat_ice.warmth_massage",
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_new_text_goes_out_in_some_programme(library: Library, language: str) -> None:
    sent: set[str] = set()
    for program_id in library.programs:
        days = preview(
            library, program_id, days=60, tz="Europe/Madrid", language=language,
            start=date(2026, 6, 10),
        )  # fmt: skip
        sent |= {m.template_id for day in days for m in day.messages}
    assert sent >= NEW


def test_they_name_their_sources(library: Library) -> None:
    for ident in [*NEW, "faq.massage", "faq.stress"]:
        for language in ("en", "es"):
            assert any("NHS" in s for s in library.template(ident, language).sources)
