"""The worker's scheduler: every job registered, due at start, with explicit safety settings."""

from coach.messaging.transport import RecordingTransport
from coach.scheduling import jobs
from coach.settings import load_settings
from coach.worker import build_scheduler


def test_every_job_is_scheduled_and_runs_at_start():
    settings = load_settings(transport="console")
    scheduler = build_scheduler(settings, background=True)
    jobs.configure(settings, RecordingTransport())
    scheduler.start(paused=True)
    try:
        found = {job.id: job for job in scheduler.get_jobs()}
        assert set(found) == {"plan", "dispatch", "sweep", "reconcile"}
        for job in found.values():
            assert job.next_run_time is not None, f"{job.id} was added paused"
            assert job.coalesce is True
            assert job.max_instances == 1
            assert job.misfire_grace_time >= 30
        assert found["dispatch"].trigger.interval.total_seconds() == 10
    finally:
        scheduler.shutdown(wait=False)
