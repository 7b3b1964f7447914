"""`/twilio/voice/...`: call webhooks answering TwiML (signature-checked, idempotent).

- `call?outbox=ID`: a call we placed was answered (voicemail for a machine).
- `gather?[outbox=ID&]step=S[&i=N]&t=T`: the answer to one question of a call.
- `inbound`: a call to us: the menu, or a polite message for an unknown caller.
- `menu?t=T`: the answer to the menu.
- `status[?outbox=ID]`: call status callbacks.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response

from coach.clock import NowDep
from coach.content.loader import get_library
from coach.db import WriteSessionDep
from coach.messaging.signature import SettingsDep, TwilioForm, error_code
from coach.settings import Settings
from coach.voice import service, status, twiml
from coach.voice.flows import Step

router = APIRouter(prefix="/twilio/voice", tags=["twilio"])

MAX_ID = 2**63 - 1  # the database's integer; a bigger id would overflow the driver (a 500)
OutboxId = Annotated[
    int | None, Query(ge=1, le=MAX_ID, description="The outbox row the call is for.")
]
TurnNo = Annotated[int, Query(ge=1, le=1000, description="The turn of the call.")]
Index = Annotated[int | None, Query(ge=0, le=1000, description="The exercise asked about.")]
MENU_STEPS = (Step.menu, Step.menu_retry)


def _xml(reply: service.Reply, settings: Settings) -> Response:
    body = twiml.render(
        reply.turn,
        language=reply.language,
        public_url=settings.public_url,
        next_turn=reply.next_turn,
        outbox_id=reply.outbox_id,
    )
    return Response(content=body, media_type="application/xml")


def _required(form: dict[str, str], *names: str) -> list[str]:
    missing = [name for name in names if not form.get(name)]
    if missing:
        raise HTTPException(400, f"missing Twilio parameter(s): {', '.join(missing)}")
    return [form[name][:64] for name in names]


@router.post("/call", response_class=Response)
def call_answered(
    form: TwilioForm, session: WriteSessionDep, settings: SettingsDep, outbox: OutboxId = None
) -> Response:
    """The first TwiML of a call we placed."""
    if outbox is None:
        raise HTTPException(400, "the outbox query parameter is required")
    (call_sid,) = _required(form, "CallSid")
    reply = service.start_outbound(
        session=session,
        library=get_library(),
        settings=settings,
        outbox_id=outbox,
        call_sid=call_sid,
        answered_by=form.get("AnsweredBy", ""),
    )
    return _xml(reply, settings)


def _answer(
    form: dict[str, str],
    session: WriteSessionDep,
    settings: Settings,
    now: NowDep,
    step: Step,
    t: int,
    i: int | None,
    outbox: int | None,
) -> Response:
    call_sid, caller = _required(form, "CallSid", "From")
    call = service.CallAnswer(
        call_sid=call_sid,
        step=step,
        turn=t,
        index=i,
        digits=form.get("Digits", "")[:10].rstrip("#"),
        speech=form.get("SpeechResult", ""),
        outbox_id=outbox,
        from_phone=caller,
    )
    reply = service.answer(
        session=session, library=get_library(), settings=settings, call=call, now=now
    )
    return _xml(reply, settings)


@router.post("/gather", response_class=Response)
def gathered(
    form: TwilioForm,
    session: WriteSessionDep,
    settings: SettingsDep,
    now: NowDep,
    step: Annotated[Step, Query(description="The question that was asked.")],
    t: TurnNo,
    i: Index = None,
    outbox: OutboxId = None,
) -> Response:
    """The answer to one question of a call (keypad digits or speech)."""
    if step in MENU_STEPS:
        raise HTTPException(400, "menu answers go to /twilio/voice/menu")
    return _answer(form, session, settings, now, step, t, i, outbox)


@router.post("/inbound", response_class=Response)
def inbound_call(form: TwilioForm, session: WriteSessionDep, settings: SettingsDep) -> Response:
    """A call to the coach's number: the menu for a patient, a polite message otherwise."""
    _call_sid, caller = _required(form, "CallSid", "From")
    reply = service.start_inbound(
        session=session, library=get_library(), settings=settings, from_phone=caller
    )
    return _xml(reply, settings)


@router.post("/menu", response_class=Response)
def menu_choice(
    form: TwilioForm,
    session: WriteSessionDep,
    settings: SettingsDep,
    now: NowDep,
    t: TurnNo,
    step: Annotated[Step, Query(description="menu or menu_retry.")] = Step.menu,
) -> Response:
    """The caller's choice at the inbound menu."""
    if step not in MENU_STEPS:
        raise HTTPException(400, "only menu steps are answered here")
    return _answer(form, session, settings, now, step, t, None, None)


@router.post("/status", status_code=204, response_class=Response)
def call_status(
    form: TwilioForm,
    session: WriteSessionDep,
    now: NowDep,
    outbox: OutboxId = None,
) -> Response:
    """Record a call's status; an unanswered call is retried once, then texted."""
    call_sid, state = _required(form, "CallSid", "CallStatus")
    status.record_call_status(
        session=session,
        library=get_library(),
        call_sid=call_sid,
        status=state,
        outbox_id=outbox,
        error_code=error_code(form.get("ErrorCode")),
        now=now,
    )
    return Response(status_code=204)
