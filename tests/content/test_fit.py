"""Content fits its moment: time-of-day and programme-phase tags, one movement a day."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from coach.content.library import Library
from coach.content.loader import check_library
from coach.content.models import ProgramItem
from coach.content.selection import movements, select_template


def _pick(library: Library, item: ProgramItem, day: int, at: time, **kw: object) -> str:
    return select_template(
        library, item, language=str(kw.get("language", "en")), recent_ids=[], day_number=day,
        gentle=bool(kw.get("gentle", False)), seed=str(kw.get("seed", "p")), at=at,
        exclude=kw.get("exclude", ()),  # type: ignore[arg-type]
    ).id  # fmt: skip


def _picks(library: Library, kind: str, at: time, days: range, gentle: bool = False) -> set[str]:
    item = ProgramItem.model_validate({"id": "x", "kind": kind, "at": at.strftime("%H:%M")})
    return {
        _pick(library, item, day, at, seed=f"p{seed}", gentle=gentle)
        for day in days
        for seed in range(12)
    }


@pytest.mark.parametrize("language", ["en", "es"])
def test_morning_content_is_only_sent_in_the_morning(library: Library, language: str) -> None:
    assert library.template("heat_ice.shower", language).times == ("morning",)
    evening = _picks(library, "heat_ice", time(20, 0), range(1, 29))
    morning = _picks(library, "heat_ice", time(9, 30), range(1, 29))
    assert "heat_ice.shower" not in evening  # "ease morning stiffness" at 20:00: never
    assert "heat_ice.shower" in morning
    assert {"heat_ice.evening", "heat_ice.no_sleep"}.isdisjoint(morning)  # "before bed"


@pytest.mark.parametrize("gentle", [False, True])
def test_first_days_content_is_only_sent_in_the_first_days(library: Library, gentle: bool) -> None:
    assert library.template("heat_ice.cold_early", "en").day_range == (1, 3)
    assert "heat_ice.cold_early" in _picks(library, "heat_ice", time(9, 30), range(1, 4), gentle)
    later = _picks(library, "heat_ice", time(9, 30), range(4, 43), gentle)
    assert "heat_ice.cold_early" not in later


def test_evening_check_in_wording_only_in_the_evening(library: Library) -> None:
    assert "checkin.prompt.5" not in _picks(library, "checkin", time(10, 0), range(1, 15))
    assert "checkin.prompt.5" in _picks(library, "checkin", time(18, 30), range(1, 15))


def test_a_movement_already_sent_that_day_is_not_asked_for_again(library: Library) -> None:
    item = ProgramItem.model_validate({"id": "screen", "kind": "screen_break", "at": "15:00"})
    tagged = [t for t in library.templates_of_kind("screen_break", "en") if movements(t)]
    assert len(tagged) >= 5  # screen breaks that ask for an exercise's movement name it
    for day in range(1, 60):
        pick = _pick(library, item, day, time(15, 0), exclude={"exercise.chin_tuck"})
        assert "exercise.chin_tuck" not in movements(library.template(pick, "en"))
        for exercise in ("exercise.shoulder_rolls", "exercise.rotation", "exercise.side_bend"):
            pick = _pick(library, item, day, time(15, 0), exclude={exercise})
            assert exercise not in movements(library.template(pick, "en"))


def test_a_programme_item_no_content_fits_is_an_error(dirs: tuple[Path, Path]) -> None:
    content, schedules = dirs
    path = content / "checkin.toml"
    text = path.read_text().replace(
        'id = "checkin.prompt"\n', 'id = "checkin.prompt"\ntimes = ["evening"]\n'
    )
    for n in (2, 4):
        text = text.replace(
            f'id = "checkin.prompt.{n}"\n', f'id = "checkin.prompt.{n}"\ntimes = ["evening"]\n'
        )
    path.write_text(text)
    (schedules / "default.toml").write_text(
        (schedules / "default.toml")
        .read_text()
        .replace(
            'window_start = "18:00"\nwindow_end = "19:00"',
            'window_start = "09:00"\nwindow_end = "10:00"',
            1,
        )
    )
    problems = check_library(content, schedules)
    assert any(p.key == "items.checkin.times" for p in problems), problems


def test_a_movement_tag_must_name_an_exercise(dirs: tuple[Path, Path]) -> None:
    content, schedules = dirs
    path = content / "screen.toml"
    path.write_text(path.read_text().replace('"exercise.chin_tuck"', '"exercise.chin_tucks"'))
    problems = check_library(content, schedules)
    assert any("names no exercise" in p.message for p in problems)
