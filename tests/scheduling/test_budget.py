"""One budget for every text: one-off texts count towards the programme's caps."""

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, SQLModel, col, select

import coach.models  # noqa: F401
from coach.content.loader import get_library
from coach.db import make_engine
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import Channel
from coach.scheduling import oneoff, planner
from tests.helpers import patient
from tests.scheduling.test_planner import program_library

NEW_YORK = ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args).replace(tzinfo=UTC)  # type: ignore[arg-type]


@pytest.fixture
def session():
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as s:
        yield s
    engine.dispose()


def live(session: Session) -> list[OutboxMessage]:
    session.expire_all()
    rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.due_at))).all()
    return [r for r in rows if r.status not in (OutboxStatus.cancelled, OutboxStatus.expired)]


def per_day(session: Session) -> Counter[date]:
    return Counter(r.due_at.astimezone(NEW_YORK).date() for r in live(session))


def one_off(session, library, p, kind: str, now: datetime, slot: str | None = None) -> bool:
    ok = oneoff.enqueue_now(
        session=session,
        library=library,
        patient=p,
        slot_key=slot or f"{p.id}:{kind}:{now.isoformat()}",
        kind=kind,
        body=f"a {kind} text",
        now=now,
    )
    session.commit()
    return ok


FOUR_A_DAY = [
    ("checkin", "18:00"),
    ("exercise", "12:00"),
    ("screen_break", "15:00"),
    ("posture_tip", "10:00"),
]


def test_a_patient_at_the_daily_cap_gets_no_nudge(session, tmp_path):
    library = program_library(tmp_path, FOUR_A_DAY, daily_cap=4)
    p = patient(session, program="test", start=date(2026, 6, 8))
    now = utc(2026, 6, 10, 12, 30)  # 08:30 in New York
    planner.plan(session=session, library=library, now=now)
    assert per_day(session)[date(2026, 6, 10)] == 4
    assert not one_off(session, library, p, "nudge", now)
    assert [r for r in live(session) if r.kind == "nudge"] == []
    # The weekly progress text (one day a week) takes the day's last tip's place instead.
    assert one_off(session, library, p, "progress", now)
    today = [r for r in live(session) if r.due_at.astimezone(NEW_YORK).date() == now.date()]
    assert sorted(r.kind for r in today) == ["checkin", "exercise", "progress", "screen_break"]


def test_a_nudge_counts_texts_not_planned_yet_and_never_takes_their_place(session, tmp_path):
    library = program_library(tmp_path, FOUR_A_DAY[:3], daily_cap=3)
    p = patient(session, program="test", start=date(2026, 6, 8))
    # Nothing is planned yet: the day's three programme texts still fill it.
    now = utc(2026, 6, 10, 12, 30)
    assert not one_off(session, library, p, "nudge", now)
    planner.plan(session=session, library=library, now=now)
    today = [r for r in live(session) if r.due_at.astimezone(NEW_YORK).date() == now.date()]
    assert sorted(r.kind for r in today) == ["checkin", "exercise", "screen_break"]


def test_a_nudge_goes_when_the_day_has_room(session, tmp_path):
    library = program_library(tmp_path, FOUR_A_DAY[:3], daily_cap=4)
    p = patient(session, program="test", start=date(2026, 6, 8))
    now = utc(2026, 6, 10, 12, 30)
    assert one_off(session, library, p, "nudge", now)
    assert not one_off(session, library, p, "nudge", now + timedelta(minutes=5))  # day full
    planner.plan(session=session, library=library, now=now)
    assert per_day(session)[date(2026, 6, 10)] == 4  # the nudge and all three programme texts


def test_see_your_clinician_at_the_cap_replaces_a_tip_never_a_check_in(session, tmp_path):
    library = program_library(tmp_path, FOUR_A_DAY, daily_cap=4)
    p = patient(session, program="test", start=date(2026, 6, 8))
    now = utc(2026, 6, 10, 12, 30)  # 08:30: everything of the day still waits
    planner.plan(session=session, library=library, now=now)
    assert one_off(session, library, p, "see_clinician", now)
    today = [r for r in live(session) if r.due_at.astimezone(NEW_YORK).date() == now.date()]
    # The last item in priority order (the posture tip) made room.
    assert sorted(r.kind for r in today) == ["checkin", "exercise", "screen_break", "see_clinician"]
    # Planning again does not bring the displaced tip back.
    planner.plan(session=session, library=library, now=now + timedelta(minutes=10))
    assert per_day(session)[date(2026, 6, 10)] == 4
    # Two more essential texts: the exercise and the screen break go, the check-in stays.
    assert one_off(session, library, p, "closing", now)
    assert one_off(session, library, p, "see_clinician", now, slot="second")
    kinds = sorted(r.kind for r in live(session) if r.due_at.date() == now.date())
    assert kinds == ["checkin", "closing", "see_clinician", "see_clinician"]
    # Nothing left to displace but the check-in: it keeps its place.
    assert one_off(session, library, p, "closing", now, slot="third")
    assert "checkin" in [r.kind for r in live(session) if r.due_at.date() == now.date()]


def test_a_displaced_text_is_one_still_waiting(session, tmp_path):
    library = program_library(tmp_path, FOUR_A_DAY, daily_cap=4)
    p = patient(session, program="test", start=date(2026, 6, 8))
    planner.plan(session=session, library=library, now=utc(2026, 6, 10, 12, 30))
    for row in live(session):  # the 10:00 posture tip has gone out already
        if row.kind == "posture_tip" and row.due_at < utc(2026, 6, 10, 16, 0):
            row.status = OutboxStatus.delivered
            session.add(row)
    session.commit()
    assert one_off(session, library, p, "see_clinician", utc(2026, 6, 10, 16, 0))
    cancelled = session.exec(
        select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.cancelled)
    ).all()
    assert [r.kind for r in cancelled] == ["screen_break"]
    assert per_day(session)[date(2026, 6, 10)] == 4


def test_a_repeated_slot_queues_nothing_and_displaces_nothing(session, tmp_path):
    library = program_library(tmp_path, FOUR_A_DAY, daily_cap=4)
    p = patient(session, program="test", start=date(2026, 6, 8))
    now = utc(2026, 6, 10, 12, 30)
    planner.plan(session=session, library=library, now=now)
    assert one_off(session, library, p, "see_clinician", now, slot="same")
    assert not one_off(session, library, p, "see_clinician", now, slot="same")
    assert per_day(session)[date(2026, 6, 10)] == 4


def test_a_nudge_held_past_midnight_counts_on_the_day_it_goes(session, tmp_path):
    library = program_library(tmp_path, FOUR_A_DAY[:2], daily_cap=2)
    p = patient(session, program="test", start=date(2026, 6, 8))
    late = utc(2026, 6, 11, 3, 30)  # 23:30 on the 10th: quiet, so it would go at 08:00 on the 11th
    planner.plan(session=session, library=library, now=late)
    assert not one_off(session, library, p, "nudge", late)  # the 11th is full
    (tmp_path / "roomy").mkdir()
    roomy = program_library(tmp_path / "roomy", FOUR_A_DAY[:2], daily_cap=3)
    assert one_off(session, roomy, p, "nudge", late)
    (nudge,) = [r for r in live(session) if r.kind == "nudge"]
    assert nudge.due_at.astimezone(NEW_YORK).date() == date(2026, 6, 11)


@pytest.mark.parametrize(
    ("day", "now"),
    [
        (date(2026, 11, 1), utc(2026, 11, 1, 16, 0)),  # fall back: a 25-hour day
        (date(2026, 3, 8), utc(2026, 3, 8, 16, 0)),  # spring forward: a 23-hour day
    ],
)
def test_counts_hold_on_dst_days(session, tmp_path, day, now):
    items = [("checkin", "23:30"), ("posture_tip", "00:30"), ("exercise", "12:30")]
    library = program_library(tmp_path, items, daily_cap=3, quiet=("04:00", "05:00"))
    p = patient(session, program="test", start=day - timedelta(days=3), quiet=(time(4), time(5)))
    planner.plan(session=session, library=library, now=now - timedelta(hours=16))
    assert per_day(session)[day] == 3  # 00:30 and 23:30 are the same local day
    assert not one_off(session, library, p, "nudge", now)


def test_a_full_week_keeps_its_programme_texts(session, tmp_path):
    library = program_library(tmp_path, FOUR_A_DAY[:2], daily_cap=3, weekly_cap=14)
    p = patient(session, program="test", start=date(2026, 6, 8))  # a Monday
    now = utc(2026, 6, 8, 12, 30)
    # Each day has room, but the week's 14 programme texts (most not planned yet) fill it.
    assert not one_off(session, library, p, "nudge", now)
    for _ in range(7):
        planner.plan(session=session, library=library, now=now)
        now += timedelta(days=1)
    week = [r for r in live(session) if r.due_at.astimezone(NEW_YORK).date() < date(2026, 6, 15)]
    assert Counter(r.kind for r in week) == {"checkin": 7, "exercise": 7}


def test_an_answer_to_the_patient_is_never_counted_or_held_back(session, tmp_path):
    library = program_library(tmp_path, FOUR_A_DAY, daily_cap=4)
    p = patient(session, program="test", start=date(2026, 6, 8), channel=Channel.voice)
    now = utc(2026, 6, 10, 12, 30)
    planner.plan(session=session, library=library, now=now)
    assert not one_off(session, library, p, "see_clinician", now)  # no sms_consent
    assert oneoff.enqueue_now(
        session=session, library=library, patient=p, slot_key="pause", kind="confirm",
        body="Paused.", now=now, answers_patient=True,
    )  # fmt: skip
    assert [r.kind for r in live(session) if r.channel == "sms"] == ["confirm"]


def test_call_retries_and_fallback_texts_never_cost_a_later_days_call(session):
    library = get_library()
    p = patient(session, channel=Channel.voice, start=date(2026, 6, 8))  # a Monday
    for day in range(6):  # Monday to Saturday: every call rang out twice, then a text
        for kind, hour in (("checkin", 22), ("exercise", 16)):
            at = utc(2026, 6, 8 + day, hour, 0)
            key = f"{p.id}:{kind}:2026-06-{8 + day:02d}"
            for suffix, channel in (("", "voice"), (":retry", "voice"), (":sms", "sms")):
                session.add(
                    OutboxMessage(
                        patient_id=p.id or 0, slot_key=key + suffix, kind=kind, channel=channel,
                        template_id="exercise.chin_tuck" if kind == "exercise" else None,
                        to_phone=p.phone, body="b", status=OutboxStatus.delivered,
                        due_at=at, expires_at=at + timedelta(hours=1),
                    )
                )  # fmt: skip
    session.commit()
    planner.plan(session=session, library=library, now=utc(2026, 6, 13, 12, 0))
    sunday = [r for r in live(session) if r.due_at.astimezone(NEW_YORK).date() == date(2026, 6, 14)]
    assert sorted(r.kind for r in sunday) == ["checkin", "exercise"]
