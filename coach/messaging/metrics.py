"""Prometheus metrics, computed from the outbox when scraped (right across processes)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func
from sqlmodel import Session, col, select

from coach.conversations.reports import InboxCollector
from coach.messaging.models import OutboxMessage, OutboxStatus


class OutboxCollector(Collector):
    """Outbox depth by status, due-but-unsent lag, and failures by Twilio code."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session = session
        self.now = now

    def collect(self) -> list[GaugeMetricFamily]:
        """Read the outbox once per scrape."""
        depth = GaugeMetricFamily(
            "coach_outbox_messages", "Outbox rows by status", labels=["status"]
        )
        counts = dict(
            self.session.exec(
                select(OutboxMessage.status, func.count()).group_by(col(OutboxMessage.status))
            ).all()
        )
        for status in OutboxStatus:
            depth.add_metric([status.value], float(counts.get(status, 0)))
        oldest = self.session.exec(
            select(func.min(OutboxMessage.due_at))
            .where(col(OutboxMessage.status) == OutboxStatus.scheduled)
            .where(col(OutboxMessage.due_at) <= self.now)
        ).one()
        lag = GaugeMetricFamily(
            "coach_outbox_due_lag_seconds", "Age of the oldest due message not yet sent"
        )
        lag.add_metric([], (self.now - oldest).total_seconds() if oldest else 0.0)
        failures = GaugeMetricFamily(
            "coach_outbox_failures",
            "Failed or undelivered rows by Twilio error code",
            labels=["code"],
        )
        rows = self.session.exec(
            select(OutboxMessage.error_code, func.count())
            .where(col(OutboxMessage.error_code).is_not(None))
            .group_by(col(OutboxMessage.error_code))
        ).all()
        for code, count in rows:
            failures.add_metric([str(code)], float(count))
        return [depth, lag, failures]


def render(session: Session, now: datetime) -> bytes:
    """The Prometheus text exposition of the outbox metrics."""
    registry = CollectorRegistry()
    registry.register(OutboxCollector(session, now))
    registry.register(InboxCollector(session, now))
    return generate_latest(registry)


class Cached:
    """One rendering shared by every scrape for `ttl` seconds (per process).

    Counting a large outbox costs a query over the whole table; scrapers come every few
    seconds and sometimes many at once. Concurrent scrapes wait for the one rendering in
    progress instead of each running the queries.
    """

    def __init__(self, ttl: float = 15.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.clock = clock
        self._lock = threading.Lock()
        self._body: bytes | None = None
        self._at = 0.0

    def get(self, produce: Callable[[], bytes]) -> bytes:
        """The cached body, or a fresh one from `produce` once the cache is stale."""
        with self._lock:
            if self._body is None or self.clock() - self._at >= self.ttl:
                self._body = produce()
                self._at = self.clock()
            return self._body
