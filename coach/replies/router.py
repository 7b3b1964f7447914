"""`/twilio/sms`: the inbound SMS webhook.

The hot path of the web process, so it is lean: no dependency injection (the signed form,
settings, clock and session are read in the endpoint, honouring `app.dependency_overrides`),
the database work in one worker-thread call; the TwiML is built with `twilio.twiml`.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from twilio.twiml.messaging_response import MessagingResponse

from coach.clock import now_for
from coach.content.loader import get_library
from coach.db import RequestWriteSession
from coach.messaging.signature import settings_for, signed_form
from coach.replies import service
from coach.settings import Settings

router = APIRouter(prefix="/twilio", tags=["twilio"])

MISSING = '{"error": {"code": "invalid", "message": "MessageSid and From are required"}}'


def twiml(replies: list[str]) -> Response:
    """A MessagingResponse with one <Message> per reply (none: an empty response)."""
    response = MessagingResponse()
    for text in replies:
        response.message(text)
    return Response(content=str(response), media_type="application/xml")


@router.post("/sms", response_class=Response)
async def inbound_sms(request: Request) -> Response:
    """Record and answer an inbound text (signature-checked, idempotent on MessageSid)."""
    settings = settings_for(request)
    form = await signed_form(request, settings)
    sid = form.get("MessageSid") or form.get("SmsSid") or ""
    sender = form.get("From", "")
    if not sid or not sender:
        return Response(content=MISSING, status_code=400, media_type="application/json")
    inbound = service.Inbound(
        message_sid=sid[:64], from_phone=sender[:32], body=form.get("Body", "")
    )
    now = await now_for(request)
    async with RequestWriteSession(request) as session:
        outcome = await run_in_threadpool(_answer, session, settings, inbound, now)
    return twiml(outcome.replies)


def _answer(
    session: Session, settings: Settings, inbound: service.Inbound, now: datetime
) -> service.Outcome:
    """`handle_sms`, then the session closed in the same worker thread: handing the
    connection back to the pool (and its reset) is not left to the event loop (closing it
    again there is free)."""
    try:
        return service.handle_sms(
            session=session, library=get_library(), settings=settings, inbound=inbound, now=now
        )
    finally:
        session.close()
