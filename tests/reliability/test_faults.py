"""Dispatch against a faulty Twilio: nothing lost, nothing sent twice, retries bounded.

The real `TwilioTransport` (the official client, 0.5 s timeout) talks to our fake Twilio,
which answers 500, 503, 429 (Retry-After: 1), answers too late (after accepting) or drops
the connection (after accepting) at set rates. `dispatch_due` runs again and again on an
SQLite file with a clock the test moves past each backoff, until nothing is left to do.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import ThreadingHTTPServer

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from coach.db import make_engine
from coach.messaging.dispatch import MAX_ATTEMPTS, DispatchConfig, DispatchReport, dispatch_due
from coach.messaging.failures import handle_failure
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.messaging.ratelimit import TokenBucket
from coach.messaging.transport import TwilioTransport
from coach.settings import load_settings
from tests.fake_twilio import FakeTwilio, Faults, _handler
from tests.reliability.workers import AUTH_TOKEN, add_messages, seed_patients

START = datetime(2026, 6, 10, 16, 0, tzinfo=UTC)
FINAL = {OutboxStatus.sent, OutboxStatus.failed, OutboxStatus.expired, OutboxStatus.unknown}


@dataclass
class Clock:
    """The time dispatch sees; the test moves it forward past backoffs."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now


@contextmanager
def timed_fake_twilio(faults: Faults) -> Iterator[tuple[FakeTwilio, list[float]]]:
    """The fake Twilio, also noting when each request arrived (monotonic seconds)."""
    state = FakeTwilio(faults=faults)
    arrivals: list[float] = []

    class Timed(_handler(state)):  # type: ignore[misc]
        def do_POST(self) -> None:
            with state.lock:
                arrivals.append(time.monotonic())
            super().do_POST()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Timed)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, arrivals
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def db_url(tmp_path) -> str:
    """A migrated SQLite file with 200 active patients."""
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    seed_patients(url, now=START)
    return url


def transport_for(twilio: FakeTwilio, timeout: float) -> TwilioTransport:
    """The real Twilio transport, pointed at the fake."""
    settings = load_settings(
        database_url="sqlite://",
        twilio_account_sid="AC" + "1" * 32,
        twilio_auth_token=AUTH_TOKEN,
        twilio_from_number="+15005550006",
        twilio_api_base_url=twilio.url,
        twilio_timeout=timeout,
    )
    return TwilioTransport(settings)


def dispatch_until_settled(
    engine: Engine, transport: TwilioTransport, config: DispatchConfig, clock: Clock
) -> tuple[DispatchReport, int]:
    """Run dispatch, moving the clock to the next retry, until nothing waits; (totals, runs)."""
    total = DispatchReport()
    for runs in range(1, 61):
        report = dispatch_due(
            engine=engine, transport=transport, config=config, now=clock, on_failure=handle_failure
        )
        for name in vars(total):
            setattr(total, name, getattr(total, name) + getattr(report, name))
        with Session(engine) as s:
            waiting = s.exec(
                select(func.count(), func.min(OutboxMessage.next_attempt_at)).where(
                    col(OutboxMessage.status).in_([OutboxStatus.scheduled, OutboxStatus.sending])
                )
            ).one()
        if waiting[0] == 0:
            return total, runs
        retry_at = waiting[1].replace(tzinfo=UTC) if waiting[1] else clock.now
        clock.now = max(clock.now + timedelta(seconds=1), retry_at)
    raise AssertionError("dispatch did not settle in 60 runs")


def all_rows(engine: Engine) -> list[OutboxMessage]:
    with Session(engine) as s:
        return list(s.exec(select(OutboxMessage)).all())


def test_faults_lose_nothing_and_send_nothing_twice(db_url):
    faults = Faults(
        error_500=0.05, error_503=0.05, error_429=0.05, slow=0.05, drop=0.05, slow_seconds=1.0
    )
    messages = add_messages(db_url, now=START, short_window_every=10)
    engine = make_engine(db_url)
    started = time.monotonic()
    with timed_fake_twilio(faults) as (twilio, _):
        config = DispatchConfig(public_url="https://coach.example.org", concurrency=8)
        report, runs = dispatch_until_settled(
            engine, transport_for(twilio, timeout=0.5), config, Clock()
        )
        accepted = twilio.bodies()
        requests = twilio.requests
    elapsed = time.monotonic() - started
    rows = all_rows(engine)
    engine.dispose()
    by_status = Counter(str(r.status) for r in rows)
    print(  # noqa: T201 (the figures for the README)
        f"\nfaults: {messages} messages, {requests} requests, {runs} runs, {report}, "
        f"statuses {dict(by_status)}, {elapsed:.1f} s"
    )

    assert len(rows) == messages  # none lost
    assert {r.status for r in rows} <= FINAL  # none left scheduled or sending
    # Nothing sent twice: the fake accepted each text at most once.
    assert Counter(accepted).most_common(1)[0][1] == 1
    # Every row the coach calls sent was accepted; every accepted text is sent or unknown.
    sent = {r.body for r in rows if r.status == OutboxStatus.sent}
    unknown = {r.body for r in rows if r.status == OutboxStatus.unknown}
    assert sent <= set(accepted)
    assert set(accepted) <= sent | unknown
    # Answers lost after accepting (slow, dropped: 10% of requests) are unknown, never resent.
    assert 0.07 * requests < len(unknown) < 0.13 * requests
    # Retries are bounded.
    assert max(r.attempts for r in rows) <= MAX_ATTEMPTS
    assert requests <= sum(r.attempts for r in rows) <= messages * MAX_ATTEMPTS
    assert report.retried > 0.1 * messages
    # A message that could not go out in its window expired rather than going out late.
    assert all(r.sent_at is None or r.sent_at < r.expires_at for r in rows)


def test_rate_limit_holds_under_errors(db_url):
    rate = 100.0
    faults = Faults(error_500=0.05, error_503=0.05, error_429=0.05, delay=0.002)
    messages = add_messages(db_url, now=START, per_patient=3)
    engine = make_engine(db_url)
    with timed_fake_twilio(faults) as (twilio, arrivals):
        config = DispatchConfig(
            public_url="https://coach.example.org", concurrency=8, limiter=TokenBucket(rate)
        )
        dispatch_until_settled(engine, transport_for(twilio, timeout=2.0), config, Clock())
        accepted = twilio.bodies()
    rows = all_rows(engine)
    engine.dispose()

    assert {r.status for r in rows} == {OutboxStatus.sent}
    assert sorted(accepted) == sorted(r.body for r in rows)
    assert len(arrivals) > messages  # the errors were retried, at the same pace
    overall = (len(arrivals) - 1) / (arrivals[-1] - arrivals[0])
    # Any one-second window: at most the rate (a burst of one token, 5% for jitter).
    busiest = max(
        sum(1 for t in arrivals[i:] if t < start + 1.0) for i, start in enumerate(arrivals)
    )
    print(  # noqa: T201
        f"\nrate limit {rate}/s: {len(arrivals)} requests, overall {overall:.1f}/s, "
        f"busiest second {busiest}"
    )
    assert overall <= rate * 1.05
    assert busiest <= rate * 1.05 + 1
