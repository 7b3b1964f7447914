"""A signed-webhook client over a migrated SQLite file, with the real content library."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session
from twilio.request_validator import RequestValidator

from coach import migrate
from coach.clock import get_now
from coach.db import get_session, make_engine
from coach.main import create_app
from coach.settings import Settings, get_settings, load_settings

TOKEN = "test-auth-token-0123456789"
PUBLIC = "https://coach.example.org"


@dataclass
class Clock:
    """The time the app sees; tests move it."""

    now: datetime


@dataclass
class Webhooks:
    """Posts signed Twilio webhooks to the app."""

    client: TestClient
    engine: Engine
    settings: Settings
    counter: Iterator[int]
    clock: Clock

    def sign(self, path: str, params: dict[str, str]) -> str:
        return str(RequestValidator(TOKEN).compute_signature(PUBLIC + path, params))

    def post(self, path: str, params: dict[str, str], signature: str | None = None):
        headers = {
            "X-Twilio-Signature": signature if signature is not None else self.sign(path, params)
        }
        return self.client.post(path, data=params, headers=headers)

    def sms(self, sender: str, body: str, sid: str | None = None):
        params = {
            "MessageSid": sid or f"SM{next(self.counter):032d}",
            "AccountSid": "AC" + "0" * 32,
            "From": sender,
            "To": "+15005550006",
            "Body": body,
        }
        return self.post("/twilio/sms", params)

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)


@pytest.fixture
def webhooks(tmp_path) -> Iterator[Webhooks]:
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
        yield Webhooks(client, engine, settings, itertools.count(1), clock)
    engine.dispose()


def at(*args: int) -> datetime:
    from datetime import UTC

    return datetime(*args).replace(tzinfo=UTC)  # type: ignore[arg-type]
