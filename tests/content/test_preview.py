"""Previews: welcome first, local times outside quiet hours, caps, Spanish."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time

import pytest

from coach.content.library import Library
from coach.content.preview import preview
from coach.content.validation import REQUIRED_PATIENT_IDS


@pytest.mark.parametrize("program_id", ["neck-4wk", "acute-spasm-2wk", "desk-worker-4wk"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_preview_week(library: Library, program_id: str, language: str) -> None:
    program = library.program(program_id)
    days = preview(
        library,
        program_id,
        days=7,
        tz="America/New_York",
        language=language,
        start=date(2025, 3, 6),
    )
    assert [d.day_number for d in days] == list(range(1, 8))
    assert days[0].messages[0].template_id == "welcome"
    assert "Demo Clinic" in days[0].messages[0].text and "STOP" in days[0].messages[0].text
    total = 0
    for day in days:
        assert 1 <= len(day.messages) <= program.daily_cap
        times = [m.local_time for m in day.messages]
        assert times == sorted(times)
        for msg in day.messages:
            assert not program.quiet_hours.contains(msg.local_time)
            assert time(8, 0) <= msg.local_time < time(21, 0)
            assert "{" not in msg.text
            tpl_lang = library.template(msg.template_id, language).language
            assert tpl_lang == language
        assert any(m.kind == "checkin" for m in day.messages)
        total += len(day.messages)
    assert total <= program.weekly_cap


def test_preview_crosses_dst_in_local_time(library: Library) -> None:
    days = preview(
        library, "neck-4wk", days=4, tz="America/Chicago", language="en", start=date(2025, 3, 8)
    )
    offsets = {
        (m.utc.replace(tzinfo=None) - datetime.combine(d.date, m.local_time)).seconds // 3600
        for d in days
        for m in d.messages
    }
    assert offsets == {6, 5}


def test_preview_stops_at_programme_end(library: Library) -> None:
    days = preview(
        library, "acute-spasm-2wk", days=30, tz="UTC", language="en", start=date(2025, 1, 1)
    )
    assert len(days) == 14


def test_preview_rotation_has_no_repeats(library: Library) -> None:
    days = preview(
        library, "neck-4wk", days=28, tz="Europe/Madrid", language="es", start=date(2025, 1, 6)
    )
    seen: dict[str, int] = {}
    window = {i.id: i.no_repeat_days for i in library.program("neck-4wk").items}
    for day in days:
        for msg in day.messages:
            if msg.item_id in window and msg.template_id in seen:
                assert day.day_number - seen[msg.template_id] >= window[msg.item_id]
            seen[msg.template_id] = day.day_number


def test_daily_cap_cuts_low_priority_items(library: Library) -> None:
    program = library.program("neck-4wk").model_copy(update={"daily_cap": 2})
    items = program.items_for_day(3, 0)
    assert [i.id for i in items] == ["checkin", "exercise"]
    assert [i.id for i in program.items_for_day(1, 0, already_sent=1)] == ["checkin"]
    assert program.items_for_day(29, 0) == []


def test_every_patient_template_renders_in_both_languages(library: Library) -> None:
    values = {
        "first_name": "",
        "clinic_name": "Clinic",
        "clinic_phone": "555",
        "days": "3",
        "score": "4",
        "from_score": "6",
        "to_score": "3",
        "emergency_number": "112",
        "crisis_line": "024",
        "nonurgent_line": "111",
    }
    for ident in REQUIRED_PATIENT_IDS:
        for lang in ("en", "es"):
            text = library.render(ident, lang, **values)
            assert "{" not in text and text.strip()
    counts = Counter(t.kind for t in library.iter_templates() if t.language == "es")
    assert counts["posture_tip"] >= 30
    assert counts["screen_break"] >= 20
    assert counts["heat_ice"] >= 10
    assert counts["exercise"] >= 12
