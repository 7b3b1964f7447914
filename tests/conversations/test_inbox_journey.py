"""Issue 12's bar, over HTTP and the real dispatcher: a question the coach cannot answer
reaches the patient's clinician (and nobody else), the clinician answers by SMS, the
patient's answer joins the same thread, the clinician closes it; after an opt-out a reply
is refused and nothing is sent."""

import xml.etree.ElementTree as ET
from datetime import timedelta

from sqlmodel import Session

from coach.clinicians import service as clinicians
from coach.messaging.dispatch import DispatchConfig, dispatch_due
from coach.messaging.transport import RecordingTransport
from tests.factories import bearer, enrollment
from tests.replies.conftest import Webhooks
from tests.signed_app import PUBLIC, running_app

PATIENT = "+12125550123"


def test_a_question_reaches_the_clinician_who_answers_by_sms(tmp_path):
    with running_app(tmp_path) as (client, engine, settings, clock):
        app = Webhooks(client, engine, settings, clock)
        with Session(engine) as s:
            _, key = clinicians.create_clinician(
                session=s, name="Dr Ana", email="ana@clinic.example", now=clock.now
            )
            _, other_key = clinicians.create_clinician(
                session=s, name="Dr Bo", email="bo@clinic.example", now=clock.now
            )
        auth, other = bearer(key), bearer(other_key)
        transport = RecordingTransport()
        config = DispatchConfig(public_url=PUBLIC)

        def dispatch() -> None:
            dispatch_due(engine=engine, transport=transport, config=config, now=lambda: clock.now)

        def text(body: str, sid: str | None = None) -> list[str]:
            response = app.sms(PATIENT, body, sid=sid)
            assert response.status_code == 200
            return [m.text or "" for m in ET.fromstring(response.text).findall("Message")]

        created = client.post("/v1/patients", json=enrollment(), headers=auth)
        patient_id = created.json()["id"]
        dispatch()  # the welcome

        # An unknown question: one holding reply (clinic open: reply during clinic hours)...
        (holding,) = text("Can I still go to the gym?", sid="SM" + "1" * 32)
        assert "care team" in holding and "911" in holding
        assert "didn't catch" not in holding
        # ...a second message in the same conversation gets none, and a retried webhook
        # adds nothing to the thread.
        clock.now += timedelta(minutes=1)
        assert text("Also, is swimming ok?") == []
        assert text("Can I still go to the gym?", sid="SM" + "1" * 32) == [holding]

        listed = client.get("/v1/conversations?status=open&assigned=all", headers=auth).json()
        (conversation,) = listed["items"]
        assert conversation["patient_id"] == patient_id
        assert conversation["first_name"] == "Sam"
        assert conversation["last_message"]["preview"] == "Also, is swimming ok?"
        assert conversation["waiting_seconds"] == 60  # since the first question
        cid = conversation["id"]
        # Another clinician sees nothing: an empty list and a 404, as for a missing one.
        assert client.get("/v1/conversations", headers=other).json()["items"] == []
        assert client.get(f"/v1/conversations/{cid}", headers=other).status_code == 404
        url = f"/v1/conversations/{cid}/messages"
        refused = client.post(url, json={"text": "hi"}, headers=other)
        assert refused.status_code == 404

        clock.now += timedelta(minutes=30)
        sent = client.post(
            f"/v1/conversations/{cid}/messages",
            json={"text": "Hi Sam, yes, gentle gym work is fine. Skip heavy overhead lifts."},
            headers=auth,
        )
        assert sent.status_code == 201, sent.text
        assert sent.json()["segments"] == 1
        dispatch()
        reply_sms = transport.sent[-1]
        assert reply_sms.to == PATIENT and reply_sms.body.startswith("Hi Sam, yes")
        assert reply_sms.status_callback == f"{PUBLIC}/twilio/status"
        callback = {"MessageSid": reply_sms.sid, "MessageStatus": "delivered"}
        assert app.post("/twilio/status", callback).status_code == 204

        # The patient answers: it joins the same thread, with no automatic reply.
        assert text("Great, thanks so much, see you Friday") == []
        thread = client.get(f"/v1/conversations/{cid}", headers=auth).json()
        kinds = [(e["kind"], e["text"]) for e in thread["entries"]]
        assert kinds == [
            ("inbound", "Can I still go to the gym?"),
            ("coach", holding),
            ("inbound", "Also, is swimming ok?"),
            ("clinician", "Hi Sam, yes, gentle gym work is fine. Skip heavy overhead lifts."),
            ("inbound", "Great, thanks so much, see you Friday"),
        ]
        assert thread["entries"][3]["delivery_status"] == "delivered"
        assert thread["first_response_at"] is not None
        assert thread["assignee_id"] is not None

        closed = client.post(f"/v1/conversations/{cid}/close", headers=auth)
        assert closed.json()["status"] == "closed"
        assert client.get("/v1/conversations", headers=auth).json()["items"] == []

        # A new question opens a new conversation; the patient opts out in the middle;
        # the clinician's next reply is refused and nothing goes out.
        assert len(text("Should I wear the collar at night?")) == 1
        (second,) = client.get("/v1/conversations", headers=auth).json()["items"]
        assert second["id"] != cid
        assert text("STOP") == []
        before = len(transport.sent)
        late = client.post(
            f"/v1/conversations/{second['id']}/messages", json={"text": "No collar"}, headers=auth
        )
        assert late.status_code == 409
        assert late.json()["error"]["code"] == "conflict"
        dispatch()
        assert len(transport.sent) == before
        report = client.get("/v1/reports/inbox", headers=auth).json()
        assert report["opened"] == 2 and report["closed"] == 1
        assert report["clinicians"][0]["median_first_response_seconds"] == 31 * 60
