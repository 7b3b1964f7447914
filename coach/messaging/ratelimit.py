"""Pacing sends to Twilio: a token bucket in one process, or one pace for every worker.

COACH_SEND_RATE is what the Twilio number or account allows, whatever the number of
workers sending. With one process (`coach serve`, SQLite) a thread-safe token bucket keeps
it. On PostgreSQL, where several workers send, each send takes the next free slot of
1/rate seconds from one shared row (`send_pace`, one UPDATE ... RETURNING) and waits for
it, so two workers at COACH_SEND_RATE=100 send 100 a second between them, not 200.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)


class Limiter(Protocol):
    """Blocks until the next send may go."""

    def acquire(self) -> None:
        """Wait for the next send's turn."""


class TokenBucket:
    """Allows `rate` acquisitions a second on average, with bursts up to `burst`.

    A rate of 0 (or less) turns the limit off.
    """

    def __init__(
        self,
        rate: float,
        burst: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate = rate
        self.burst = max(burst, 1.0)
        self._clock = clock
        self._sleep = sleep
        self._tokens = self.burst
        self._last = clock()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        """Block until a token is available, then take it."""
        if self.rate <= 0:
            return
        while True:
            with self._lock:
                now = self._clock()
                self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
                self._last = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                wait = (1 - self._tokens) / self.rate
            self._sleep(wait)


# Slots nobody took (every sender busy between batches) may be caught up for this long:
# a short burst, never a higher rate over a longer time.
CATCH_UP_SECONDS = 0.25
# A worker reserves this much sending time at once: one round trip per block of slots.
BLOCK_SECONDS = 0.1

# One statement: reserve the next :n free slots (not more than CATCH_UP_SECONDS in the
# past) and say how long until the first.
_TAKE_SLOTS = text(
    "INSERT INTO send_pace (id, next_at) "
    "VALUES (1, clock_timestamp() + make_interval(secs => :n * :step)) "
    "ON CONFLICT (id) DO UPDATE SET next_at = GREATEST(send_pace.next_at, "
    "clock_timestamp() - make_interval(secs => :catch_up)) + make_interval(secs => :n * :step) "
    "RETURNING extract(epoch FROM send_pace.next_at - clock_timestamp()) - :n * :step"
)


class SharedPace:
    """`rate` sends a second across every worker on one PostgreSQL database.

    Each worker reserves a block of consecutive slots (BLOCK_SECONDS of sending) in one
    statement and hands them to its sending threads in order; a slot left unused for more
    than CATCH_UP_SECONDS is dropped. If the database cannot be reached, the send is paced
    by this process alone (a token bucket at the same rate) rather than failing after it
    was claimed.
    """

    def __init__(
        self, engine: Engine, rate: float, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.rate = rate
        self._engine = engine
        self._sleep = sleep
        self._fallback = TokenBucket(rate, sleep=sleep)
        self._step = 1 / rate if rate > 0 else 0.0
        self._block = max(1, math.ceil(rate * BLOCK_SECONDS))
        self._slots: deque[float] = deque()  # monotonic times of reserved slots
        self._lock = threading.Lock()
        self._warned = False

    def acquire(self) -> None:
        """Take the next shared slot and wait for it."""
        if self.rate <= 0:
            return
        with self._lock:
            stale = time.monotonic() - CATCH_UP_SECONDS
            while self._slots and self._slots[0] < stale:
                self._slots.popleft()
            if not self._slots:
                try:
                    first = time.monotonic() + self._reserve()
                except DBAPIError as exc:
                    if not self._warned:
                        self._warned = True
                        log.warning(
                            "send pace not shared while the database fails (%s)",
                            type(exc).__name__,
                        )
                    at = None
                else:
                    self._warned = False
                    self._slots.extend(first + i * self._step for i in range(self._block))
            at = self._slots.popleft() if self._slots else None
        if at is None:
            self._fallback.acquire()
            return
        wait = at - time.monotonic()
        if wait > 0:
            self._sleep(wait)

    def _reserve(self) -> float:
        """Reserve a block of slots; seconds until its first."""
        params = {"n": self._block, "step": self._step, "catch_up": CATCH_UP_SECONDS}
        with self._engine.begin() as connection:
            # A slot lost in a crash costs nothing: no wait for the WAL flush, which would
            # hold the row, and so every other sender, for a disk write.
            connection.execute(text("SET LOCAL synchronous_commit TO OFF"))
            return float(connection.execute(_TAKE_SLOTS, params).scalar_one())


def limiter_for(engine: Engine, rate: float) -> Limiter:
    """The pace for a worker: shared through PostgreSQL, else this process's own bucket."""
    if rate > 0 and engine.dialect.name == "postgresql":
        return SharedPace(engine, rate)
    return TokenBucket(rate)
