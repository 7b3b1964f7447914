"""The message log shows both directions: the coach's answers to a patient's texts too."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.messaging.models import InboundMessage
from tests import factories
from tests.factories import NOW
from tests.signed_app import SignedApp, running_app

PHONE = "+12125550123"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[SignedApp]:  # the signed-webhook app, not conftest's
    with running_app(tmp_path) as (client, engine, settings, clock):
        yield SignedApp(client, engine, settings, clock)


def _enroll(app: SignedApp) -> tuple[factories.Key, int]:
    with app.session() as session:
        owner = factories.clinician(session, "owner@clinic.example")
    response = app.client.post("/v1/patients", json=factories.enrollment(), headers=owner.headers)
    assert response.status_code == 201, response.text
    return owner, int(response.json()["id"])


def _text(app: SignedApp, body: str, sid: str) -> list[str]:
    params = {"MessageSid": sid, "From": PHONE, "To": "+15005550006", "Body": body}
    response = app.post("/twilio/sms", params)
    assert response.status_code == 200, response.text
    return [m.text or "" for m in ET.fromstring(response.text).findall("Message")]


def _log(app: SignedApp, owner: factories.Key, pid: int, query: str = "") -> dict[str, Any]:
    response = app.client.get(f"/v1/patients/{pid}/messages{query}", headers=owner.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_coachs_answer_to_a_text_is_in_the_log_after_the_text(app):
    owner, pid = _enroll(app)
    answer = _text(app, "about a 4 today", "SM" + "1" * 32)
    assert len(answer) == 1
    log = _log(app, owner, pid)
    shown = [(m["direction"], m["body"], m["kind"]) for m in log["items"]]
    # Newest first: the answer, then the patient's text it answers.
    assert shown[:2] == [("out", answer[0], "reply"), ("in", "about a 4 today", "pain_report")]
    assert log["items"][0]["channel"] == "sms" and log["items"][0]["status"] == "sent"
    assert log["total"] == len(log["items"])


def test_a_conversation_reads_in_order_both_ways(app):
    owner, pid = _enroll(app)
    first = _text(app, "about a 6", "SM" + "1" * 32)
    app.clock.now += timedelta(hours=1)
    second = _text(app, "HELP", "SM" + "2" * 32)
    bodies = [m["body"] for m in _log(app, owner, pid)["items"]]
    assert bodies[:4] == [second[0], "HELP", first[0], "about a 6"]


def test_a_retried_webhook_adds_no_second_answer(app):
    owner, pid = _enroll(app)
    _text(app, "5", "SM" + "3" * 32)
    _text(app, "5", "SM" + "3" * 32)
    replies = [m for m in _log(app, owner, pid)["items"] if m["kind"] == "reply"]
    assert len(replies) == 1


def test_several_answers_are_separate_items_and_pages_count_them(app):
    owner, pid = _enroll(app)
    with app.session() as session:
        session.add(
            InboundMessage(
                message_sid="SM" + "4" * 32, patient_id=pid, from_phone=PHONE,
                body="my hand went numb, about an 8", intent="pain_report", pain=8,
                red_flag=True, reply="Safety first.\x1ePain noted.", received_at=NOW,
            )
        )  # fmt: skip
        session.add(
            InboundMessage(
                message_sid="SM" + "5" * 32, patient_id=pid, from_phone=PHONE, body="ok thanks",
                intent="other", reply=None, received_at=NOW + timedelta(minutes=5),
            )
        )  # fmt: skip
        session.commit()
    log = _log(app, owner, pid)
    assert [m["body"] for m in log["items"]] == [
        "ok thanks",
        "Pain noted.",
        "Safety first.",
        "my hand went numb, about an 8",
    ]
    assert log["total"] == 4
    second = _log(app, owner, pid, "?limit=1&offset=2")
    assert [m["body"] for m in second["items"]] == ["Safety first."]
    assert second["total"] == 4


def test_a_calls_answers_are_voice(app):
    owner, pid = _enroll(app)
    with app.session() as session:
        session.add(
            InboundMessage(
                message_sid="CA" + "6" * 32 + ":1:checkin", patient_id=pid, from_phone=PHONE,
                body="4", intent="score", pain=4, reply="Thanks, noted.", received_at=NOW,
            )
        )  # fmt: skip
        session.commit()
    items = _log(app, owner, pid)["items"]
    assert [(m["direction"], m["channel"]) for m in items] == [("out", "voice"), ("in", "voice")]


def test_an_opt_out_keyword_gets_no_answer_and_none_is_listed(app):
    owner, pid = _enroll(app)
    assert _text(app, "STOP", "SM" + "7" * 32) == []
    items = _log(app, owner, pid)["items"]
    assert [m["direction"] for m in items if m["kind"] != "welcome"] == ["in"]


@pytest.mark.postgres
def test_the_log_query_runs_on_postgresql():
    from sqlmodel import Session

    from coach import migrate
    from coach.db import make_engine
    from coach.patients import history
    from tests.helpers import patient
    from tests.services import fresh_postgres_database

    with fresh_postgres_database() as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        try:
            with Session(engine, expire_on_commit=False) as session:
                row = patient(session, phone=PHONE)
                assert row.id is not None
                owner = factories.clinician(session, "pg@clinic.example", admin=True)
                session.add(
                    InboundMessage(
                        message_sid="SM" + "8" * 32, patient_id=row.id, from_phone=PHONE,
                        body="7", intent="pain_report", pain=7, reply="One.\x1eTwo.",
                        received_at=NOW,
                    )
                )  # fmt: skip
                session.commit()
                page = history.messages(
                    session=session, actor=owner.clinician, patient_id=row.id, limit=10,
                    offset=0, now=NOW,
                )  # fmt: skip
            assert [(m.direction, m.body, m.channel) for m in page.items] == [
                ("out", "Two.", "sms"),
                ("out", "One.", "sms"),
                ("in", "7", "sms"),
            ]
            assert page.total == 3
        finally:
            engine.dispose()


def test_an_offset_past_the_end_is_an_empty_page(app):
    owner, pid = _enroll(app)
    _text(app, "about a 4 today", "SM" + "9" * 32)
    for offset in (2, 2**63 - 2):
        log = _log(app, owner, pid, f"?limit=50&offset={offset}")
        assert log["items"] == [] and log["total"] == 2
