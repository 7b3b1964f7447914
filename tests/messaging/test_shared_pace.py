"""COACH_SEND_RATE is one rate for every worker on PostgreSQL (the account's limit)."""

import itertools
import time

import pytest

from coach.db import make_engine
from coach.messaging.ratelimit import SharedPace, TokenBucket, limiter_for
from tests.services import fresh_postgres_database

pytestmark = pytest.mark.postgres


def test_two_workers_take_alternate_slots_of_one_pace():
    """Two limiters on their own engines (as two worker processes have) hand out slots
    1/rate apart between them: together they send at the rate, not twice it."""
    from coach import migrate

    with fresh_postgres_database() as url:
        migrate.upgrade(url)
        engines = [make_engine(url), make_engine(url)]
        slots: list[float] = []

        def sleeper(wait: float) -> None:  # no real wait: the slot's time is what counts
            slots.append(time.monotonic() + wait)

        try:
            limiters = [SharedPace(engine, rate=1, sleep=sleeper) for engine in engines]
            for _ in range(10):
                for limiter in limiters:
                    limiter.acquire()
        finally:
            for engine in engines:
                engine.dispose()
    # The first slot is now (hardly a wait); every later one waits for its own turn.
    assert len(slots) >= 19
    gaps = [later - earlier for earlier, later in itertools.pairwise(slots)]
    assert all(abs(gap - 1) < 0.05 for gap in gaps), gaps


def test_a_worker_without_its_database_still_paces_by_itself():
    from sqlalchemy.exc import OperationalError

    class Down:
        class dialect:
            name = "postgresql"

        def begin(self):
            raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    waits: list[float] = []
    pace = SharedPace(Down(), rate=10, sleep=waits.append)  # type: ignore[arg-type]
    for _ in range(3):
        pace.acquire()
    assert len(waits) >= 2  # the local bucket made the later sends wait
    assert all(0 < w <= 0.1 + 1e-6 for w in waits)


def test_sqlite_and_no_limit_keep_the_process_bucket():
    engine = make_engine("sqlite://")
    try:
        assert isinstance(limiter_for(engine, 5), TokenBucket)
    finally:
        engine.dispose()
    pg = make_engine("postgresql://nobody@127.0.0.1:1/none")
    try:
        assert isinstance(limiter_for(pg, 0), TokenBucket)
        assert isinstance(limiter_for(pg, 5), SharedPace)
    finally:
        pg.dispose()
