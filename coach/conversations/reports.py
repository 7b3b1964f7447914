"""Inbox statistics: the report per clinician and the Prometheus gauges."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlmodel import Session, col, func, select

from coach.clinicians import audit
from coach.clinicians.models import Clinician
from coach.conversations.models import Conversation, ConversationStatus
from coach.conversations.schemas import ClinicianStats, InboxReportOut
from coach.errors import InvalidInput
from coach.patients.models import Patient
from coach.patients.service import visible

MAX_DAYS = 366


def percentile(values: list[float], share: float) -> int | None:
    """The nearest-rank percentile of `values` (share 0.5: the median), whole seconds."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(share * len(ordered)), 1)
    return round(ordered[rank - 1])


def inbox_report(
    *, session: Session, actor: Clinician, since: date, until: date, now: datetime
) -> InboxReportOut:
    """Counts and first-response times for `actor`'s patients' conversations in the range."""
    if until < since:
        raise InvalidInput("until must not be before since", field="until")
    if (until - since).days >= MAX_DAYS:
        raise InvalidInput(f"at most {MAX_DAYS} days at a time", field="since")
    start = datetime.combine(since, time(0), tzinfo=UTC)
    end = datetime.combine(until + timedelta(days=1), time(0), tzinfo=UTC)
    mine = (
        select(Conversation)
        .join(Patient, col(Patient.id) == col(Conversation.patient_id))
        .where(visible(actor))
    )
    opened = session.exec(
        mine.where(col(Conversation.opened_at) >= start).where(col(Conversation.opened_at) < end)
    ).all()
    closed = session.exec(
        select(func.count()).select_from(
            mine.where(col(Conversation.closed_at) >= start)
            .where(col(Conversation.closed_at) < end)
            .subquery()
        )
    ).one()
    open_now = session.exec(
        select(func.count()).select_from(
            mine.where(col(Conversation.status) == ConversationStatus.open).subquery()
        )
    ).one()
    waits: dict[int, list[float]] = defaultdict(list)
    for c in opened:
        if c.first_response_at is not None and c.first_response_by is not None:
            waits[c.first_response_by].append((c.first_response_at - c.opened_at).total_seconds())
    every = [w for ws in waits.values() for w in ws]
    audit.record(session, actor, "report.inbox", None, now=now, detail=f"{since}..{until}")
    session.commit()
    return InboxReportOut(
        since=since,
        until=until,
        opened=len(opened),
        closed=int(closed),
        open_now=int(open_now),
        median_first_response_seconds=percentile(every, 0.5),
        p90_first_response_seconds=percentile(every, 0.9),
        clinicians=[
            ClinicianStats(
                clinician_id=cid,
                first_responses=len(ws),
                median_first_response_seconds=percentile(ws, 0.5),
                p90_first_response_seconds=percentile(ws, 0.9),
            )
            for cid, ws in sorted(waits.items())
        ],
    )


class InboxCollector(Collector):
    """Open conversations (and how many wait for a reply) and recent first-response time."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session = session
        self.now = now

    def collect(self) -> list[GaugeMetricFamily]:
        """Read the conversations once per scrape."""
        open_rows = self.session.exec(
            select(col(Conversation.urgent), col(Conversation.waiting_since)).where(
                col(Conversation.status) == ConversationStatus.open
            )
        ).all()
        gauge = GaugeMetricFamily(
            "coach_conversations_open", "Open inbox conversations", labels=["urgent"]
        )
        for flag in (False, True):
            gauge.add_metric([str(flag).lower()], float(sum(1 for u, _ in open_rows if u == flag)))
        waiting = GaugeMetricFamily(
            "coach_conversations_waiting_seconds",
            "How long the longest-waiting patient has waited for a clinician",
        )
        oldest = min((w for _, w in open_rows if w is not None), default=None)
        waiting.add_metric([], (self.now - oldest).total_seconds() if oldest else 0.0)
        since = self.now - timedelta(days=7)
        rows = self.session.exec(
            select(col(Conversation.opened_at), col(Conversation.first_response_at))
            .where(col(Conversation.first_response_at).is_not(None))
            .where(col(Conversation.first_response_at) >= since)
        ).all()
        times = [(r - o).total_seconds() for o, r in rows if r is not None]
        first = GaugeMetricFamily(
            "coach_conversations_first_response_seconds",
            "First-response time of conversations answered in the last 7 days",
            labels=["quantile"],
        )
        for label, share in (("0.5", 0.5), ("0.9", 0.9)):
            value = percentile(times, share)
            first.add_metric([label], float(value if value is not None else 0))
        return [gauge, waiting, first]
