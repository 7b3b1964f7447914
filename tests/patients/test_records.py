"""Per-patient records: pain history, the message log, adherence and the pain chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

from coach.messaging.models import OutboxStatus
from tests import factories
from tests.factories import NOW


def test_pain_history_oldest_first(client, owner, db, enrolled):
    factories.pain(db, enrolled["id"], [7, 6, 4])
    page = client.get(f"/v1/patients/{enrolled['id']}/pain", headers=owner.headers).json()
    assert [p["score"] for p in page["items"]] == [7, 6, 4]
    assert page["total"] == 3
    assert set(page["items"][0]) == {"score", "reported_at", "source"}
    assert page["items"][-1]["reported_at"].startswith("2026-06-10T16:00:00")


def test_message_log_merges_in_and_out_newest_first(client, owner, db, enrolled):
    pid = enrolled["id"]
    factories.sent(db, pid, "How is your neck today, 0-10?", NOW - timedelta(hours=3),
                   OutboxStatus.delivered)  # fmt: skip
    factories.inbound(db, pid, "about a 6", NOW - timedelta(hours=2), sid="SM1")
    factories.sent(db, pid, "Chin tucks: 10 slow ones.", NOW - timedelta(hours=1),
                   OutboxStatus.undelivered)  # fmt: skip
    page = client.get(f"/v1/patients/{pid}/messages", headers=owner.headers).json()
    assert [(m["direction"], m["status"]) for m in page["items"]] == [
        ("out", "undelivered"),
        ("in", None),
        ("out", "delivered"),
    ]
    assert page["items"][1]["body"] == "about a 6"
    assert page["total"] == 3, "the planned (not yet sent) messages are not in the log"
    second = client.get(f"/v1/patients/{pid}/messages?limit=1&offset=1", headers=owner.headers)
    assert [m["body"] for m in second.json()["items"]] == ["about a 6"]


def test_adherence_counts_per_exercise(client, owner, db, enrolled):
    pid = enrolled["id"]
    for exercise_id, done in [("chin-tuck", True), ("chin-tuck", True), ("chin-tuck", False),
                              ("shoulder-roll", True)]:  # fmt: skip
        factories.exercise(db, pid, exercise_id, done)
    body = client.get(f"/v1/patients/{pid}/adherence", headers=owner.headers).json()
    assert (body["done"], body["skipped"], body["rate"]) == (3, 1, 0.75)
    assert body["exercises"] == [
        {"exercise_id": "chin-tuck", "done": 2, "skipped": 1},
        {"exercise_id": "shoulder-roll", "done": 1, "skipped": 0},
    ]


def test_adherence_without_logs(client, owner, enrolled):
    body = client.get(f"/v1/patients/{enrolled['id']}/adherence", headers=owner.headers).json()
    assert body == {"done": 0, "skipped": 0, "rate": None, "exercises": []}


def test_pain_chart_is_svg_with_threshold_lines(client, owner, db, enrolled):
    factories.pain(db, enrolled["id"], [8, 7, 7, 5, 4, 3])
    response = client.get(f"/v1/patients/{enrolled['id']}/pain.svg", headers=owner.headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = response.text
    assert "high pain (7)" in text and "still high after 42 days (4)" in text


def test_pain_chart_with_no_reports(client, owner, enrolled):
    response = client.get(f"/v1/patients/{enrolled['id']}/pain.svg", headers=owner.headers)
    assert response.status_code == 200
    assert "no pain reports yet" in response.text
