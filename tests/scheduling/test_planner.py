"""The planner: local times in the patient's zone, quiet hours, caps, idempotence, expiry."""

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel, col, select

import coach.models  # noqa: F401
from coach.content.loader import get_library, load_library
from coach.db import make_engine
from coach.messaging import outbox
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients import lifecycle
from coach.patients.models import Channel, PainReport
from coach.scheduling import planner
from coach.scheduling.localtime import in_quiet_hours
from tests.helpers import patient

ROOT = Path(__file__).resolve().parents[2]


def utc(*args: int) -> datetime:
    return datetime(*args).replace(tzinfo=UTC)  # type: ignore[arg-type]


def program_library(tmp_path, items, daily_cap=4, weekly_cap=28, quiet=("21:00", "08:00")):
    """The shipped content with one test programme (id `test`) made of `items`."""
    schedules = tmp_path / "schedules"
    schedules.mkdir()
    lines = [
        'id = "test"',
        'name = "Test"',
        "weeks = 4",
        'description = "for tests"',
        f"daily_cap = {daily_cap}",
        f"weekly_cap = {weekly_cap}",
        "[quiet_hours]",
        f'start = "{quiet[0]}"',
        f'end = "{quiet[1]}"',
    ]
    for i, (kind, at) in enumerate(items):
        lines += [
            "[[items]]",
            f'id = "i{i}"',
            f'kind = "{kind}"',
            f'at = "{at}"',
            "no_repeat_days = 2",
        ]
    (schedules / "test.toml").write_text("\n".join(lines) + "\n")
    return load_library(ROOT / "content", schedules)


@pytest.fixture
def session():
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as s:
        yield s
    engine.dispose()


def rows(session):
    session.expire_all()
    return session.exec(select(OutboxMessage).order_by(col(OutboxMessage.due_at))).all()


def test_default_programme_is_idempotent_and_never_in_quiet_hours(session):
    library = get_library()
    p = patient(session, start=date(2026, 6, 10))
    now = utc(2026, 6, 10, 12, 0)  # 08:00 in New York
    added = planner.plan(session=session, library=library, now=now)
    assert added > 0
    assert planner.plan(session=session, library=library, now=now) == 0
    assert planner.plan(session=session, library=library, now=now + timedelta(hours=1)) == 0
    planned = rows(session)
    assert len(planned) == added
    for row in planned:
        local = row.due_at.astimezone(__import__("zoneinfo").ZoneInfo(p.timezone)).time()
        assert not in_quiet_hours(local, p.quiet_start, p.quiet_end)
        assert now <= row.due_at < now + timedelta(hours=48)
        assert row.expires_at > row.due_at
        assert row.body and row.template_id
    # Caps hold on every local day.
    per_day: dict[date, int] = {}
    for row in planned:
        day = row.due_at.astimezone(__import__("zoneinfo").ZoneInfo(p.timezone)).date()
        per_day[day] = per_day.get(day, 0) + 1
    assert max(per_day.values()) <= library.program("neck-4wk").daily_cap


def test_new_york_spring_forward_moves_a_missing_time_forward(session, tmp_path):
    library = program_library(
        tmp_path, [("posture_tip", "02:30"), ("checkin", "09:00")], quiet=("04:00", "05:00")
    )
    patient(session, program="test", start=date(2026, 3, 1), quiet=(time(4, 0), time(5, 0)))
    planner.plan(session=session, library=library, now=utc(2026, 3, 7, 17, 0))
    due = [r.due_at for r in rows(session)]
    assert utc(2026, 3, 8, 7, 30) in due  # 03:30 EDT: the clock jumped past 02:30
    assert utc(2026, 3, 8, 13, 0) in due  # 09:00 EDT
    assert utc(2026, 3, 7, 14, 0) not in due  # 09:00 EST on the 7th was already past


def test_new_york_fall_back_sends_an_ambiguous_time_once(session, tmp_path):
    library = program_library(
        tmp_path, [("posture_tip", "01:30"), ("checkin", "09:00")], quiet=("04:00", "05:00")
    )
    patient(session, program="test", start=date(2026, 10, 25), quiet=(time(4, 0), time(5, 0)))
    planner.plan(session=session, library=library, now=utc(2026, 10, 31, 16, 0))
    due = [r.due_at for r in rows(session) if r.kind == "posture_tip"]
    assert utc(2026, 11, 1, 5, 30) in due  # the first 01:30 (EDT)
    assert utc(2026, 11, 1, 6, 30) not in due  # not the second one (EST)
    checkins = [r.due_at for r in rows(session) if r.kind == "checkin"]
    assert utc(2026, 11, 1, 14, 0) in checkins  # 09:00 EST after the change


@pytest.mark.parametrize(
    ("tz", "now", "expected"),
    [
        ("Pacific/Auckland", utc(2026, 1, 14, 12, 0), utc(2026, 1, 14, 20, 0)),
        ("Asia/Kolkata", utc(2026, 1, 14, 0, 0), utc(2026, 1, 14, 3, 30)),
    ],
)
def test_other_zones(session, tmp_path, tz, now, expected):
    library = program_library(tmp_path, [("checkin", "09:00")])
    patient(session, program="test", tz=tz, start=date(2026, 1, 10))
    planner.plan(session=session, library=library, now=now)
    assert rows(session)[0].due_at == expected


def test_quiet_hours_across_midnight_are_respected(session, tmp_path):
    library = program_library(
        tmp_path,
        [("posture_tip", "22:30"), ("screen_break", "07:00"), ("checkin", "12:00")],
        quiet=("23:00", "06:00"),
    )
    patient(session, program="test", start=date(2026, 6, 1))
    planner.plan(session=session, library=library, now=utc(2026, 6, 10, 4, 0))
    assert {r.kind for r in rows(session)} == {"checkin"}


def test_expiry_never_runs_into_quiet_hours(session, tmp_path):
    library = program_library(tmp_path, [("checkin", "20:30")])
    patient(session, program="test", start=date(2026, 6, 1))
    planner.plan(session=session, library=library, now=utc(2026, 6, 10, 12, 0))
    first = rows(session)[0]
    assert first.due_at == utc(2026, 6, 11, 0, 30)  # 20:30 EDT
    assert first.expires_at == utc(2026, 6, 11, 1, 0)  # 21:00 EDT, quiet hours begin


def test_daily_and_weekly_caps(session, tmp_path):
    items = [("posture_tip", f"{h:02d}:00") for h in (9, 10, 11, 12, 13, 14)]
    library = program_library(tmp_path, items, daily_cap=3, weekly_cap=10)
    patient(session, program="test", start=date(2026, 6, 8))  # a Monday
    now = utc(2026, 6, 8, 12, 0)
    for _ in range(7):  # a plan run every day of the first week
        planner.plan(session=session, library=library, now=now)
        now += timedelta(days=1)
    zone = __import__("zoneinfo").ZoneInfo("America/New_York")
    week_one = [r for r in rows(session) if r.due_at.astimezone(zone).date() < date(2026, 6, 15)]
    per_day: dict[date, int] = {}
    for r in week_one:
        d = r.due_at.astimezone(zone).date()
        per_day[d] = per_day.get(d, 0) + 1
    assert max(per_day.values()) == 3
    assert len(week_one) == 10


def test_rotation_does_not_repeat_within_the_window(session, tmp_path):
    library = program_library(tmp_path, [("posture_tip", "10:00")])
    patient(session, program="test", start=date(2026, 6, 1))
    now = utc(2026, 6, 1, 12, 0)
    for _ in range(6):
        planner.plan(session=session, library=library, now=now)
        now += timedelta(days=1)
    ids = [r.template_id for r in rows(session)]
    assert len(ids) >= 6
    for a, b, c in zip(ids, ids[1:], ids[2:], strict=False):
        assert len({a, b, c}) == 3  # no_repeat_days = 2


def test_gentler_content_after_a_high_pain_score(session, tmp_path):
    library = program_library(tmp_path, [("exercise", "12:00")])
    p = patient(session, program="test", start=date(2026, 6, 1))
    session.add(PainReport(patient_id=p.id or 0, score=9, reported_at=utc(2026, 6, 9, 22, 0)))
    session.commit()
    planner.plan(session=session, library=library, now=utc(2026, 6, 10, 12, 0))
    for row in rows(session):
        assert "gentle" in library.template(row.template_id, "en").tags


def test_pause_and_opt_out_cancel_and_resume_replans(session):
    library = get_library()
    p = patient(session, start=date(2026, 6, 10))
    now = utc(2026, 6, 10, 12, 0)
    first = planner.plan(session=session, library=library, now=now)
    lifecycle.pause(session=session, patient=p, now=now, until=None)
    session.commit()
    assert {r.status for r in rows(session)} == {OutboxStatus.cancelled}
    assert planner.plan(session=session, library=library, now=now) == 0  # paused: nothing
    assert lifecycle.resume(session=session, patient=p, now=now)
    assert planner.plan(session=session, library=library, now=now) == first
    lifecycle.opt_out(session=session, patient=p, now=now)
    session.commit()
    assert not [r for r in rows(session) if r.status == OutboxStatus.scheduled]


def test_finished_pauses_reactivate(session):
    p = patient(session)
    now = utc(2026, 6, 10, 12, 0)
    lifecycle.pause(session=session, patient=p, now=now, until=now + timedelta(days=2))
    session.commit()
    assert lifecycle.end_finished_pauses(session=session, now=now + timedelta(days=1)) == []
    assert lifecycle.end_finished_pauses(session=session, now=now + timedelta(days=2)) == [p.id]


def test_voice_patients_get_check_in_and_exercise_calls_only(session):
    library = get_library()
    patient(session, channel=Channel.voice)
    planner.plan(session=session, library=library, now=utc(2026, 6, 10, 12, 0))
    planned = rows(session)
    assert {(r.kind, r.channel) for r in planned} == {("checkin", "voice"), ("exercise", "voice")}
    for row in planned:
        if row.kind == "exercise":  # the guided call reads this exercise's steps
            assert row.template_id is not None
            assert library.exercise(row.template_id, "en").steps


def test_expired_after_downtime_is_not_sent(session, tmp_path):
    library = program_library(tmp_path, [("checkin", "10:00")])
    patient(session, program="test", start=date(2026, 6, 1))
    planner.plan(session=session, library=library, now=utc(2026, 6, 10, 12, 0))
    # The worker was down from 10:00 until 16:00 local: the 10:00 message is stale.
    later = utc(2026, 6, 10, 20, 0)
    assert outbox.expire_overdue(session=session, now=later) == 1
    assert outbox.claim_due(session=session, now=later, limit=10) == []


def test_bulk_planned_times_are_stored_like_any_other(session):
    """The planner's fast insert binds times exactly as the ORM does (equality finds them)."""
    patient(session)
    planner.plan(session=session, library=get_library(), now=utc(2026, 6, 10, 12, 0))
    assert rows(session)
    for row in rows(session)[:3]:
        found = session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.due_at == row.due_at)
            .where(OutboxMessage.expires_at == row.expires_at)
            .where(OutboxMessage.id == row.id)
        ).all()
        assert len(found) == 1


def test_a_planning_cycle_reads_only_patients_whose_plan_runs_short(db, now):
    """The watermark: planned once, a patient is left alone until less than a day of their
    plan is left; a change (pause and resume) marks them for the next cycle."""
    from datetime import timedelta

    from coach.content.loader import get_library
    from coach.patients import lifecycle
    from coach.patients.models import Patient
    from coach.scheduling import planner
    from tests.helpers import patient as make_patient

    library = get_library()
    first = make_patient(db, phone="+12125550101")
    second = make_patient(db, phone="+12125550102")
    assert first.id is not None and second.id is not None
    assert planner.plan(session=db, library=library, now=now) > 0
    db.refresh(first)
    assert first.planned_until == planner.planned_until(first.id, now)
    # 15 minutes later: nobody is due, so the cycle reads no patient and adds nothing.
    assert planner.plan(session=db, library=library, now=now + timedelta(minutes=15)) == 0
    # A pause and resume marks the patient for the next cycle.
    lifecycle.pause(session=db, patient=second, now=now, until=None)
    lifecycle.resume(session=db, patient=second, now=now)
    db.commit()
    db.refresh(second)
    assert second.planned_until is None
    planner.plan(session=db, library=library, now=now + timedelta(minutes=30))
    db.refresh(first)
    db.refresh(second)
    assert first.planned_until == planner.planned_until(first.id, now)  # untouched
    assert second.planned_until == planner.planned_until(second.id, now + timedelta(minutes=30))
    # A day later everyone's plan runs short: the cycle extends it.
    later = now + timedelta(hours=24)
    assert planner.plan(session=db, library=library, now=later) > 0
    db.refresh(first)
    assert first.planned_until == planner.planned_until(first.id, later)
    assert isinstance(db.get(Patient, first.id), Patient)
