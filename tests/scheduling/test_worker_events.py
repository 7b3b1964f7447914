"""The worker's job listener: a skipped run is one warning, a failed run one error, an
outage one line."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MAX_INSTANCES,
    JobExecutionEvent,
    JobSubmissionEvent,
)
from sqlalchemy.exc import OperationalError

from coach.worker import _on_job_event, outage

WHEN = datetime(2026, 6, 1, tzinfo=UTC)


def test_a_max_instances_event_logs_the_skip_not_a_traceback(caplog) -> None:
    caplog.set_level(logging.WARNING, logger="coach.worker")
    _on_job_event(JobSubmissionEvent(EVENT_JOB_MAX_INSTANCES, "dispatch", None, [WHEN]))
    assert [r.getMessage() for r in caplog.records] == [
        "job dispatch skipped: previous run still going"
    ]


def test_a_failed_job_logs_the_exception_type(caplog) -> None:
    caplog.set_level(logging.WARNING, logger="coach.worker")
    event = JobExecutionEvent(EVENT_JOB_ERROR, "sweep", None, WHEN, exception=KeyError("x"))
    _on_job_event(event)
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("ERROR", "job sweep failed: KeyError")
    ]


def _outage_error() -> OperationalError:
    return OperationalError("SELECT 1", {}, Exception("connection refused\nmore detail"))


def test_a_database_outage_is_one_line_then_one_when_it_is_back(caplog) -> None:
    caplog.set_level(logging.INFO, logger="coach.worker")
    for _ in range(6):  # a minute of dispatch runs against a database that is away
        _on_job_event(
            JobExecutionEvent(EVENT_JOB_ERROR, "dispatch", None, WHEN, exception=_outage_error())
        )
    _on_job_event(JobExecutionEvent(EVENT_JOB_EXECUTED, "dispatch", None, WHEN))
    _on_job_event(JobExecutionEvent(EVENT_JOB_EXECUTED, "dispatch", None, WHEN))
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2, messages
    assert messages[0].startswith("database unreachable (job dispatch: OperationalError")
    assert "connection refused" in messages[0] and "more detail" not in messages[0]
    assert messages[1].startswith("database reachable again after")
    assert "(6 failed job runs)" in messages[1]


def test_apschedulers_traceback_is_dropped_only_for_an_outage() -> None:
    def record(exception: BaseException) -> logging.LogRecord:
        return logging.LogRecord(
            "apscheduler.executors.default",
            logging.ERROR,
            __file__,
            1,
            'Job "dispatch" raised an exception',
            None,
            (type(exception), exception, None),
        )

    assert outage.filter(record(_outage_error())) is False
    assert outage.filter(record(KeyError("x"))) is True
