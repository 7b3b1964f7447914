"""SIGKILL the worker at random points of a dispatch run, again and again, and restart it.

On PostgreSQL, 2,000 texts are due; the worker sends at 150 a second. Five times it is
killed a seeded-random moment after it starts sending, and started again once its claims
are older than COACH_STUCK_AFTER_SECONDS, so the restarted worker's reconcile job marks the
killed batch `unknown`. The sixth life finishes the run. Nothing may be sent twice.
"""

from __future__ import annotations

import random
import time
from collections import Counter

import pytest

from tests.fake_twilio import Faults, fake_twilio
from tests.reliability.workers import (
    PATIENTS,
    PER_PATIENT,
    counts,
    kill,
    rows_by_status,
    seed,
    start_worker,
    stop,
    wait_until,
)
from tests.services import fresh_postgres_database

pytestmark = pytest.mark.postgres

KILLS = 5
BATCH = 100  # DispatchConfig.batch_size: the most one kill can leave mid-send
RATE = "150"


def test_repeated_sigkills_lose_nothing_and_send_nothing_twice(tmp_path):
    total = PATIENTS * PER_PATIENT
    rng = random.Random(8)
    log = tmp_path / "worker.log"
    started = time.monotonic()
    with fresh_postgres_database() as url, fake_twilio(Faults(delay=0.005)) as twilio:
        seed(url)
        delays = []
        for _ in range(KILLS):
            before = len(twilio.bodies())
            worker = start_worker(url, twilio.url, log=log, COACH_SEND_RATE=RATE)
            try:
                sending = wait_until(lambda: len(twilio.bodies()) > before, 60, step=0.02)  # noqa: B023
                delays.append(rng.uniform(0.0, 1.5))
                time.sleep(delays[-1])
            finally:
                kill(worker)
            assert sending, log.read_text()
            time.sleep(2.5)  # past COACH_STUCK_AFTER_SECONDS (2): the next reconcile takes them
        sent_before_last = len(twilio.bodies())
        last = start_worker(url, twilio.url, log=log, COACH_SEND_RATE=RATE)
        try:
            settled = wait_until(
                lambda: sum(counts(url).get(s, 0) for s in ("sent", "unknown")) == total, 120
            )
        finally:
            stop(last)
        grouped = rows_by_status(url)
        accepted = twilio.bodies()
    elapsed = time.monotonic() - started
    final = {status: len(rows) for status, rows in grouped.items()}
    print(  # noqa: T201 (the figures for the README)
        f"\ncrashes: {total} messages, {KILLS} kills after {[round(d, 2) for d in delays]} s, "
        f"{sent_before_last} accepted before the last restart, final {final}, "
        f"{len(accepted)} accepted, {elapsed:.1f} s"
    )

    assert settled, (final, log.read_text()[-3000:])
    assert last.returncode == 0, log.read_text()[-3000:]
    assert set(final) <= {"sent", "unknown"}  # every message has a final status
    assert sum(final.values()) == total  # none lost
    assert Counter(accepted).most_common(1)[0][1] == 1  # nothing sent twice
    sent = {row.body for row in grouped.get("sent", [])}
    unknown = {row.body for row in grouped.get("unknown", [])}
    assert sent <= set(accepted)
    assert set(accepted) <= sent | unknown
    # The unknown rows are the killed batches: a few, never resent.
    assert 0 < len(unknown) <= BATCH * KILLS
