"""The worker's job listener: a skipped run is one warning, a failed run one error."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_MAX_INSTANCES,
    JobExecutionEvent,
    JobSubmissionEvent,
)

from coach.worker import _on_job_event

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
