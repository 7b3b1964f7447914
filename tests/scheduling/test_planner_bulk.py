"""Planning many patients at once: the same rows as one at a time, and watermarks spread.

A planning run shares what patients have in common (a programme day's items, a zone's
local times, expiry times, template candidates) across every patient it plans; these
tests check that sharing never changes a row, whatever mix of patients shares a run, and
that patients planned together come due again spread over the day, not all at once.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import pytest

from coach.content.loader import get_library
from coach.messaging.outbox import copy_text
from coach.scheduling import planner
from coach.scheduling.planner import History, _Who

ZONES = [
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    "America/Santiago",
]
# Around DST changes in the northern and southern hemispheres, and an ordinary day.
NOWS = [
    datetime(2026, 3, 7, 23, 37, tzinfo=UTC),
    datetime(2026, 10, 24, 5, 15, tzinfo=UTC),
    datetime(2026, 4, 4, 14, 0, tzinfo=UTC),
    datetime(2026, 6, 10, 16, 0, tzinfo=UTC),
]


def _patients(count: int, now: datetime, seed: int) -> list[_Who]:
    rnd = random.Random(seed)
    return [
        _Who(
            id=n + 1,
            tz=rnd.choice(ZONES),
            channel=rnd.choice(["sms", "sms", "voice"]),
            language=rnd.choice(["en", "es"]),
            phone=f"+1212555{n:04d}",
            quiet_start=rnd.choice([time(21), time(22, 30), time(0), time(7)]),
            quiet_end=rnd.choice([time(8), time(6), time(9, 15)]),
            start=now.date() - timedelta(days=rnd.randint(-2, 40)),
            program_id=rnd.choice(["neck-4wk", "acute-spasm-2wk", "desk-worker-4wk"]),
            frequency=rnd.choice(["normal", "fewer"]),
            checkin_time=rnd.choice([None, None, time(2, 30), time(19, 45)]),
            extra_days=rnd.choice([0, 0, 5]),
        )
        for n in range(count)
    ]


def _history(rows: list[dict[str, object]], tz: str, last_pain: int | None) -> History:
    """What a patient planned earlier has in the outbox, as `_histories` reads it."""
    from coach.scheduling.localtime import local_now

    recent: dict[str, list[tuple[datetime, str]]] = {}
    days: list[tuple[date, str]] = []
    for row in rows:
        due = row["due_at"]
        assert isinstance(due, datetime)
        recent.setdefault(str(row["kind"]), []).append((due, str(row["template_id"])))
        days.append((local_now(due, tz).date(), str(row["kind"])))
    return History(recent=recent, days=days, last_pain=last_pain)


@pytest.mark.parametrize("now", NOWS, ids=[n.date().isoformat() for n in NOWS])
def test_a_run_plans_each_patient_as_if_alone(now):
    library = get_library()
    patients = _patients(300, now, seed=now.day)
    # Half the patients were planned a day earlier: their history shapes rotation and caps.
    histories = {}
    for who in patients:
        if who.id % 2:
            before = planner.plan_patient(
                library=library, patient=who, history=History({}, [], None), now=now - _DAY
            )
            histories[who.id] = _history(before, who.tz, last_pain=8 if who.id % 3 else None)
        else:
            histories[who.id] = History({}, [], None)
    shared = planner.Shared(library, now)
    together = {who.id: planner._plan_rows(shared, who, histories[who.id]) for who in patients}
    alone = {
        who.id: [
            tuple(row.values())
            for row in planner.plan_patient(
                library=library, patient=who, history=histories[who.id], now=now
            )
        ]
        for who in patients
    }
    assert together == alone
    assert sum(map(len, together.values())) > 500  # the run really planned texts


def test_day_items_are_the_planners_days():
    """`day_items` (what the nudge budget counts) is the planner's own day, slot for slot."""
    library = get_library()
    now = NOWS[0]
    for who in _patients(100, now, seed=3):
        program = library.program(who.program_id)
        shared = planner.Shared(library, now)
        rows = planner._plan_rows(shared, who, History({}, [], None))
        today = shared.today(who.tz)
        planned = {row[1] for row in rows}  # slot keys
        from_days = {
            f"{who.id}:{item.id}:{day.isoformat()}"
            for day in (today, today + _DAY, today + 2 * _DAY)
            for item, due in planner.day_items(program, who, day)
            if now <= due < now + planner.HORIZON
        }
        assert planned <= from_days


_DAY = timedelta(days=1)


def test_watermarks_fall_between_one_and_two_days_on_each_patients_minute():
    now = datetime(2026, 6, 10, 16, 7, 31, tzinfo=UTC)
    for pid in range(1, 3000):
        mark = planner.planned_until(pid, now)
        assert now + planner.REPLAN_WITHIN < mark <= now + planner.HORIZON
        assert mark.hour * 60 + mark.minute == planner.own_minute(pid)
        # Re-planned by the first cycle that finds it due, it moves on by about a day.
        due_at = mark - planner.REPLAN_WITHIN
        again = planner.planned_until(pid, due_at)
        assert again - mark == timedelta(days=1)


def test_patients_planned_together_come_due_spread_over_the_day():
    """After a first planning of everyone at once, each 15-minute cycle finds about 1/96
    of them due, and over a day every patient exactly once."""
    now = datetime(2026, 6, 10, 16, 0, tzinfo=UTC)
    ids = range(1, 14_401)  # ten patients for each minute of the day
    marks = {pid: planner.planned_until(pid, now) for pid in ids}
    per_cycle: Counter[int] = Counter()
    for mark in marks.values():
        # The first cycle at which `planned_until <= cycle + REPLAN_WITHIN`.
        wait = mark - planner.REPLAN_WITHIN - now
        per_cycle[-(-wait // timedelta(minutes=15))] += 1
    assert sum(per_cycle.values()) == len(ids)
    assert set(per_cycle) <= set(range(1, 97))  # all within the next day, none at once
    assert max(per_cycle.values()) <= len(ids) // 96 + 10


def test_a_small_clinic_is_spread_over_the_day_too():
    minutes = [planner.own_minute(pid) for pid in range(1, 201)]
    for start in range(0, 1440):
        window = sum(1 for m in minutes if 0 <= (m - start) % 1440 < 15)
        assert 1 <= window <= 4  # 200 / 96 = 2.1


def test_copy_text_escapes_and_refuses_naive_times():
    when = datetime(2026, 6, 10, 16, 0, tzinfo=UTC)
    text = copy_text([(1, "a\tb\\c\nd", None, when, True), (2, "é", "x", when, False)])
    assert text == (
        "1\ta\\tb\\\\c\\nd\t\\N\t2026-06-10T16:00:00+00:00\tt\n"
        "2\té\tx\t2026-06-10T16:00:00+00:00\tf\n"
    )
    with pytest.raises(ValueError, match="naive"):
        copy_text([(1, datetime(2026, 6, 10, 16, 0))])
