"""The worker process: one APScheduler 3.x scheduler running the coach's jobs."""

from __future__ import annotations

import logging
import signal
import threading
import time
from datetime import datetime
from types import FrameType
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MAX_INSTANCES,
    JobEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

import coach.scheduling.jobs as jobs
from coach.settings import Settings

log = logging.getLogger(__name__)

# (job function, seconds between runs, misfire grace in seconds)
JOBS: tuple[tuple[Any, int, int], ...] = (
    (jobs.plan, 15 * 60, 10 * 60),
    (jobs.dispatch, 10, 30),
    (jobs.sweep, 30 * 60, 15 * 60),
    (jobs.reconcile, 5 * 60, 5 * 60),
)


def is_outage(exception: BaseException | None) -> bool:
    """Whether a job failed because the database could not be reached (or lost its tables)."""
    return isinstance(exception, OperationalError | InterfaceError) or (
        isinstance(exception, DBAPIError) and exception.connection_invalidated
    )


class Outage:
    """One log line when the database goes away and one when it is back, not one per run.

    The jobs keep running on their intervals (each is a retry); while the outage lasts,
    their failures are counted instead of logged with a traceback every 10 s.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.since: float | None = None
        self.failures = 0

    def failed(self, job_id: str, exception: BaseException | None) -> None:
        """A job failed for want of the database."""
        with self._lock:
            self.failures += 1
            if self.since is not None:
                return
            self.since = time.monotonic()
        reason = str(getattr(exception, "orig", None) or exception).strip().splitlines()
        log.error(
            "database unreachable (job %s: %s%s); retrying, quietly, until it answers",
            job_id,
            type(exception).__name__,
            f": {reason[0]}" if reason else "",
        )

    def succeeded(self) -> None:
        """A job ran: the database answers again if it had not."""
        with self._lock:
            if self.since is None:
                return
            seconds, failures = time.monotonic() - self.since, self.failures
            self.since, self.failures = None, 0
        log.warning("database reachable again after %.0f s (%d failed job runs)", seconds, failures)

    def filter(self, record: logging.LogRecord) -> bool:
        """Drop APScheduler's traceback for a job that failed for want of the database."""
        return not (record.exc_info and is_outage(record.exc_info[1]))


outage = Outage()


def _on_job_event(event: JobEvent) -> None:
    """Log a failed job, or one skipped because its previous run is still going.

    A max-instances event is a plain JobSubmissionEvent with no `exception` attribute.
    """
    if event.code == EVENT_JOB_MAX_INSTANCES:
        log.warning("job %s skipped: previous run still going", event.job_id)
        return
    if event.code == EVENT_JOB_EXECUTED:
        outage.succeeded()
        return
    exception = getattr(event, "exception", None)
    if is_outage(exception):
        outage.failed(event.job_id, exception)
        return
    log.error("job %s failed: %s", event.job_id, type(exception).__name__)


def build_scheduler(settings: Settings, *, background: bool = False) -> Any:
    """A scheduler with the plan, dispatch, sweep and reconcile jobs registered."""
    jobs.configure(settings)
    cls = BackgroundScheduler if background else BlockingScheduler
    scheduler = cls(
        timezone=settings.timezone,
        executors={"default": ThreadPoolExecutor(max_workers=len(JOBS))},
        job_defaults={"coalesce": True, "max_instances": 1},
    )
    for func, seconds, grace in JOBS:
        scheduler.add_job(
            func,
            trigger="interval",
            seconds=seconds,
            id=func.__name__,
            name=func.__name__,
            replace_existing=True,
            misfire_grace_time=grace,
            next_run_time=_now(settings),  # first run at start (None would mean paused)
        )
    scheduler.add_listener(
        _on_job_event, EVENT_JOB_ERROR | EVENT_JOB_EXECUTED | EVENT_JOB_MAX_INSTANCES
    )
    executor_log = logging.getLogger("apscheduler.executors.default")
    if outage.filter not in executor_log.filters:
        executor_log.addFilter(outage.filter)
    return scheduler


def _now(settings: Settings) -> datetime:
    return datetime.now(ZoneInfo(settings.timezone))


def run_worker(settings: Settings) -> None:
    """Run the blocking scheduler until SIGTERM or SIGINT; in-flight sends finish first."""
    scheduler = build_scheduler(settings)

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %s: finishing in-flight sends, starting no new ones", signum)
        jobs.stopping.set()
        scheduler.shutdown(wait=True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("worker started (transport: %s)", settings.transport_name)
    scheduler.start()
    log.info("worker stopped")
