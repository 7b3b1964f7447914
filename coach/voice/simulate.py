"""`coach simulate --voice`: call the coach's phone menu from the terminal, by keypad digits.

Each line typed is one answer: digits (a trailing `#` is dropped, as Twilio does), an
empty line for silence, or words, taken as speech. End of input hangs up.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable

from sqlmodel import col, select

from coach.alerts.models import Alert
from coach.content.library import Library
from coach.db import session_scope, utcnow
from coach.settings import Settings
from coach.voice import service
from coach.voice.flows import Pause, Turn

_KEYS = re.compile(r"^[0-9*#]*$")


def show(turn: Turn, echo: Callable[[str], None]) -> None:
    """Print what a turn says (pauses in brackets) and what it asks."""
    segments = turn.segments + (turn.ask.prompt if turn.ask else ())
    for segment in segments:
        if isinstance(segment, Pause):
            echo(f"  [pause {segment.seconds} s]")
        else:
            echo(f"coach> {segment.text}")
    if turn.ask is None:
        echo("  [the coach hangs up]")
    else:
        echo(f"  [keypad{' or speech' if turn.ask.speech else ''}: {turn.ask.step}]")


def call(
    *,
    library: Library,
    settings: Settings,
    phone: str,
    lines: Iterable[str],
    echo: Callable[[str], None],
) -> None:
    """Call the coach from `phone`; each line of `lines` answers the current question."""
    sid = "CAsim" + uuid.uuid4().hex[:29]
    with session_scope() as session:
        reply = service.start_inbound(
            session=session, library=library, settings=settings, from_phone=phone
        )
        last_alert = session.exec(select(Alert.id).order_by(col(Alert.id).desc())).first() or 0
    show(reply.turn, echo)
    answers = iter(lines)
    while reply.turn.ask is not None:
        line = next(answers, None)
        if line is None:
            echo("  [you hang up]")
            return
        text = line.strip()
        keys = bool(_KEYS.match(text))
        answer = service.CallAnswer(
            call_sid=sid,
            step=reply.turn.ask.step,
            turn=reply.next_turn,
            index=reply.turn.ask.index,
            digits=text.rstrip("#") if keys else "",
            speech="" if keys else text,
            outbox_id=None,
            from_phone=phone,
        )
        with session_scope() as session:
            reply = service.answer(
                session=session, library=library, settings=settings, call=answer, now=utcnow()
            )
            alerts = session.exec(select(Alert).where(col(Alert.id) > last_alert)).all()
            for alert in alerts:
                urgency = "URGENT " if alert.urgent else ""
                echo(f"  [{urgency}alert to clinician: {alert.kind} - {alert.reason}]")
                last_alert = alert.id or last_alert
        show(reply.turn, echo)
