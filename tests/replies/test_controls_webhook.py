"""Patient controls by SMS end to end: TIME / HORA, FEWER / MENOS, MORE / MAS."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date, time, timedelta
from typing import Any

from sqlmodel import col, select

from coach.content.loader import get_library
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import PainReport, Patient
from coach.scheduling import planner
from coach.scheduling.localtime import local_now
from tests.helpers import patient
from tests.replies.conftest import Webhooks, at

NY = "+12125550123"
NY_OTHER = "+12125550124"
MADRID = "+34612345678"


def texts(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [m.text or "" for m in ET.fromstring(response.text).findall("Message")]


def plan(webhooks: Webhooks) -> None:
    with webhooks.session() as s:
        planner.plan(session=s, library=get_library(), now=webhooks.clock.now)


def live(webhooks: Webhooks, phone: str) -> list[OutboxMessage]:
    """The patient's planned rows that were not cancelled (due time order)."""
    with webhooks.session() as s:
        found = s.exec(select(Patient).where(Patient.phone == phone)).one()
        return list(
            s.exec(
                select(OutboxMessage)
                .where(OutboxMessage.patient_id == found.id)
                .where(col(OutboxMessage.status) == OutboxStatus.scheduled)
                .order_by(col(OutboxMessage.due_at))
            ).all()
        )


def local(row: OutboxMessage, tz: str = "America/New_York") -> tuple[date, time]:
    when = local_now(row.due_at, tz)
    return when.date(), when.time()


def stored(webhooks: Webhooks, phone: str) -> Patient:
    with webhooks.session() as s:
        return s.exec(select(Patient).where(Patient.phone == phone)).one()


def test_time_8pm_moves_tomorrows_checkin_to_8pm_local(webhooks: Webhooks) -> None:
    with webhooks.session() as s:
        patient(s, phone=NY)
    plan(webhooks)
    tomorrow = date(2026, 6, 11)
    before = [local(r) for r in live(webhooks, NY) if r.kind == "checkin"]
    assert (tomorrow, time(20, 0)) not in before
    replies = texts(webhooks.sms(NY, "TIME 8pm"))
    assert len(replies) == 1 and "8:00 pm" in replies[0]
    assert stored(webhooks, NY).checkin_time == time(20, 0)
    checkins = [local(r) for r in live(webhooks, NY) if r.kind == "checkin"]
    assert (tomorrow, time(20, 0)) in checkins
    assert [d for d, _ in checkins].count(tomorrow) == 1, "the old check-in was cancelled"
    # The next runs keep planning it there (00:00 UTC is 20:00 in New York in June).
    webhooks.clock.now += timedelta(days=1)
    plan(webhooks)
    later = [r for r in live(webhooks, NY) if r.kind == "checkin"]
    assert all(local(r)[1] == time(20, 0) for r in later)
    assert at(2026, 6, 13, 0, 0) in [r.due_at for r in later]


def test_a_time_already_past_today_keeps_todays_checkin(webhooks: Webhooks) -> None:
    webhooks.clock.now = at(2026, 6, 10, 14, 0)  # 10:00 in New York
    with webhooks.session() as s:
        patient(s, phone=NY)
    plan(webhooks)
    today, tomorrow = date(2026, 6, 10), date(2026, 6, 11)
    todays = [r.id for r in live(webhooks, NY) if r.kind == "checkin" and local(r)[0] == today]
    assert len(todays) == 1
    assert "9:00 am" in texts(webhooks.sms(NY, "TIME 9am"))[0]
    checkins = [r for r in live(webhooks, NY) if r.kind == "checkin"]
    assert [r.id for r in checkins if local(r)[0] == today] == todays, "today's one stays"
    assert (tomorrow, time(9, 0)) in [local(r) for r in checkins]


def test_time_alone_explains_the_usage_and_changes_nothing(webhooks: Webhooks) -> None:
    with webhooks.session() as s:
        patient(s, phone=NY)
    replies = texts(webhooks.sms(NY, "TIME"))
    assert len(replies) == 1 and "TIME 8pm" in replies[0]
    assert stored(webhooks, NY).checkin_time is None


def _week(webhooks: Webhooks, phone: str, first: date) -> Counter[str]:
    """Planned rows per kind over the seven local days from `first` (cancelled ones aside)."""
    days = {first + timedelta(days=n) for n in range(7)}
    return Counter(r.kind for r in live(webhooks, phone) if local(r)[0] in days)


def _run_planner_for(webhooks: Webhooks, days: int) -> None:
    for _ in range(days * 4):
        plan(webhooks)
        webhooks.clock.now += timedelta(hours=6)


def test_fewer_halves_the_weeks_other_texts_keeps_checkins_and_more_restores(
    webhooks: Webhooks,
) -> None:
    start = date(2026, 6, 11)  # programme day 1 is tomorrow: a whole week to count
    with webhooks.session() as s:
        patient(s, phone=NY, start=start)
        patient(s, phone=NY_OTHER, start=start)
    replies = texts(webhooks.sms(NY, "fewer texts please"))
    assert len(replies) == 1 and "MORE" in replies[0]
    assert stored(webhooks, NY).frequency == "fewer"
    _run_planner_for(webhooks, 8)
    normal, fewer = _week(webhooks, NY_OTHER, start), _week(webhooks, NY, start)
    assert fewer["checkin"] == normal["checkin"] == 7
    others_normal = sum(normal.values()) - 7
    others_fewer = sum(fewer.values()) - 7
    assert others_normal >= 10
    assert others_fewer == (others_normal + 1) // 2
    # MORE: back to the programme as written, from the next planning on.
    replies = texts(webhooks.sms(NY, "MORE"))
    assert len(replies) == 1 and "usual" in replies[0]
    assert stored(webhooks, NY).frequency == "normal"
    _run_planner_for(webhooks, 8)
    week_two = start + timedelta(days=7)
    # Day one of the second week may have been planned while the patient was on FEWER.
    second_normal = _week(webhooks, NY_OTHER, week_two + timedelta(days=1))
    second_more = _week(webhooks, NY, week_two + timedelta(days=1))
    assert second_more == second_normal
    # MORE again: nothing to add on top of the programme, and the patient is told so.
    again = texts(webhooks.sms(NY, "MORE"))
    assert len(again) == 1 and "already" in again[0]


def test_fewer_twice_says_it_is_already_on(webhooks: Webhooks) -> None:
    with webhooks.session() as s:
        patient(s, phone=NY)
    first = texts(webhooks.sms(NY, "FEWER"))
    second = texts(webhooks.sms(NY, "too many texts"))
    assert first != second and "already" in second[0]


def test_hora_23_in_quiet_hours_is_refused_and_nothing_changes(webhooks: Webhooks) -> None:
    webhooks.clock.now = at(2026, 6, 10, 10, 0)  # noon in Madrid
    with webhooks.session() as s:
        patient(s, phone=MADRID, tz="Europe/Madrid", language="es", quiet=(time(22, 0), time(9, 0)))
    plan(webhooks)
    before = [(r.id, r.due_at) for r in live(webhooks, MADRID)]
    replies = texts(webhooks.sms(MADRID, "HORA 23"))
    assert len(replies) == 1
    assert "23:00" in replies[0] and "silencio" in replies[0]
    assert stored(webhooks, MADRID).checkin_time is None
    assert [(r.id, r.due_at) for r in live(webhooks, MADRID)] == before


def test_spanish_controls_answer_in_spanish(webhooks: Webhooks) -> None:
    webhooks.clock.now = at(2026, 6, 10, 10, 0)
    with webhooks.session() as s:
        patient(s, phone=MADRID, tz="Europe/Madrid", language="es", quiet=(time(22, 0), time(9, 0)))
    plan(webhooks)
    menos = texts(webhooks.sms(MADRID, "MENOS"))
    assert "menos mensajes" in menos[0].lower() and "MAS" in menos[0]
    hora = texts(webhooks.sms(MADRID, "HORA 8 de la noche"))
    assert "20:00" in hora[0]
    assert stored(webhooks, MADRID).checkin_time == time(20, 0)
    checkins = [r for r in live(webhooks, MADRID) if r.kind == "checkin"]
    assert checkins and all(local(r, "Europe/Madrid")[1] == time(20, 0) for r in checkins)
    mas = texts(webhooks.sms(MADRID, "MÁS"))
    assert "MENOS" in mas[0]
    assert stored(webhooks, MADRID).frequency == "normal"


def test_a_time_request_after_a_checkin_records_no_pain(webhooks: Webhooks) -> None:
    with webhooks.session() as s:
        patient(s, phone=NY)
    texts(webhooks.sms(NY, "TIME 8pm"))
    with webhooks.session() as s:
        assert s.exec(select(PainReport)).all() == []
