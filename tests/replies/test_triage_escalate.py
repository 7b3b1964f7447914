"""Persistence rules against the database: one alert per rule per `repeat_after_days`, a
different later finding is not hidden, and stale scores stay quiet."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, SQLModel, col, select

import coach.models  # noqa: F401
from coach.alerts.models import Alert
from coach.content.loader import get_library
from coach.db import make_engine
from coach.patients.models import PainReport
from coach.replies import symptoms
from coach.settings import load_settings
from tests.helpers import patient

SETTINGS = load_settings(transport="console", clinic_name="Riverside Physio")
START = date(2026, 6, 1)


def local_evening(day: int) -> datetime:
    """18:30 in New York on programme day `day + 1`."""
    return datetime(2026, 6, 1, 22, 30, tzinfo=UTC) + timedelta(days=day)


@pytest.fixture
def session():
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as s:
        yield s
    engine.dispose()


def report(session, p, day, score, minute=0):
    at = local_evening(day) + timedelta(minutes=minute)
    session.add(PainReport(patient_id=p.id, score=score, reported_at=at))
    session.commit()
    return sweep(session, p, at)


def sweep(session, p, now):
    """The sweep's check between replies: every rule on the stored history, at `now`."""
    return symptoms.escalate(
        session=session,
        library=get_library(),
        settings=SETTINGS,
        patient=p,
        reports=symptoms.history(session, p.id or 0),
        now=now,
    )


def categories(session):
    return [a.category for a in session.exec(select(Alert).order_by(col(Alert.id))).all()]


def test_each_rule_has_its_own_rate_limit(session):
    p = patient(session, start=START)
    assert [report(session, p, d, s) for d, s in ((0, 2), (1, 2), (2, 2))] == [False] * 3
    assert report(session, p, 3, 8) is True  # worsening: 8 against 2, 2, 2
    assert categories(session) == ["worsening"]
    assert report(session, p, 4, 8) is False
    # Day 6: a third high day in a row. Worsening's 7-day limit does not hide it.
    assert report(session, p, 5, 8) is True
    assert categories(session) == ["worsening", "high_pain_run"]
    kinds = [a.kind for a in session.exec(select(Alert).order_by(col(Alert.id))).all()]
    assert kinds == ["worsening", "persistent"]
    # Still high every day: no second alert for the same rule within 7 days ...
    for day in range(6, 13):
        assert report(session, p, day, 8) is False
    # ... and one once 7 days have passed.
    assert report(session, p, 13, 8) is True
    assert categories(session) == ["worsening", "high_pain_run", "high_pain_run"]


def test_three_texts_in_ten_minutes_are_not_three_days(session):
    p = patient(session, start=START)
    for minute, score in ((0, 7), (4, 8), (9, 7)):
        assert report(session, p, 2, score, minute) is False
    assert categories(session) == []


def test_stale_scores_do_not_alert_again(session):
    p = patient(session, start=START)
    for day in range(3):
        report(session, p, day, 8)
    assert categories(session) == ["high_pain_run"]
    # Ten days later, with no new score: the sweep finds the same old run and stays quiet.
    later = local_evening(12)
    assert not sweep(session, p, later)


def test_no_rule_fires_after_the_programme_ends(session):
    p = patient(session, program="acute-spasm-2wk", start=START)
    for day in range(11, 14):  # days 12-14 of 14, each high; evaluated the day after
        session.add(PainReport(patient_id=p.id or 0, score=9, reported_at=local_evening(day)))
    session.commit()
    assert not sweep(session, p, local_evening(14))
    assert sweep(session, p, local_evening(13))


def test_a_score_inside_the_last_alerts_window_does_not_alert_again_later(session):
    """High on days 1-4: the alert on day 3 covers day 4's score; the sweep on day 14, with
    nothing new since, must not raise a second alert from that old run."""
    p = patient(session, start=START)
    for day in range(4):
        report(session, p, day, 8)
    assert categories(session) == ["high_pain_run"]
    assert not sweep(session, p, local_evening(13))
    assert categories(session) == ["high_pain_run"]
