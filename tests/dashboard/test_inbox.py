"""Inbox pages on the conversations service: list, thread, reply, note, assign, close."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from coach.conversations.models import Conversation, ConversationStatus
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
    empty = client.post(f"/app/inbox/{cid}/reply", data={"csrf_token": token, "text": ""})
    assert empty.status_code == 409 and "give exactly one of text and canned" in empty.text
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
