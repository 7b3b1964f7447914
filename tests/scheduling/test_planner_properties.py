"""Planner properties for any zone, start date, clock and quiet hours (hypothesis).

Whatever the input, `plan_patient` never plans a message in the patient's quiet hours (on
the local clock, as it will really read then, DST included), never more than the daily cap
on one local day, never outside [now, now + 48 h), and every row expires after it is due
and no later than the next start of quiet hours.
"""

from __future__ import annotations

import zoneinfo
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from coach.content.library import Library
from coach.content.loader import get_library
from coach.patients.models import Channel, Patient, PatientStatus
from coach.scheduling import planner
from coach.scheduling.localtime import in_quiet_hours, next_quiet_start
from tests.scheduling.test_planner import program_library

ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})
# Items at awkward hours: midnight, DST gaps (02:30), right at the usual quiet edges.
TIMES = ["00:00", "00:30", "01:30", "02:30", "03:00", "06:59", "07:00", "08:00", "08:01",
         "12:00", "20:59", "21:00", "21:30", "23:59"]  # fmt: skip
KINDS = ["checkin", "posture_tip", "screen_break", "heat_ice", "exercise"]
DAILY_CAP = 4


@pytest.fixture(scope="module")
def libraries(tmp_path_factory) -> dict[str, Library]:
    items = [(KINDS[i % len(KINDS)], at) for i, at in enumerate(TIMES)]
    # The programme's own quiet hours are a minute no item uses; patients bring theirs.
    test = program_library(
        tmp_path_factory.mktemp("awkward"), items, daily_cap=DAILY_CAP, quiet=("04:10", "04:11")
    )
    return {"test": test, "shipped": get_library()}


def _patient(tz: str, start: date, quiet: tuple[time, time], program: str, channel: Channel):
    return Patient(
        id=1,
        clinician_id=1,
        phone="+12125550123",
        timezone=tz,
        program_id=program,
        start_date=start,
        quiet_start=quiet[0],
        quiet_end=quiet[1],
        channel=channel,
        status=PatientStatus.active,
        consent_given_at=datetime(2020, 1, 1, tzinfo=UTC),
        consent_method="signed form",
    )


minutes = st.integers(0, 24 * 60 - 1).map(lambda m: time(m // 60, m % 60))
quiet_hours = st.tuples(minutes, minutes).filter(lambda q: q[0] != q[1])
starts = st.dates(date(2020, 1, 1), date(2037, 12, 31))


def _check(library: Library, patient: Patient, now: datetime) -> int:
    history = planner.History(recent={}, days=[], last_pain=None)
    rows = planner.plan_patient(library=library, patient=patient, history=history, now=now)
    tz = zoneinfo.ZoneInfo(patient.timezone)
    cap = library.program(patient.program_id).daily_cap
    per_day: Counter[date] = Counter()
    for row in rows:
        due: datetime = row["due_at"]
        local = due.astimezone(tz)
        assert now <= due < now + timedelta(hours=48), (due, now)
        assert not in_quiet_hours(local.time(), patient.quiet_start, patient.quiet_end), (
            f"{local} is in quiet hours {patient.quiet_start}-{patient.quiet_end}"
        )
        assert (
            due < row["expires_at"] <= next_quiet_start(due, patient.timezone, patient.quiet_start)
        ), (local, row["expires_at"].astimezone(tz))
        per_day[local.date()] += 1
    assert all(count <= cap for count in per_day.values()), per_day
    event("rows planned" if rows else "nothing to plan")  # --hypothesis-show-statistics
    return len(rows)


PROPERTY = settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(
    tz=st.sampled_from(ZONES),
    start=starts,
    offset=st.integers(-2 * 24 * 60, 30 * 24 * 60),
    quiet=quiet_hours,
    channel=st.sampled_from(list(Channel)),
)
@example(  # spring forward in New York: 02:30 does not exist, quiet hours start at 03:00
    tz="America/New_York",
    start=date(2026, 3, 1),
    offset=7 * 24 * 60,
    quiet=(time(3, 0), time(8, 0)),
    channel=Channel.sms,
)
@example(  # fall back in London: 01:30 happens twice
    tz="Europe/London",
    start=date(2026, 10, 20),
    offset=5 * 24 * 60 + 23 * 60,
    quiet=(time(1, 45), time(7, 0)),
    channel=Channel.sms,
)
@example(  # Lord Howe moves its clocks by 30 minutes
    tz="Australia/Lord_Howe",
    start=date(2026, 4, 1),
    offset=3 * 24 * 60 + 13 * 60,
    quiet=(time(2, 0), time(2, 31)),
    channel=Channel.sms,
)
@example(  # Samoa skipped 30 December 2011 entirely
    tz="Pacific/Apia",
    start=date(2011, 12, 25),
    offset=4 * 24 * 60,
    quiet=(time(21, 0), time(8, 0)),
    channel=Channel.sms,
)
def test_awkward_programme_respects_quiet_hours_cap_window_and_expiry(
    libraries, tz, start, offset, quiet, channel
):
    patient = _patient(tz, start, quiet, "test", channel)
    local_midnight = datetime.combine(start, time(0, 0), zoneinfo.ZoneInfo(tz))
    now = (local_midnight + timedelta(minutes=offset)).astimezone(UTC)
    _check(libraries["test"], patient, now)


@PROPERTY
@given(
    tz=st.sampled_from(ZONES),
    start=starts,
    offset=st.integers(0, 30 * 24 * 60),
    quiet=quiet_hours,
    program=st.sampled_from(sorted(get_library().programs)),
)
def test_shipped_programmes_respect_the_same_rules(libraries, tz, start, offset, quiet, program):
    patient = _patient(tz, start, quiet, program, Channel.sms)
    now = datetime.combine(start, time(0, 0), UTC) + timedelta(minutes=offset)
    _check(libraries["shipped"], patient, now)


DST_NOWS = [
    datetime(2026, 3, 8, 6, 59, tzinfo=UTC),  # New York, a minute before 02:00 EST jumps
    datetime(2026, 3, 8, 7, 0, tzinfo=UTC),
    datetime(2026, 11, 1, 5, 30, tzinfo=UTC),  # New York, the first 01:30
    datetime(2026, 11, 1, 6, 30, tzinfo=UTC),  # the second 01:30
    datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # London and Berlin spring forward
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
    datetime(2026, 4, 5, 15, 0, tzinfo=UTC),  # Sydney and Lord Howe fall back
    datetime(2026, 10, 4, 15, 30, tzinfo=UTC),
]


@PROPERTY
@given(
    tz=st.sampled_from(ZONES),
    now=st.sampled_from(DST_NOWS),
    back=st.integers(0, 27),
    jitter=st.integers(-180, 180),
    quiet=quiet_hours,
)
def test_at_dst_transitions(libraries, tz, now, back, jitter, quiet):
    now += timedelta(minutes=jitter)
    start = now.date() - timedelta(days=back)
    _check(libraries["test"], _patient(tz, start, quiet, "test", Channel.sms), now)
