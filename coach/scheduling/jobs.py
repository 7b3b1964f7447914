"""The worker's jobs: module-level functions, each in its own session scope."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from coach.content.loader import get_library
from coach.db import get_engine, session_scope, utcnow
from coach.messaging import dispatch as dispatching
from coach.messaging import reconcile as reconciling
from coach.messaging.ratelimit import limiter_for
from coach.messaging.transport import Transport, build_transport
from coach.patients import lifecycle
from coach.scheduling import planner
from coach.settings import Settings

log = logging.getLogger(__name__)

stopping = threading.Event()
_state: dict[str, Any] = {}


def configure(settings: Settings, transport: Transport | None = None) -> None:
    """Set what the jobs use: settings, transport and the shared rate limiter."""
    _state["settings"] = settings
    _state["transport"] = transport or build_transport(settings)
    # One pace for every worker on PostgreSQL: COACH_SEND_RATE is the account's rate.
    _state["limiter"] = limiter_for(get_engine(), settings.send_rate)
    stopping.clear()


def _settings() -> Settings:
    return _state["settings"]  # type: ignore[no-any-return]


def plan() -> None:
    """End finished pauses, then plan every active patient's next 48 hours."""
    library = get_library()
    settings: Settings | None = _state.get("settings")
    processes = settings.plan_processes if settings is not None else 1
    with session_scope() as session:
        lifecycle.end_finished_pauses(session=session, now=utcnow())
        added = planner.plan(session=session, library=library, now=utcnow(), processes=processes)
    log.info("plan: %d messages added", added)


def dispatch() -> dispatching.DispatchReport:
    """Send what is due, at the configured rate and concurrency; returns what it did."""
    from coach.messaging.failures import handle_failure

    settings = _settings()
    config = dispatching.DispatchConfig(
        public_url=settings.public_url,
        concurrency=settings.send_concurrency,
        batch_size=dispatching.batch_size(settings.send_rate, settings.send_concurrency),
        limiter=_state["limiter"],
        stopping=stopping,
        webhook_url=settings.alert_webhook_url,
        webhook_secret=settings.alert_webhook_secret,
    )
    report = dispatching.dispatch_due(
        engine=get_engine(),
        transport=_state["transport"],
        config=config,
        now=utcnow,
        on_failure=handle_failure,
    )
    if report.claimed or report.expired:
        log.info("dispatch: %s", report)
    return report


def sweep() -> None:
    """Daily-ish checks: persistent symptoms and unanswered check-ins."""
    from coach.replies.followup import sweep as followup_sweep

    with session_scope() as session:
        followup_sweep(session=session, library=get_library(), settings=_settings(), now=utcnow())


def reconcile() -> None:
    """Sends left in doubt by a crash or a lost answer: never resent, looked up at Twilio."""
    after = timedelta(seconds=_settings().stuck_after_seconds)
    report = reconciling.reconcile(
        engine=get_engine(), transport=_state["transport"], now=utcnow(), stuck_after=after
    )
    if report.stuck or report.found:
        log.warning(
            "reconcile: %d left mid-send marked unknown; %d found at Twilio and marked sent",
            report.stuck,
            report.found,
        )
