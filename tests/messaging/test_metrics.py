"""/metrics: outbox depth by status, due-but-unsent lag, failures by Twilio code."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session

from coach.clock import get_now
from coach.db import get_session
from coach.main import create_app
from coach.messaging import outbox
from coach.messaging.models import OutboxMessage, OutboxStatus
from tests.helpers import NOW, patient


def test_metrics_read_the_outbox(engine):
    with Session(engine) as s:
        p = patient(s)
        outbox.enqueue(
            session=s,
            patient=p,
            slot_key="due",
            kind="tip",
            body="x",
            due_at=NOW - timedelta(minutes=2),
            expires_at=NOW + timedelta(hours=1),
            now=NOW,
        )
        s.add(
            OutboxMessage(
                patient_id=p.id or 0,
                slot_key="bad",
                kind="tip",
                to_phone=p.phone,
                body="y",
                status=OutboxStatus.failed,
                error_code=21211,
                due_at=NOW,
                expires_at=NOW,
            )
        )
        s.commit()
    app = create_app()

    def session():
        with Session(engine) as s:
            yield s

    app.dependency_overrides[get_session] = session
    app.dependency_overrides[get_now] = lambda: NOW
    response = TestClient(app).get("/metrics")
    assert response.status_code == 200
    text = response.text
    assert 'coach_outbox_messages{status="scheduled"} 1.0' in text
    assert 'coach_outbox_messages{status="failed"} 1.0' in text
    assert 'coach_outbox_messages{status="sent"} 0.0' in text
    assert "coach_outbox_due_lag_seconds 120.0" in text
    assert 'coach_outbox_failures{code="21211"} 1.0' in text


def _metrics_app(engine, **settings_overrides):
    from coach.settings import get_settings, load_settings

    app = create_app()

    def session():
        with Session(engine) as s:
            yield s

    app.dependency_overrides[get_session] = session
    app.dependency_overrides[get_now] = lambda: NOW
    if settings_overrides:
        app.dependency_overrides[get_settings] = lambda: load_settings(**settings_overrides)
    return app


def test_scrapes_share_one_rendering_for_a_while(engine):
    from coach.messaging.metrics import Cached

    calls = []
    clock = [0.0]
    cache = Cached(ttl=15, clock=lambda: clock[0])

    def produce() -> bytes:
        calls.append(1)
        return b"x"

    for _ in range(40):
        cache.get(produce)
    assert len(calls) == 1
    clock[0] = 15.0
    cache.get(produce)
    assert len(calls) == 2
    # Through the app: a second scrape does not query the outbox again.
    client = TestClient(_metrics_app(engine))
    first = client.get("/metrics").text
    with Session(engine) as s:
        p = patient(s)
        outbox.enqueue(
            session=s, patient=p, slot_key="later", kind="tip", body="x",
            due_at=NOW, expires_at=NOW + timedelta(hours=1), now=NOW,
        )  # fmt: skip
        s.commit()
    assert client.get("/metrics").text == first


def test_a_metrics_token_is_required_when_set(engine):
    client = TestClient(_metrics_app(engine, metrics_token="scrape-me-123"))
    assert client.get("/metrics").status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert client.get("/metrics", headers=wrong).status_code == 401
    right = {"Authorization": "Bearer scrape-me-123"}
    assert client.get("/metrics", headers=right).status_code == 200
