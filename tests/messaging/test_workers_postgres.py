"""Two real `coach worker` processes on PostgreSQL share 2,000 due messages, exactly once.

A fake Twilio server records every accepted message. A worker killed with SIGKILL in the
middle of a batch and restarted sends nothing twice and leaves no message without a status.
"""

import time
from collections import Counter

import pytest

from tests.fake_twilio import Faults, fake_twilio
from tests.reliability.workers import (
    PATIENTS,
    PER_PATIENT,
    counts,
    kill,
    seed,
    start_worker,
    stop,
    wait_until,
)
from tests.services import fresh_postgres_database

pytestmark = pytest.mark.postgres


def test_two_workers_send_each_message_exactly_once():
    total = PATIENTS * PER_PATIENT
    with fresh_postgres_database() as url, fake_twilio(Faults(delay=0.002)) as twilio:
        seed(url)
        workers = [start_worker(url, twilio.url) for _ in range(2)]
        try:
            done = wait_until(lambda: counts(url).get("sent", 0) == total, timeout=240)
        finally:
            logs = [stop(w) for w in workers]
        assert done, (counts(url), logs)
        bodies = twilio.bodies()
        assert len(bodies) == total
        assert Counter(bodies).most_common(1)[0][1] == 1
        assert set(bodies) == {
            f"message {p}-{k}" for p in range(PATIENTS) for k in range(PER_PATIENT)
        }
        assert all(w.returncode == 0 for w in workers), logs


def test_a_killed_worker_never_double_sends_and_loses_nothing():
    total = PATIENTS * PER_PATIENT
    with fresh_postgres_database() as url, fake_twilio(Faults(delay=0.01)) as twilio:
        seed(url)
        first = start_worker(url, twilio.url)
        # Killed with a send in flight: in the middle of a batch, its rows claimed.
        assert wait_until(
            lambda: len(twilio.bodies()) >= 300 and twilio.in_flight() > 0, timeout=120
        )
        kill(first)
        time.sleep(2.5)  # past COACH_STUCK_AFTER_SECONDS, so reconcile takes the stuck rows
        second = start_worker(url, twilio.url)
        try:
            settled = wait_until(
                lambda: counts(url).get("sent", 0) + counts(url).get("unknown", 0) == total,
                timeout=240,
            )
        finally:
            log = stop(second)
        final = counts(url)
        assert settled, (final, log)
        bodies = twilio.bodies()
        assert Counter(bodies).most_common(1)[0][1] == 1  # nothing sent twice
        assert final.get("sent", 0) <= len(bodies)
        assert set(final) <= {"sent", "unknown"}  # every message has a final status
        # What is left unknown is part of the killed batch: a few, never resent. (Those whose
        # request had reached Twilio before the kill are found there by the reconciliation
        # and recorded as sent: how many varies with the moment of the kill.)
        assert final.get("unknown", 0) <= 100
