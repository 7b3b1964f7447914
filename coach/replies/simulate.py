"""`coach simulate`: chat as an enrolled patient through the real reply pipeline."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from sqlmodel import col, select

from coach.alerts.models import Alert
from coach.content.library import Library
from coach.conversations import inbound as inbox
from coach.db import session_scope, utcnow
from coach.errors import NotFound
from coach.patients.models import Patient
from coach.replies import service
from coach.settings import Settings


def chat(
    *,
    library: Library,
    settings: Settings,
    phone: str,
    lines: Iterable[str],
    echo: Callable[[str], None],
) -> None:
    """Feed each line to the pipeline as a text from `phone`; echo answers and new alerts."""
    with session_scope() as session:
        patient = session.exec(select(Patient).where(Patient.phone == phone)).first()
        if patient is None:
            raise NotFound(f"no patient with phone {phone}; use the E.164 form, e.g. +12125550123")
        last_alert = session.exec(select(Alert.id).order_by(col(Alert.id).desc())).first() or 0
    for line in lines:
        text = line.rstrip("\n")
        if not text.strip():
            continue
        sid = "SMsim" + uuid.uuid4().hex[:27]
        with session_scope() as session:
            outcome = service.handle_sms(
                session=session,
                library=library,
                settings=settings,
                inbound=service.Inbound(message_sid=sid, from_phone=phone, body=text),
                now=utcnow(),
            )
            parsed = outcome.parsed
            if parsed is not None:
                echo(
                    f"  [understood: {parsed.intent}, pain={parsed.pain}, "
                    f"red_flag={parsed.red_flag}]"
                )
            for reply in outcome.replies or ["(no reply)"]:
                echo(f"coach> {reply}")
            alerts = session.exec(
                select(Alert).where(col(Alert.id) > last_alert).order_by(col(Alert.id))
            ).all()
            for alert in alerts:
                urgency = "URGENT " if alert.urgent else ""
                echo(f"  [{urgency}alert to clinician: {alert.kind} - {alert.reason}]")
                last_alert = alert.id or last_alert
            conversation_id = inbox.conversation_of(session, sid)
            if conversation_id is not None:
                echo(f"  [to the clinic inbox: conversation #{conversation_id}]")
