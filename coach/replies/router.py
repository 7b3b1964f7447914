"""`/twilio/sms`: the inbound SMS webhook.

The hot path of the web process, so it is lean: no dependency injection (the signed form,
settings, clock and session are read in the endpoint, honouring `app.dependency_overrides`),
the database work in one worker-thread call (on SQLite queued with the other texts
waiting for the writing turn: `coach.write_turns`); the TwiML is built with `twilio.twiml`.
"""

from __future__ import annotations

import functools
from datetime import datetime

from fastapi import APIRouter, Request, Response
from sqlmodel import Session
from twilio.twiml.messaging_response import MessagingResponse

from coach.clock import now_for
from coach.content.loader import get_library
from coach.db import RequestWriteSession
from coach.messaging.signature import settings_for, signed_form
from coach.replies import parsing, service
from coach.settings import Settings

router = APIRouter(prefix="/twilio", tags=["twilio"])
SMS_PATH = "/twilio/sms"  # also answered before routing: `coach.replies.fast_path`

MISSING = '{"error": {"code": "invalid", "message": "MessageSid and From are required"}}'


def twiml(replies: list[str]) -> Response:
    """A MessagingResponse with one <Message> per reply (none: an empty response)."""
    return Response(content=_messages(tuple(replies)), media_type="application/xml")


@functools.lru_cache(maxsize=1024)
def _messages(replies: tuple[str, ...]) -> str:
    """The TwiML of some replies. Most answers are content texts said to many patients, and
    building the XML costs more than the rest of the response (0.1 ms): the last ones made
    are kept."""
    response = MessagingResponse()
    for text in replies:
        response.message(text)
    return str(response)


@router.post("/sms", response_class=Response)
async def inbound_sms(request: Request) -> Response:
    """Record and answer an inbound text (signature-checked, idempotent on MessageSid)."""
    settings = settings_for(request)
    form = await signed_form(request, settings)
    sid = form.get("MessageSid") or form.get("SmsSid") or ""
    sender = form.get("From", "")
    if not sid or not sender:
        return Response(content=MISSING, status_code=400, media_type="application/json")
    body = form.get("Body", "")
    # Read before queueing for the database turn (SQLite: one text at a time), so the
    # costly part of parsing runs beside another text's database work, not after it.
    inbound = service.Inbound(
        message_sid=sid[:64], from_phone=sender[:32], body=body, reading=parsing.read(body)
    )
    now = await now_for(request)
    writer = RequestWriteSession(request)
    async with writer as session:
        outcome = await writer.run(functools.partial(_answer, session, settings, inbound, now))
    return twiml(outcome.replies)


def _answer(
    session: Session, settings: Settings, inbound: service.Inbound, now: datetime
) -> service.Outcome:
    """`handle_sms`, then the session closed where it ran (in a worker thread, the
    connection's hand-back to the pool is not left to the event loop; closing it again
    there is free)."""
    try:
        return service.handle_sms(
            session=session, library=get_library(), settings=settings, inbound=inbound, now=now
        )
    finally:
        session.close()
