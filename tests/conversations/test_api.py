"""`/v1/conversations` and friends over HTTP: filters, the error shape, canned replies and
starting a conversation."""

from __future__ import annotations

from sqlmodel import select

from coach.conversations.models import Conversation
from tests import factories


def test_filters_by_status_and_assignee(client, db, owner, enrolled):
    conversation = factories.conversation(db, int(enrolled["id"]))
    url = "/v1/conversations"
    assert client.get(url, headers=owner.headers).json()["total"] == 1
    assert client.get(f"{url}?assigned=me", headers=owner.headers).json()["total"] == 0
    assert client.get(f"{url}?assigned=unassigned", headers=owner.headers).json()["total"] == 1
    assert client.get(f"{url}?status=closed", headers=owner.headers).json()["total"] == 0
    assigned = client.post(
        f"{url}/{conversation.id}/assign", json={"clinician_id": owner.id}, headers=owner.headers
    )
    assert assigned.status_code == 200 and assigned.json()["assignee_id"] == owner.id
    assert client.get(f"{url}?assigned=me", headers=owner.headers).json()["total"] == 1
    bad = client.get(f"{url}?status=pending", headers=owner.headers)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "status"


def test_canned_replies_come_in_both_languages(client, owner):
    canned = client.get("/v1/replies/canned", headers=owner.headers).json()
    ids = {c["id"] for c in canned}
    assert {"canned.call_today", "canned.book_visit", "canned.keep_exercises"} <= ids
    assert all(c["en"] and c["es"] and c["en"] != c["es"] for c in canned)


def test_a_clinician_starts_a_conversation_and_sees_the_cost(client, db, owner, enrolled):
    url = f"/v1/patients/{enrolled['id']}/messages"
    long = "Hi Sam, " + "please keep the exercises gentle and stop if it hurts more. " * 3
    sent = client.post(url, json={"text": long}, headers=owner.headers)
    assert sent.status_code == 201, sent.text
    body = sent.json()
    assert body["segments"] == 2
    assert body["entry"]["kind"] == "clinician" and body["entry"]["delivery_status"] == "scheduled"
    (conversation,) = db.exec(select(Conversation)).all()
    assert conversation.opened_by == "clinician" and conversation.first_response_at is None
    again = client.post(url, json={"canned": "canned.call_today"}, headers=owner.headers)
    assert again.json()["conversation_id"] == body["conversation_id"]  # joins the open one


def test_text_and_canned_are_exclusive_and_text_must_be_printable(client, owner, enrolled):
    url = f"/v1/patients/{enrolled['id']}/messages"
    both = client.post(
        url, json={"text": "hi", "canned": "canned.call_today"}, headers=owner.headers
    )
    assert both.status_code == 422
    assert client.post(url, json={}, headers=owner.headers).status_code == 422
    control = client.post(url, json={"text": "hi\x07"}, headers=owner.headers)
    assert control.status_code == 422 and control.json()["error"]["field"] == "text"


def test_the_inbox_report_refuses_a_backwards_range(client, owner):
    bad = client.get("/v1/reports/inbox?since=2026-06-10&until=2026-06-01", headers=owner.headers)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "until"
    ok = client.get("/v1/reports/inbox", headers=owner.headers).json()
    assert ok["opened"] == 0 and ok["median_first_response_seconds"] is None
