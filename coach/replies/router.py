"""`/twilio/sms`: the inbound SMS webhook. Answers TwiML built with `twilio.twiml`."""

from __future__ import annotations

from fastapi import APIRouter, Response
from twilio.twiml.messaging_response import MessagingResponse

from coach.clock import NowDep
from coach.content.loader import get_library
from coach.db import WriteSessionDep
from coach.messaging.signature import SettingsDep, TwilioForm
from coach.replies import service

router = APIRouter(prefix="/twilio", tags=["twilio"])


def twiml(replies: list[str]) -> Response:
    """A MessagingResponse with one <Message> per reply (none: an empty response)."""
    response = MessagingResponse()
    for text in replies:
        response.message(text)
    return Response(content=str(response), media_type="application/xml")


@router.post("/sms", response_class=Response)
def inbound_sms(
    form: TwilioForm, session: WriteSessionDep, settings: SettingsDep, now: NowDep
) -> Response:
    """Record and answer an inbound text (signature-checked, idempotent on MessageSid)."""
    sid = form.get("MessageSid") or form.get("SmsSid") or ""
    sender = form.get("From", "")
    if not sid or not sender:
        return Response(
            content='{"error": {"code": "invalid", "message": "MessageSid and From are required"}}',
            status_code=400,
            media_type="application/json",
        )
    outcome = service.handle_sms(
        session=session,
        library=get_library(),
        settings=settings,
        inbound=service.Inbound(
            message_sid=sid[:64], from_phone=sender[:32], body=form.get("Body", "")
        ),
        now=now,
    )
    return twiml(outcome.replies)
