"""Inbox pages on the conversations service: list, thread, reply, note, assign, close."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from coach.conversations.models import (
    Conversation,
    ConversationEntry,
    ConversationStatus,
    EntryKind,
)
from coach.messaging.models import InboundMessage
from tests import factories
from tests.dashboard.pagehelp import sign_in


def start(client: TestClient, owner: factories.Key) -> int:
    """Enroll Sam and text them through the API: an open conversation's id."""
    patient = client.post("/v1/patients", json=factories.enrollment(), headers=owner.headers)
    sent = client.post(
        f"/v1/patients/{patient.json()['id']}/messages",
        json={"text": "Hi Sam, how is the neck today?"},
        headers=owner.headers,
    )
    assert sent.status_code == 201, sent.text
    return int(sent.json()["conversation_id"])


def test_inbox_thread_reply_note_assign_and_close(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    cid = start(client, owner)
    token = sign_in(client, db, owner.clinician)
    inbox = client.get("/app")
    assert f'href="/app/inbox/{cid}">Sam</a>' in inbox.text
    thread = client.get(f"/app/inbox/{cid}")
    assert "Hi Sam, how is the neck today?" in thread.text and "canned." in thread.text
    sent = client.post(
        f"/app/inbox/{cid}/reply", data={"csrf_token": token, "text": "Call us if it gets worse"}
    )
    assert sent.status_code == 303
    empty = client.post(f"/app/inbox/{cid}/reply", data={"csrf_token": token, "text": " "})
    assert empty.status_code == 422 and "type a message or choose a canned reply" in empty.text
    client.post(f"/app/inbox/{cid}/note", data={"csrf_token": token, "text": "left a voicemail"})
    client.post(f"/app/inbox/{cid}/assign", data={"csrf_token": token})
    page = client.get(f"/app/inbox/{cid}").text
    assert "Call us if it gets worse" in page and "left a voicemail" in page
    assert "assigned to me" in page
    assert f"/app/inbox/{cid}" in client.get("/app/inbox?assigned=me").text
    client.post(f"/app/inbox/{cid}/close", data={"csrf_token": token})
    db.expire_all()
    assert db.exec(select(Conversation)).one().status == ConversationStatus.closed
    assert "No conversations here." in client.get("/app/inbox").text
    assert f"/app/inbox/{cid}" in client.get("/app/inbox?status=closed").text


def test_another_clinicians_conversation_is_the_404_page(
    client: TestClient, db: Session, owner: factories.Key, other: factories.Key
) -> None:
    cid = start(client, owner)
    token = sign_in(client, db, other.clinician)
    assert "No conversations here." in client.get("/app/inbox").text
    assert client.get(f"/app/inbox/{cid}").status_code == 404
    refused = client.post(f"/app/inbox/{cid}/reply", data={"csrf_token": token, "text": "hi"})
    assert refused.status_code == 404


def test_open_conversations_list_urgent_first_then_longest_waiting(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    def patient(phone: str, name: str) -> int:
        made = client.post(
            "/v1/patients",
            headers=owner.headers,
            json=factories.enrollment(phone=phone, first_name=name),
        )
        return int(made.json()["id"])

    now = factories.NOW
    cases = {  # name: (urgent, waiting since, last activity)
        "Ada": (False, now - timedelta(minutes=10), now),
        "Bea": (True, now - timedelta(minutes=1), now - timedelta(hours=3)),
        "Cal": (False, now - timedelta(minutes=60), now - timedelta(hours=2)),
        "Dev": (False, None, now + timedelta(seconds=1)),
        "Eve": (True, None, now),
    }
    for n, (name, (urgent, waiting, active)) in enumerate(cases.items()):
        row = factories.conversation(db, patient(f"+1212555{n + 20:04d}", name), at=active)
        row.urgent, row.waiting_since = urgent, waiting
        db.add(row)
    db.commit()
    sign_in(client, db, owner.clinician)
    page = client.get("/app/inbox").text
    shown = re.findall(r'href="/app/inbox/\d+">(\w+)</a>', page)
    assert shown == ["Bea", "Eve", "Cal", "Ada", "Dev"]
    # The API keeps its order (newest activity first).
    api = client.get("/v1/conversations", headers=owner.headers).json()["items"]
    assert api[0]["first_name"] == "Dev"


def test_thread_times_are_the_patients_local_time_with_the_zone(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    made = client.post(
        "/v1/patients", headers=owner.headers, json=factories.enrollment(timezone="Europe/Madrid")
    )
    pid = int(made.json()["id"])
    row = factories.conversation(db, pid)
    db.add(
        ConversationEntry(
            conversation_id=row.id or 0, kind=EntryKind.note, text="called", at=factories.NOW
        )
    )
    db.commit()
    sign_in(client, db, owner.clinician)
    page = client.get(f"/app/inbox/{row.id}").text
    assert "2026-06-10 18:00 CEST" in page and "Europe/Madrid" in page  # 16:00 UTC
    assert "16:00 UTC" not in page


def test_a_refused_reply_or_note_keeps_what_was_typed_and_says_what_to_do(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    cid = start(client, owner)
    # Quiet hours around noon, the patient's time now: a reply needs the box ticked.
    patient_id = db.exec(select(Conversation)).one().patient_id
    changed = client.patch(
        f"/v1/patients/{patient_id}",
        json={"quiet_hours": {"start": "11:00", "end": "13:00"}},
        headers=owner.headers,
    )
    assert changed.status_code == 200, changed.text
    token = sign_in(client, db, owner.clinician)
    typed = "Sorry to hear that & <see you> on Monday"
    refused = client.post(f"/app/inbox/{cid}/reply", data={"csrf_token": token, "text": typed})
    assert refused.status_code == 409
    assert "quiet hours: nothing was sent" in refused.text
    assert "Send even in the patient&#39;s quiet hours" in refused.text
    assert "send_in_quiet_hours" not in refused.text.split('role="alert"')[1].split("</p>")[0]
    assert ">Sorry to hear that &amp; &lt;see you&gt; on Monday</textarea>" in refused.text
    canned = client.post(
        f"/app/inbox/{cid}/reply",
        data={"csrf_token": token, "canned": "canned.book_visit", "send_in_quiet_hours": ""},
    )
    assert '<option value="canned.book_visit" selected>' in canned.text
    sent = client.post(
        f"/app/inbox/{cid}/reply",
        data={"csrf_token": token, "text": typed, "send_in_quiet_hours": "yes"},
    )
    assert sent.status_code == 303
    empty_note = client.post(f"/app/inbox/{cid}/note", data={"csrf_token": token, "text": "  "})
    assert empty_note.status_code == 422 and "type the note first" in empty_note.text
    entries = db.exec(select(ConversationEntry).where(ConversationEntry.kind == EntryKind.note))
    assert entries.all() == []


def test_canned_replies_are_offered_as_the_patient_will_get_them(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    made = client.post(
        "/v1/patients",
        headers=owner.headers,
        json=factories.enrollment(language="es", phone="+34 612 345 678", timezone="Europe/Madrid"),
    )
    row = factories.conversation(db, int(made.json()["id"]))
    sign_in(client, db, owner.clinician)
    page = client.get(f"/app/inbox/{row.id}").text
    options = re.findall(r'<option value="canned\.[a-z_]+" >([^<]+)</option>', page)
    assert len(options) == 4, page
    assert any("Por favor pida una cita" in o and "+1 212 555 0100" in o for o in options)
    assert not any("{" in o or "Please book" in o for o in options)
    assert any("llame al 112" in o for o in options)  # Spain's emergency number


def test_the_inbox_shows_what_the_patient_wrote_not_the_coachs_holding_reply(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    kim = factories.enrollment(phone="+1 212 555 0144", first_name="Kim")
    pid = int(client.post("/v1/patients", headers=owner.headers, json=kim).json()["id"])
    row = factories.conversation(db, pid)
    for n, body in enumerate(["is swimming ok?", "can I still go to my <b>yoga</b> class?"]):
        factories.inbound(db, pid, body, factories.NOW, f"SM{n:032d}")
        inbound = db.exec(select(InboundMessage).where(InboundMessage.body == body)).one()
        db.add_all([
            ConversationEntry(conversation_id=row.id or 0, kind=EntryKind.inbound,
                              inbound_id=inbound.id, at=factories.NOW),
            ConversationEntry(conversation_id=row.id or 0, kind=EntryKind.coach,
                              text="Thanks. Your care team will reply", at=factories.NOW),
        ])  # fmt: skip
        db.commit()
    opened_by_clinician = start(client, owner)  # no text from the patient yet
    sign_in(client, db, owner.clinician)
    page = client.get("/app/inbox").text
    assert "can I still go to my &lt;b&gt;yoga&lt;/b&gt; class?" in page
    assert "swimming" not in page and "Your care team will reply" not in page
    assert opened_by_clinician and "<small>Clinician:</small> Hi Sam, how is the neck" in page
