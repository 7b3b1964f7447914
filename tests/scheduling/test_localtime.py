"""Local wall-clock times to UTC across DST, half-hour zones and the date line."""

from datetime import UTC, date, datetime, time

import pytest

from coach.scheduling.localtime import in_quiet_hours, local_to_utc, next_allowed, next_quiet_start


def utc(*args: int) -> datetime:
    return datetime(*args).replace(tzinfo=UTC)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("on", "at", "tz", "expected"),
    [
        # New York spring-forward: 02:30 does not exist and moves forward to 03:30 EDT.
        (date(2026, 3, 8), time(2, 30), "America/New_York", utc(2026, 3, 8, 7, 30)),
        (date(2026, 3, 8), time(9, 0), "America/New_York", utc(2026, 3, 8, 13, 0)),
        (date(2026, 3, 7), time(9, 0), "America/New_York", utc(2026, 3, 7, 14, 0)),
        # Fall-back: 01:30 happens twice; the first (EDT) is taken.
        (date(2026, 11, 1), time(1, 30), "America/New_York", utc(2026, 11, 1, 5, 30)),
        (date(2026, 11, 1), time(9, 0), "America/New_York", utc(2026, 11, 1, 14, 0)),
        # Auckland: UTC+13 in summer, so a morning is the previous UTC day.
        (date(2026, 1, 15), time(9, 0), "Pacific/Auckland", utc(2026, 1, 14, 20, 0)),
        (date(2026, 7, 15), time(9, 0), "Pacific/Auckland", utc(2026, 7, 14, 21, 0)),
        # Kolkata: UTC+05:30, no DST.
        (date(2026, 3, 8), time(18, 0), "Asia/Kolkata", utc(2026, 3, 8, 12, 30)),
    ],
)
def test_local_to_utc(on, at, tz, expected):
    assert local_to_utc(on, at, tz) == expected


def test_quiet_hours_across_midnight():
    start, end = time(21, 0), time(8, 0)
    assert in_quiet_hours(time(21, 0), start, end)
    assert in_quiet_hours(time(23, 59), start, end)
    assert in_quiet_hours(time(3, 0), start, end)
    assert in_quiet_hours(time(7, 59), start, end)
    assert not in_quiet_hours(time(8, 0), start, end)
    assert not in_quiet_hours(time(20, 59), start, end)
    # A daytime quiet period (e.g. a night-shift worker) works too.
    assert in_quiet_hours(time(12, 0), time(9, 0), time(17, 0))
    assert not in_quiet_hours(time(18, 0), time(9, 0), time(17, 0))


def test_next_allowed_and_next_quiet_start():
    tz = "America/New_York"
    three_am = utc(2026, 6, 10, 7, 0)  # 03:00 EDT
    assert next_allowed(three_am, tz, time(21, 0), time(8, 0)) == utc(2026, 6, 10, 12, 0)
    ten_pm = utc(2026, 6, 11, 2, 0)  # 22:00 EDT on the 10th
    assert next_allowed(ten_pm, tz, time(21, 0), time(8, 0)) == utc(2026, 6, 11, 12, 0)
    noon = utc(2026, 6, 10, 16, 0)
    assert next_allowed(noon, tz, time(21, 0), time(8, 0)) == noon
    assert next_quiet_start(noon, tz, time(21, 0)) == utc(2026, 6, 11, 1, 0)
