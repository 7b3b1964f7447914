"""A whole journey through the public interfaces: a clinician enrolls a patient, the coach
texts them at the right local times, the patient replies, persistent high pain reaches the
clinician, who acknowledges it; STOP ends it all."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from coach.clinicians import service as clinicians
from coach.content.loader import get_library
from coach.messaging.dispatch import DispatchConfig, dispatch_due
from coach.messaging.models import OutboxMessage
from coach.messaging.transport import RecordingTransport
from coach.scheduling import planner
from tests.factories import bearer, enrollment
from tests.replies.conftest import Webhooks
from tests.signed_app import PUBLIC, running_app

PATIENT = "+12125550123"
CLINICIAN_PHONE = "+12125550999"
NEW_YORK = ZoneInfo("America/New_York")


def open_alerts(client, auth):
    body = client.get("/v1/alerts?status=open", headers=auth).json()
    return body["items"] if isinstance(body, dict) else body


def test_enrollment_to_alert_to_acknowledgement(tmp_path):
    with running_app(tmp_path) as (client, engine, settings, clock):
        app = Webhooks(client, engine, settings, clock)
        with Session(engine) as s:
            _, key = clinicians.create_clinician(
                session=s, name="Dr Ana", email="ana@clinic.example", now=clock.now
            )
        auth = bearer(key)
        transport = RecordingTransport()
        config = DispatchConfig(public_url=PUBLIC)

        def worker_tick() -> None:
            """What `coach worker` does on each tick: plan, then send what is due."""
            with Session(engine) as s:
                planner.plan(session=s, library=get_library(), now=clock.now)
            dispatch_due(engine=engine, transport=transport, config=config, now=lambda: clock.now)

        def text(body: str) -> list[str]:
            response = app.sms(PATIENT, body)
            assert response.status_code == 200
            return [m.text or "" for m in ET.fromstring(response.text).findall("Message")]

        created = client.post("/v1/patients", json=enrollment(), headers=auth)
        assert created.status_code == 201, created.text
        patient_id = created.json()["id"]

        # Noon in New York: the welcome goes out at once and names the clinic.
        worker_tick()
        welcome = transport.texts_to(PATIENT)[0]
        assert "Riverside Physio" in welcome and "STOP" in welcome

        replies: list[str] = []
        evening = clock.now.astimezone(NEW_YORK).replace(hour=19, minute=5)
        for day in range(3):
            # 19:05 local: the day's check-in (18:00-19:00 window) has gone out; reply 8.
            clock.now = evening + timedelta(days=day)
            worker_tick()
            replies = text("8")
            assert replies
        # The third high score in a row: "see your clinician" once, and one alert.
        assert len(replies) == 2
        worker_tick()
        # Not urgent: the clinician's text waits for clinic hours (Mon-Fri 08:00-17:00 New
        # York by default), then goes out.
        assert transport.texts_to(CLINICIAN_PHONE) == []
        while clock.now.astimezone(NEW_YORK).weekday() > 4 or not (
            8 <= clock.now.astimezone(NEW_YORK).hour < 17
        ):
            clock.now += timedelta(minutes=30)
        worker_tick()
        (alert_text,) = transport.texts_to(CLINICIAN_PHONE)
        assert f"#{patient_id}" in alert_text
        assert PATIENT not in alert_text and "Sam" not in alert_text

        with Session(engine) as s:
            sent = s.exec(select(OutboxMessage).where(OutboxMessage.to_phone == PATIENT)).all()
        checkins = [r for r in sent if r.kind == "checkin" and r.sent_at is not None]
        assert len(checkins) == 3
        for row in sent:  # nothing planned or sent in quiet hours (21:00-08:00 local)
            assert 8 <= row.due_at.astimezone(NEW_YORK).hour < 21, row

        # The clinician sees the alert and the pain history, and acknowledges it.
        (alert,) = open_alerts(client, auth)
        assert alert["kind"] == "persistent"
        pain = client.get(f"/v1/patients/{patient_id}/pain", headers=auth).json()["items"]
        assert [p["score"] for p in pain] == [8, 8, 8]
        ack = client.post(
            f"/v1/alerts/{alert['id']}/ack", json={"note": "Called, booked."}, headers=auth
        )
        assert ack.status_code == 200
        assert open_alerts(client, auth) == []

        # STOP: Twilio answers it; the coach stays silent and sends nothing more.
        assert text("STOP") == []
        before = len(transport.texts_to(PATIENT))
        clock.now += timedelta(days=1)
        worker_tick()
        assert len(transport.texts_to(PATIENT)) == before
        status = client.get(f"/v1/patients/{patient_id}", headers=auth).json()["status"]
        assert status == "opted_out"
