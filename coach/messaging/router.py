"""`/twilio/status`: delivery callbacks for texts."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, HTTPException, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST

from coach.clock import NowDep
from coach.content.loader import get_library
from coach.db import SessionDep, WriteSessionDep
from coach.messaging import metrics, status
from coach.messaging.signature import SettingsDep, TwilioForm, error_code

router = APIRouter(prefix="/twilio", tags=["twilio"])


@router.post("/status", status_code=204, response_class=Response)
def delivery_status(
    form: TwilioForm, session: WriteSessionDep, settings: SettingsDep, now: NowDep
) -> Response:
    """Record a message's delivery status (signature-checked, idempotent)."""
    sid = form.get("MessageSid") or form.get("SmsSid") or ""
    state = form.get("MessageStatus") or form.get("SmsStatus") or ""
    if sid and state:
        status.record_status(
            session=session,
            library=get_library(),
            settings=settings,
            sid=sid,
            status=state,
            error_code=error_code(form.get("ErrorCode")),
            now=now,
        )
    return Response(status_code=204)


metrics_router = APIRouter(tags=["ops"])


@metrics_router.get("/metrics", response_class=Response)
def prometheus_metrics(
    request: Request, session: SessionDep, settings: SettingsDep, now: NowDep
) -> Response:
    """Prometheus metrics: outbox depth by status, due lag, failures by Twilio code.

    Rendered at most every 15 s per process. With COACH_METRICS_TOKEN set, the scraper must
    send `Authorization: Bearer <token>`.
    """
    if settings.metrics_token:
        sent = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(sent.encode(), settings.metrics_token.encode()):
            raise HTTPException(
                status_code=401,
                detail="metrics need Authorization: Bearer <COACH_METRICS_TOKEN>",
                headers={"WWW-Authenticate": "Bearer"},
            )
    state = request.app.state
    if not hasattr(state, "metrics_cache"):  # one per app (and so per process)
        state.metrics_cache = metrics.Cached()
    cache: metrics.Cached = state.metrics_cache
    body = cache.get(lambda: metrics.render(session, now))
    return Response(content=body, media_type=CONTENT_TYPE_LATEST)
