"""The reply pipeline on PostgreSQL: one patient's texts racing in from separate
connections (as from separate web processes) are each answered and stored once, with the
pain history, feedback and conversation the texts before them left."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from coach import migrate
from coach.content.loader import get_library
from coach.conversations.models import Conversation
from coach.db import make_engine
from coach.messaging.models import InboundMessage
from coach.patients.models import PainReport
from coach.replies import service
from coach.settings import load_settings
from tests.alerts.test_alert_races import _race
from tests.helpers import patient
from tests.services import fresh_postgres_database

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 6, 15, 16, 0, tzinfo=UTC)
SCORES = ["pain 6", "4", "about a 3 today", "5/10", "neck is stiff, maybe 7", "2"]


def test_racing_scores_questions_and_retries_from_one_patient():
    settings = load_settings(_env_file=None)
    with fresh_postgres_database() as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        with Session(engine) as s:
            phone = patient(s, start=date(2026, 6, 10)).phone
        texts = [*SCORES, "can someone call me please", "who do I ask about my bill?"]
        outcomes: dict[int, service.Outcome] = {}

        def text(n: int) -> None:
            with Session(engine) as s:
                outcomes[n] = service.handle_sms(
                    session=s,
                    library=get_library(),
                    settings=settings,
                    inbound=service.Inbound(f"SM{n % len(texts):032d}", phone, texts[n % 8]),
                    now=NOW + timedelta(seconds=n),
                )

        assert _race(2 * len(texts), text) == []  # each text twice: Twilio's retries
        with Session(engine) as s:
            stored = s.exec(select(InboundMessage)).all()
            scores = s.exec(select(func.count()).select_from(PainReport)).one()
            conversations = s.exec(select(Conversation)).all()
        engine.dispose()
    assert sorted(m.message_sid for m in stored) == [f"SM{n:032d}" for n in range(len(texts))]
    assert scores == len(SCORES)
    # Every score was answered; a retry got the first delivery's reply, recording nothing.
    by_sid = {m.message_sid: m.reply for m in stored}
    for n, outcome in outcomes.items():
        reply = by_sid[f"SM{n % len(texts):032d}"]
        assert "\x1e".join(outcome.replies) == (reply or "")
    assert all(by_sid[f"SM{n:032d}"] for n in range(len(SCORES)))
    # The two texts a person must read share the patient's one conversation.
    assert len(conversations) == 1
