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


def _cron_local_to_utc(on: date, at: time, tz: str) -> datetime:
    """What APScheduler's cron trigger makes of a local time (the reference)."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from apscheduler.triggers.cron import CronTrigger

    zone = ZoneInfo(tz)
    trigger = CronTrigger(
        year=on.year, month=on.month, day=on.day, hour=at.hour, minute=at.minute, timezone=zone
    )
    fire: datetime | None = trigger.get_next_fire_time(
        None, datetime.combine(on - timedelta(days=1), time(12), zone)
    )
    assert fire is not None
    return fire.astimezone(UTC)


@pytest.mark.parametrize(
    "tz",
    [
        "America/New_York",
        "Europe/London",
        "Australia/Lord_Howe",  # a half-hour DST jump
        "Pacific/Chatham",
        "America/Santiago",
        "Asia/Tehran",
        "Pacific/Apia",  # skipped 30 December 2011 altogether
    ],
)
def test_local_to_utc_matches_the_cron_trigger_on_dst_days(tz):
    """Every quarter hour of the days around each change of offset, 2011 and 2026."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(tz)
    changes = []
    for year in (2011, 2026):
        day = date(year, 1, 1)
        while day.year == year:
            following = day + timedelta(days=1)
            noon = datetime.combine(day, time(12), zone).utcoffset()
            if noon != datetime.combine(following, time(12), zone).utcoffset():
                changes += [day, following]
            day = following
    assert changes or tz == "Asia/Tehran"  # Iran dropped DST in 2022
    for day in changes or [date(2011, 3, 22)]:
        for minute in range(0, 24 * 60, 15):
            at = time(minute // 60, minute % 60)
            assert local_to_utc(day, at, tz) == _cron_local_to_utc(day, at, tz), (day, at)
