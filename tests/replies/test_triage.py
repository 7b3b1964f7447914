"""Persistent-symptom rules and feedback by trend (CLINICAL.md defaults)."""

from datetime import UTC, date, datetime, timedelta

from coach.content.models import PersistentRules
from coach.replies.triage import Finding, Report, evaluate, feedback_id

RULES = PersistentRules()
START = date(2026, 1, 1)


def reports(*scores_by_day):
    return [
        Report(at=datetime(2026, 1, 1, 18, tzinfo=UTC) + timedelta(days=day), score=score)
        for day, score in scores_by_day
    ]


def findings(history, today_offset):
    return evaluate(history, rules=RULES, start=START, today=START + timedelta(days=today_offset))


def test_three_high_scores_in_a_row():
    assert Finding.high_pain_run in findings(reports((0, 7), (1, 8), (2, 7)), 2)
    assert Finding.high_pain_run not in findings(reports((0, 7), (1, 6), (2, 7)), 2)
    assert Finding.high_pain_run not in findings(reports((0, 8), (1, 8)), 1)


def test_no_improvement_after_two_weeks():
    flat = reports((0, 6), (3, 6), (6, 6), (10, 6), (14, 5))
    assert Finding.no_improvement in findings(flat, 14)
    better = reports((0, 6), (3, 6), (6, 6), (10, 4), (14, 3))
    assert Finding.no_improvement not in findings(better, 14)
    assert Finding.no_improvement not in findings(flat[:-1], 10)


def test_still_high_after_six_weeks():
    assert Finding.still_high in findings(reports((0, 6), (42, 4)), 42)
    assert Finding.still_high not in findings(reports((0, 6), (42, 3)), 42)
    assert Finding.still_high not in findings(reports((0, 6), (40, 5)), 40)


def test_worsening_against_the_past_week():
    assert findings(reports((0, 3), (2, 3), (4, 3), (5, 6)), 5) == [Finding.worsening]
    assert Finding.worsening not in findings(reports((0, 3), (2, 3), (4, 3), (5, 5)), 5)
    # Scores older than the 7-day window do not count.
    assert Finding.worsening not in findings(reports((0, 1), (10, 5)), 10)


def test_feedback_by_trend():
    assert feedback_id(5, None, RULES) == "feedback.first"
    assert feedback_id(3, 5, RULES) == "feedback.better"
    assert feedback_id(5, 5, RULES) == "feedback.same"
    assert feedback_id(6, 5, RULES) == "feedback.worse"
    assert feedback_id(8, 2, RULES) == "feedback.high_pain"
