"""Fixtures for the inbox tests: a patient and a way to text as them through the pipeline."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime

import pytest
from sqlmodel import Session

from coach.content.loader import get_library
from coach.replies.service import Inbound, Outcome, handle_sms
from coach.settings import Settings

Texter = Callable[..., Outcome]


@pytest.fixture
def texts(db: Session, settings: Settings) -> Texter:
    """`texts(phone, body, now, sid=None)`: one inbound text through `handle_sms`."""
    counter = itertools.count(1)

    def send(phone: str, body: str, now: datetime, sid: str | None = None) -> Outcome:
        inbound = Inbound(message_sid=sid or f"SM{next(counter):032d}", from_phone=phone, body=body)
        return handle_sms(
            session=db, library=get_library(), settings=settings, inbound=inbound, now=now
        )

    return send
