"""Progress in words: the weekly text (this week against last) and the closing summary."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, SQLModel, select

import coach.models  # noqa: F401
from coach.content.loader import get_library
from coach.db import make_engine
from coach.messaging.models import OutboxMessage
from coach.patients.models import Channel, PainReport
from coach.replies.followup import sweep
from coach.replies.progress import closing, rounded, weekly
from coach.replies.triage import Day
from coach.settings import load_settings
from tests.helpers import patient

START = date(2026, 6, 1)
SETTINGS = load_settings(transport="console", clinic_name="Riverside Physio")


def days(*pairs):
    return [Day(on=START + timedelta(days=d), score=s) for d, s in pairs]


def week2(*pairs):
    return weekly(days(*pairs), week_start=START + timedelta(days=7), programme_start=START)


def test_a_better_week_an_about_the_same_week_and_a_harder_week():
    better = week2((0, 6), (3, 6), (8, 5), (10, 5))
    assert better.template_id == "progress.week.better"
    assert better.values == {"from_score": "6", "to_score": "5"}
    same = week2((0, 6), (3, 6), (8, 6), (10, 5))  # 5.5 against 6: less than a point
    assert same.template_id == "progress.week.same"
    harder = week2((0, 4), (8, 5), (10, 5))
    assert harder.template_id == "progress.week.harder"


def test_no_scores_this_week_and_none_the_week_before():
    assert week2((0, 6), (3, 6)).template_id == "progress.week.no_scores"
    first = week2((8, 4), (9, 5))
    assert first.template_id == "progress.week.first" and first.values == {"to_score": "5"}
    week1 = weekly(days((2, 6)), week_start=START, programme_start=START)
    assert week1.template_id == "progress.week.first"


def test_the_closing_summary_compares_the_first_and_last_weeks_rounded_half_up():
    summary = closing(
        days((0, 6), (1, 7), (26, 3), (27, 2)), start=START, last_day=START + timedelta(days=27)
    )
    assert summary.template_id == "progress.closing"
    assert summary.values == {"from_score": "7", "to_score": "3"}  # 6.5 -> 7, 2.5 -> 3
    assert rounded(2.5) == 3 and rounded(2.49) == 2


def test_the_closing_summary_needs_two_scored_days_in_each_week():
    last = START + timedelta(days=27)
    assert closing(days((0, 6), (26, 3), (27, 2)), start=START, last_day=last).template_id == (
        "progress.closing.no_scores"
    )
    assert closing([], start=START, last_day=last).template_id == "progress.closing.no_scores"


@pytest.fixture
def session():
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as s:
        yield s
    engine.dispose()


def progress_rows(session):
    return session.exec(select(OutboxMessage).where(OutboxMessage.kind == "progress")).all()


def at_local(day: date, hour: int) -> datetime:
    """A New York time (UTC-4 in June) as UTC."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) + timedelta(hours=4)


def sweep_days(session, offsets):
    for d in offsets:
        for hour in (1, 9, 19):
            now = at_local(START + timedelta(days=d), hour)
            sweep(session=session, library=get_library(), settings=SETTINGS, now=now)


def test_the_sweep_sends_one_progress_text_a_week_outside_quiet_hours(session):
    p = patient(session, start=START)
    for d, score in ((0, 6), (2, 6), (5, 6), (8, 4), (10, 4), (13, 4)):
        session.add(
            PainReport(
                patient_id=p.id or 0,
                score=score,
                reported_at=at_local(START + timedelta(days=d), 18),
            )
        )
    session.commit()
    sweep_days(session, range(0, 7))  # days 1-7: a week is not over yet
    assert progress_rows(session) == []
    sweep_days(session, [7])  # day 8
    (week1,) = progress_rows(session)
    assert week1.template_id == "progress.week.first"
    assert week1.due_at == at_local(START + timedelta(days=7), 8)  # day 8, after quiet hours
    sweep_days(session, range(8, 15))  # days 9-15
    rows = progress_rows(session)
    assert [r.template_id for r in rows] == ["progress.week.first", "progress.week.better"]
    assert "down from 6" in rows[1].body


def test_voice_patients_get_progress_texts_only_with_sms_consent(session):
    voice_only = patient(session, phone="+12125550111", channel=Channel.voice, start=START)
    consenting = patient(session, phone="+12125550112", channel=Channel.voice, start=START)
    consenting.sms_consent = True
    session.add(consenting)
    session.commit()
    sweep(
        session=session,
        library=get_library(),
        settings=SETTINGS,
        now=at_local(START + timedelta(days=7), 10),
    )
    assert [r.patient_id for r in progress_rows(session)] == [consenting.id]
    assert voice_only.id != consenting.id
