"""Signed voice webhooks over a migrated SQLite file, with the real content library."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from twilio.request_validator import RequestValidator

from coach import migrate
from coach.clock import get_now
from coach.db import get_session, make_engine
from coach.main import create_app
from coach.messaging import outbox
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import Channel, Patient
from coach.settings import Settings, get_settings, load_settings
from tests.helpers import patient

Response = Any  # what TestClient returns (an httpx response)
TOKEN = "test-auth-token-0123456789"
PUBLIC = "https://coach.example.org"
PATIENT_PHONE = "+12125550123"
COACH_PHONE = "+15005550006"


@dataclass
class Clock:
    """The time the app sees; tests move it."""

    now: datetime


@dataclass
class Calls:
    """Posts signed Twilio voice webhooks to the app and parses the TwiML."""

    client: TestClient
    engine: Engine
    settings: Settings
    counter: Iterator[int]
    clock: Clock

    def sign(self, url: str, params: dict[str, str]) -> str:
        return str(RequestValidator(TOKEN).compute_signature(url, params))

    def post(self, url: str, params: dict[str, str], signature: str | None = None) -> Response:
        """POST to a path or to a full public URL (as found in a Gather action)."""
        path = url.removeprefix(PUBLIC)
        headers = {
            "X-Twilio-Signature": signature
            if signature is not None
            else self.sign(PUBLIC + path, params)
        }
        return self.client.post(path, data=params, headers=headers)

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

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)


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


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def calls(tmp_path: Path) -> Iterator[Calls]:
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    settings = load_settings(
        database_url=url,
        twilio_auth_token=TOKEN,
        public_url=PUBLIC,
        transport="console",
        clinic_name="Riverside Physio",
        clinic_phone="+1 212 555 0100",
    )
    app = create_app()
    clock = Clock(at(2026, 6, 10, 16, 0))  # noon in New York

    def session() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as s:
            yield s

    app.dependency_overrides[get_session] = session
    app.dependency_overrides[get_settings] = lambda: settings
    app.dependency_overrides[get_now] = lambda: clock.now
    with TestClient(app) as client:
        yield Calls(client, engine, settings, itertools.count(1), clock)
    engine.dispose()


def voice_patient(calls: Calls, **kw: Any) -> Patient:
    """An active patient reached by phone."""
    kw.setdefault("channel", Channel.voice)
    consent = kw.pop("consent", None)
    with calls.session() as s:
        row = patient(s, phone=kw.pop("phone", PATIENT_PHONE), **kw)
        if consent is not None:
            row.consent_method = consent
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
