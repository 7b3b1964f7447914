"""A signed-SMS-webhook client over a migrated SQLite file, with the real content library."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.signed_app import PUBLIC, TOKEN, SignedApp, at, running_app

__all__ = ["PUBLIC", "TOKEN", "Webhooks", "at", "webhooks"]


@dataclass
class Webhooks(SignedApp):
    """Posts signed Twilio SMS webhooks to the app."""

    counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def sms(self, sender: str, body: str, sid: str | None = None) -> Any:
        """An inbound text from `sender`, with a fresh MessageSid unless one is given."""
        params = {
            "MessageSid": sid or f"SM{next(self.counter):032d}",
            "AccountSid": "AC" + "0" * 32,
            "From": sender,
            "To": "+15005550006",
            "Body": body,
        }
        return self.post("/twilio/sms", params)


@pytest.fixture
def webhooks(tmp_path: Path) -> Iterator[Webhooks]:
    with running_app(tmp_path) as (client, engine, settings, clock):
        yield Webhooks(client, engine, settings, clock)
