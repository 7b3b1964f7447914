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
