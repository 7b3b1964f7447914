"""Signed voice webhooks over a migrated SQLite file, with the real content library."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import col, select

from coach.messaging import outbox
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import Channel, Patient
from tests.helpers import patient
from tests.signed_app import PUBLIC, SignedApp, at, running_app

__all__ = ["PUBLIC", "Calls", "action", "at", "placed_call", "spoken", "voice_patient", "xml"]

Response = Any  # what TestClient returns (an httpx response)
PATIENT_PHONE = "+12125550123"
COACH_PHONE = "+15005550006"


@dataclass
class Calls(SignedApp):
    """Posts signed Twilio voice webhooks to the app and parses the TwiML."""

    counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def new_sid(self) -> str:
        return f"CA{next(self.counter):032d}"

    def params(self, sid: str, **extra: str) -> dict[str, str]:
        return {"CallSid": sid, "AccountSid": "AC" + "0" * 32, **extra}

    def outbound(self, outbox_id: int, sid: str, answered_by: str = "human") -> Response:
        params = self.params(sid, From=COACH_PHONE, To=PATIENT_PHONE, AnsweredBy=answered_by)
        return self.post(f"/twilio/voice/call?outbox={outbox_id}", params)

    def inbound(self, sid: str, caller: str = PATIENT_PHONE) -> Response:
        return self.post("/twilio/voice/inbound", self.params(sid, From=caller, To=COACH_PHONE))

    def answer(
        self, root: ET.Element, sid: str, digits: str = "", speech: str = "", **kw: str
    ) -> Response:
        """Answer the Gather of a TwiML document, as Twilio would."""
        gather = root.find("Gather")
        assert gather is not None, ET.tostring(root)
        params = self.params(sid, From=kw.pop("caller", PATIENT_PHONE), To=COACH_PHONE, **kw)
        if digits:
            params["Digits"] = digits
        if speech:
            params["SpeechResult"] = speech
            params["Confidence"] = "0.9"
        return self.post(gather.get("action", ""), params)

    def status(self, sid: str, state: str, outbox_id: int | None = None) -> Response:
        path = "/twilio/voice/status" + (f"?outbox={outbox_id}" if outbox_id else "")
        return self.post(path, self.params(sid, CallStatus=state, To=PATIENT_PHONE))


def xml(response: Response) -> ET.Element:
    """The TwiML of a 200 response, parsed."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.text)
    assert root.tag == "Response"
    return root


def spoken(root: ET.Element) -> list[str]:
    """Every <Say> text, in order, nested ones included."""
    return [say.text or "" for say in root.iter("Say")]


def action(root: ET.Element) -> tuple[str, dict[str, list[str]]]:
    """The Gather action's path and query."""
    gather = root.find("Gather")
    assert gather is not None
    parts = urlsplit(gather.get("action", ""))
    assert parts.scheme + "://" + parts.netloc == PUBLIC
    return parts.path, parse_qs(parts.query)


@pytest.fixture
def calls(tmp_path: Path) -> Iterator[Calls]:
    with running_app(tmp_path) as (client, engine, settings, clock):
        yield Calls(client, engine, settings, clock)


def voice_patient(calls: Calls, **kw: Any) -> Patient:
    """An active patient reached by phone."""
    kw.setdefault("channel", Channel.voice)
    consent = kw.pop("consent", None)
    sms_consent = kw.pop("sms_consent", False)
    with calls.session() as s:
        row = patient(s, phone=kw.pop("phone", PATIENT_PHONE), **kw)
        if consent is not None or sms_consent:
            row.consent_method = consent or row.consent_method
            row.sms_consent = sms_consent
            s.add(row)
            s.commit()
        return row


def placed_call(
    calls: Calls,
    who: Patient,
    sid: str | None,
    *,
    kind: str = "checkin",
    template_id: str = "checkin.prompt",
    slot_key: str | None = None,
) -> int:
    """A voice outbox row that dispatch has sent (with its CallSid when given)."""
    now = calls.clock.now
    with calls.session() as s:
        outbox.enqueue(
            session=s,
            patient=who,
            slot_key=slot_key or f"{who.id}:{kind}:2026-06-10",
            kind=kind,
            template_id=template_id,
            body="Check-in: how is your neck right now?",
            due_at=now,
            expires_at=now + timedelta(hours=2),
            now=now,
            channel="voice",
        )
        row = s.exec(select(OutboxMessage).order_by(col(OutboxMessage.id).desc())).first()
        assert row is not None and row.id is not None
        row.status = OutboxStatus.sent
        row.twilio_sid = sid
        row.sent_at = now
        s.add(row)
        s.commit()
        return row.id
