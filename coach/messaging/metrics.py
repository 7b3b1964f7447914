"""Prometheus metrics, computed from the outbox when scraped (right across processes)."""

from __future__ import annotations

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
