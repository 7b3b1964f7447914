"""The app on a migrated SQLite file, with settings and clock set by the test, and Twilio
webhooks posted with valid signatures: the base of the SMS and voice webhook fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware UTC time."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Clock:
    """The time the app sees; tests move it."""

    now: datetime


@dataclass
class SignedApp:
    """A test client that signs what it posts as Twilio would."""

    client: TestClient
    engine: Engine
    settings: Settings
    clock: Clock

    def sign(self, url: str, params: dict[str, str]) -> str:
        """The X-Twilio-Signature for a path or full public URL and its parameters."""
        full = url if url.startswith(PUBLIC) else PUBLIC + url
        return str(RequestValidator(TOKEN).compute_signature(full, params))

    def post(self, url: str, params: dict[str, str], signature: str | None = None) -> Any:
        """POST to a path or a full public URL, signed unless a signature is given."""
        path = url.removeprefix(PUBLIC)
        signed = signature if signature is not None else self.sign(path, params)
        return self.client.post(path, data=params, headers={"X-Twilio-Signature": signed})

    def session(self) -> Session:
        """A session on the app's database."""
        return Session(self.engine, expire_on_commit=False)


@contextmanager
def running_app(tmp_path: Path) -> Iterator[tuple[TestClient, Engine, Settings, Clock]]:
    """The app over a fresh migrated database, at noon in New York on 10 June 2026."""
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
    clock = Clock(at(2026, 6, 10, 16, 0))

    def session() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as s:
            yield s

    app.dependency_overrides[get_session] = session
    app.dependency_overrides[get_settings] = lambda: settings
    app.dependency_overrides[get_now] = lambda: clock.now
    try:
        with TestClient(app) as client:
            yield client, engine, settings, clock
    finally:
        engine.dispose()
