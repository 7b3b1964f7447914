"""Dispatch: claim due outbox rows, send them at Twilio's pace, record what happened."""

from __future__ import annotations

import logging
import math
import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from coach.alerts import notify
from coach.db import session_scope
from coach.errors import DeliveryError
from coach.messaging import outbox
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.messaging.ratelimit import Limiter, TokenBucket
from coach.messaging.transport import OPTED_OUT_CODE, UNREACHABLE_CODES, SendResult, Transport

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BASE_BACKOFF = 30.0  # seconds; doubled per attempt, with full jitter


@dataclass
class DispatchConfig:
    """How a dispatch run behaves."""

    public_url: str
    batch_size: int = 100
    concurrency: int = 4
    limiter: Limiter = field(default_factory=lambda: TokenBucket(0))
    stopping: threading.Event = field(default_factory=threading.Event)
    max_attempts: int = MAX_ATTEMPTS
    webhook_url: str | None = None
    webhook_secret: str | None = None


@dataclass
class DispatchReport:
    """What one dispatch run did."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    unknown: int = 0
    expired: int = 0


BATCH_SECONDS = 5.0  # a claimed batch is about this much sending


def batch_size(rate: float, concurrency: int) -> int:
    """Rows to claim at once: about five seconds of sending at the rate limit.

    Small batches bound what a crash strands (claimed, unsent rows become `unknown`) and keep
    any claim far younger than COACH_STUCK_AFTER_SECONDS; one claim query per batch is cheap.
    """
    if rate <= 0:
        return max(4 * concurrency, 16)
    return max(1, min(100, math.ceil(rate * BATCH_SECONDS)))


def backoff(attempt: int, retry_after: float | None = None) -> float:
    """Seconds to wait before retry number `attempt` (1-based): exponential, full jitter."""
    ceiling = BASE_BACKOFF * (2 ** max(attempt - 1, 0))
    delay = random.uniform(ceiling / 2, ceiling)
    return max(delay, retry_after or 0.0)


def _send(transport: Transport, row: OutboxMessage, config: DispatchConfig) -> SendResult:
    if row.channel == "webhook":
        if not config.webhook_url:
            raise DeliveryError("COACH_ALERT_WEBHOOK_URL is not set")
        notify.post_alert(url=config.webhook_url, secret=config.webhook_secret, body=row.body)
        return SendResult(sid=f"WH{row.id}", status="delivered")
    if row.channel == "voice":
        assert row.id is not None
        return transport.place_call(
            to=row.to_phone,
            url=f"{config.public_url}/twilio/voice/call?outbox={row.id}",
            status_callback=f"{config.public_url}/twilio/voice/status?outbox={row.id}",
            machine_detection=True,
        )
    return transport.send_sms(
        to=row.to_phone, body=row.body, status_callback=f"{config.public_url}/twilio/status"
    )


class Late:
    """The row's window closed while it waited for its turn (quiet hours began): not sent."""


LATE = Late()
Outcome = tuple[OutboxMessage, SendResult | DeliveryError | Late | None]


def dispatch_due(
    *,
    engine: Engine,
    transport: Transport,
    config: DispatchConfig,
    now: Callable[[], datetime],
    on_failure: Callable[[Session, OutboxMessage, DeliveryError, datetime], None] | None = None,
) -> DispatchReport:
    """Send every due row, batch by batch, until none is left or we are told to stop."""
    report = DispatchReport()
    with session_scope(engine) as session:
        report.expired = outbox.expire_overdue(session=session, now=now())
    with ThreadPoolExecutor(max_workers=config.concurrency) as pool:
        while not config.stopping.is_set():
            with session_scope(engine) as session:
                rows = outbox.claim_due(session=session, now=now(), limit=config.batch_size)
            if not rows:
                break
            report.claimed += len(rows)

            def attempt(row: OutboxMessage) -> Outcome:
                if config.stopping.is_set():
                    return row, None  # claimed but not sent: handed back below
                config.limiter.acquire()
                if row.expires_at <= now():
                    return row, LATE  # a slow pace must not carry a text into quiet hours
                try:
                    return row, _send(transport, row, config)
                except DeliveryError as exc:
                    return row, exc

            # One at a time needs no hand-off to a thread.
            outcomes = list(
                map(attempt, rows) if config.concurrency == 1 else pool.map(attempt, rows)
            )
            with session_scope(engine) as session:
                ids = [row.id for row, _ in outcomes]
                fresh = {
                    r.id: r
                    for r in session.exec(
                        select(OutboxMessage).where(col(OutboxMessage.id).in_(ids))
                    ).all()
                }
                for row, result in outcomes:
                    _record(session, fresh[row.id], result, config, now(), report, on_failure)
    return report


def _record(
    session: Session,
    row: OutboxMessage,
    result: SendResult | DeliveryError | Late | None,
    config: DispatchConfig,
    now: datetime,
    report: DispatchReport,
    on_failure: Callable[[Session, OutboxMessage, DeliveryError, datetime], None] | None,
) -> None:
    row.updated_at = now
    if result is None:
        row.status = OutboxStatus.scheduled
        row.attempts -= 1
    elif isinstance(result, Late):
        row.status = OutboxStatus.expired
        row.attempts -= 1
        report.expired += 1
    elif isinstance(result, SendResult):
        row.status = OutboxStatus.sent
        row.twilio_sid = result.sid
        row.sent_at = now
        report.sent += 1
    else:
        row.error_code = result.twilio_code
        row.error_message = result.message[:500]
        if result.ambiguous:
            # Twilio may have accepted it: never resend; reconcile looks it up.
            row.status = OutboxStatus.unknown
            report.unknown += 1
        elif result.retryable and row.attempts < config.max_attempts:
            row.status = OutboxStatus.scheduled
            row.next_attempt_at = now + timedelta(seconds=backoff(row.attempts, result.retry_after))
            report.retried += 1
        else:
            row.status = OutboxStatus.failed
            report.failed += 1
        if on_failure is not None and (
            result.twilio_code == OPTED_OUT_CODE or result.twilio_code in UNREACHABLE_CODES
        ):
            on_failure(session, row, result, now)
    session.add(row)
