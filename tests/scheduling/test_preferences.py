"""FEWER keeps every other non-check-in item of a programme week; check-ins always stay."""

from __future__ import annotations

from datetime import date, time

import pytest

from coach.content.loader import get_library
from coach.scheduling import preferences

LIBRARY = get_library()


@pytest.mark.parametrize("program_id", sorted(LIBRARY.programs))
@pytest.mark.parametrize("start_weekday", range(7))
def test_fewer_keeps_half_of_each_weeks_other_items_and_every_checkin(
    program_id: str, start_weekday: int
) -> None:
    program = LIBRARY.program(program_id)
    for week in range(program.weeks):
        kept = dropped = checkins = 0
        for number in range(week * 7 + 1, week * 7 + 8):
            weekday = (start_weekday + number - 1) % 7
            for item in program.items_for_day(number, weekday):
                keeps = preferences.keeps(
                    program, item, day_number=number, weekday=weekday, frequency="fewer"
                )
                normal = preferences.keeps(
                    program, item, day_number=number, weekday=weekday, frequency="normal"
                )
                assert normal
                if item.kind == "checkin":
                    assert keeps
                    checkins += 1
                elif keeps:
                    kept += 1
                else:
                    dropped += 1
        assert checkins == 7
        assert kept == (kept + dropped + 1) // 2 and dropped > 0


def test_the_checkin_time_replaces_only_the_checkins_time() -> None:
    program = LIBRARY.program("neck-4wk")
    checkin = next(i for i in program.items if i.kind == "checkin")
    other = next(i for i in program.items if i.kind != "checkin")
    on = date(2026, 6, 10)
    assert preferences.local_time(checkin, seed="1", on=on, checkin_time=time(20, 0)) == time(20, 0)
    assert preferences.local_time(other, seed="1", on=on, checkin_time=time(20, 0)) == (
        other.local_time(seed="1", on=on)
    )
