"""Persistent-symptom rules and feedback by trend (CLINICAL.md defaults).

Each threshold has a test that fires on the boundary and not one step below it. The rules
read check-in days (each day's latest score), only inside the active programme.
"""

from datetime import UTC, date, datetime, timedelta

from coach.content.models import PersistentRules
from coach.replies.triage import Finding, Report, daily, evaluate, feedback_id

RULES = PersistentRules()  # every rule enabled, CLINICAL.md thresholds
START = date(2026, 1, 1)


def at(day: int, hour: int = 18, minute: int = 0) -> datetime:
    return datetime(2026, 1, 1, hour, minute, tzinfo=UTC) + timedelta(days=day)


def reports(*scores_by_day):
    return [Report(at=at(day), score=score) for day, score in scores_by_day]


def findings(history, today_offset, rules=RULES, last_day=None):
    return evaluate(
        history,
        rules=rules,
        start=START,
        today=START + timedelta(days=today_offset),
        last_day=last_day,
    )


# --- pain >= 7 on 3 consecutive days ------------------------------------------------


def test_high_pain_run_fires_at_7_on_3_days_not_at_6_or_on_2_days():
    assert Finding.high_pain_run in findings(reports((0, 7), (1, 7), (2, 7)), 2)
    assert Finding.high_pain_run not in findings(reports((0, 7), (1, 7), (2, 6)), 2)
    assert Finding.high_pain_run not in findings(reports((1, 7), (2, 7)), 2)


def test_three_messages_in_ten_minutes_are_one_day():
    same_day = [Report(at(2, 18, m), s) for m, s in ((0, 7), (4, 8), (9, 7))]
    assert findings(same_day, 2) == []
    assert daily(same_day, tz="UTC", start=START) == daily(
        [Report(at(2, 18, 9), 7)], tz="UTC", start=START
    )


def test_the_days_latest_score_counts():
    # Day 2: 8 in the morning, 5 in the evening: the day is a 5 and breaks the run.
    history = [*reports((0, 8), (1, 8)), Report(at(2, 9), 8), Report(at(2, 19), 5)]
    assert Finding.high_pain_run not in findings(history, 2)
    history = [*reports((0, 8), (1, 8)), Report(at(2, 9), 5), Report(at(2, 19), 8)]
    assert Finding.high_pain_run in findings(history, 2)


def test_a_day_without_a_score_breaks_the_run():
    assert Finding.high_pain_run not in findings(reports((0, 8), (1, 8), (3, 8)), 3)


def test_days_are_the_patients_local_days():
    # 23:30 and 00:30 UTC on consecutive UTC dates are the same evening in New York.
    late = [Report(datetime(2026, 1, 2, 23, 30, tzinfo=UTC), 8)]
    early = [Report(datetime(2026, 1, 3, 0, 30, tzinfo=UTC), 8)]
    assert len(daily(late + early, tz="UTC", start=START)) == 2
    assert len(daily(late + early, tz="America/New_York", start=START)) == 1


# --- no 2-point improvement from the week-1 average after 14 days ---------------------


def test_no_improvement_fires_from_day_14_not_on_day_13():
    flat = reports((0, 6), (3, 6), (6, 6), (10, 6), (13, 6))
    assert Finding.no_improvement in findings(flat, 14)
    assert Finding.no_improvement not in findings(flat, 13)


def test_no_improvement_fires_at_1_point_better_not_at_2():
    # Week 1 averages 6; the last 7 days average 5 (1 point better): not enough.
    one_better = reports((0, 6), (3, 6), (6, 6), (10, 5), (14, 5))
    assert Finding.no_improvement in findings(one_better, 14)
    two_better = reports((0, 6), (3, 6), (6, 6), (10, 4), (14, 4))
    assert Finding.no_improvement not in findings(two_better, 14)


# --- still >= 4 after 6 weeks -------------------------------------------------------


def test_still_high_fires_at_4_after_42_days_not_at_3_or_on_day_41():
    assert Finding.still_high in findings(reports((0, 6), (42, 4)), 42)
    assert Finding.still_high not in findings(reports((0, 6), (42, 3)), 42)
    assert Finding.still_high not in findings(reports((0, 6), (41, 4)), 41)


def test_still_high_needs_a_score_taken_after_6_weeks():
    # The last score is from week 1: six weeks later it says nothing about now.
    assert Finding.still_high not in findings(reports((0, 6), (3, 6)), 45)


# --- a rise of >= 3 against the previous 7-day average of >= 3 scores -------------------


def test_worsening_fires_at_a_rise_of_3_not_2():
    assert findings(reports((0, 3), (2, 3), (4, 3), (5, 6)), 5) == [Finding.worsening]
    assert Finding.worsening not in findings(reports((0, 3), (2, 3), (4, 3), (5, 5)), 5)


def test_worsening_needs_3_earlier_days_not_2():
    assert Finding.worsening in findings(reports((2, 3), (3, 3), (4, 3), (5, 6)), 5)
    assert Finding.worsening not in findings(reports((3, 3), (4, 3), (5, 6)), 5)
    # Three scores on one day are one day of baseline.
    one_day = [Report(at(4, 9, m), 3) for m in (0, 5, 9)]
    assert Finding.worsening not in findings([*one_day, *reports((5, 6))], 5)


def test_worsening_ignores_scores_older_than_the_window():
    assert Finding.worsening not in findings(reports((0, 1), (1, 1), (2, 1), (10, 5)), 10)


# --- the active programme only --------------------------------------------------------


def test_scores_before_the_programme_started_do_not_count():
    before = [Report(at(-2), 8), Report(at(-1), 8)]
    assert Finding.high_pain_run not in findings([*before, *reports((0, 8))], 0)


def test_nothing_fires_after_the_last_day():
    history = reports((10, 8), (11, 8), (12, 8))
    assert Finding.high_pain_run in findings(history, 12, last_day=START + timedelta(days=13))
    assert findings(history, 14, last_day=START + timedelta(days=13)) == []


def test_a_rule_left_out_of_enabled_never_fires():
    rules = PersistentRules(enabled=["no_improvement", "still_high", "worsening"])
    assert findings(reports((0, 9), (1, 9), (2, 9)), 2, rules=rules) == []


def test_feedback_by_trend():
    assert feedback_id(5, None, RULES) == "feedback.first"
    assert feedback_id(3, 5, RULES) == "feedback.better"
    assert feedback_id(5, 5, RULES) == "feedback.same"
    assert feedback_id(6, 5, RULES) == "feedback.worse"
    assert feedback_id(8, 2, RULES) == "feedback.high_pain"
