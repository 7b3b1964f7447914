"""Red-flag categories (CLINICAL.md): each has its urgency, its reply and its own alert."""

from datetime import timedelta

import pytest
from sqlmodel import col, select

from coach.alerts.models import Alert
from coach.alerts.service import shorten
from coach.messaging.models import OutboxMessage
from coach.replies.categories import Category
from coach.replies.parsing import parse_reply
from tests.helpers import patient
from tests.replies.conftest import at
from tests.replies.test_webhook import texts

PHONE = "+12125550123"

EXAMPLES = [
    ("chest pressure going up into my jaw", Category.cardiac),
    ("tengo presion en el pecho y sudo mucho", Category.cardiac),
    ("my speech is slurred", Category.stroke),
    ("my words keep coming out wrong", Category.stroke),
    ("one side of my face is drooping", Category.stroke),
    ("se me cayo un lado de la cara", Category.stroke),
    ("fainted this morning", Category.stroke),
    ("I want to end it all", Category.self_harm),
    ("ya no quiero vivir", Category.self_harm),
    ("I cant breathe properly", Category.airway),
    ("me falta el aire", Category.airway),
    ("hard to swallow and my neck is swollen", Category.airway),
    ("fever and a stiff neck", Category.infection),
    ("tengo fiebre y el cuello rigido", Category.infection),
    ("my left hand went numb", Category.neurological),
    ("tengo hormigueo en las dos manos", Category.neurological),
    ("feeling dizzy when I look up", Category.neurological),
    ("was rear ended yesterday", Category.trauma),
    ("me cai de la escalera", Category.trauma),
    ("waking up with night sweats", Category.serious_illness),
    ("it hurts to swallow", Category.swallowing_lump),
    ("my neck is swollen", Category.swallowing_lump),
    ("found a lump on my neck", Category.swallowing_lump),
]


@pytest.mark.parametrize(("text", "category"), EXAMPLES)
def test_each_category_is_recognised(text: str, category: Category) -> None:
    assert parse_reply(text).categories[0] == category


def test_swallowing_or_swelling_alone_is_not_an_emergency_call() -> None:
    for text in ("it hurts to swallow", "neck is swollen", "me duele al tragar"):
        parsed = parse_reply(text)
        assert not parsed.airway, text
        assert Category.airway not in parsed.categories


def test_several_categories_in_one_text_come_most_urgent_first() -> None:
    parsed = parse_reply("my hand is numb and I have chest pain")
    assert parsed.categories == (Category.cardiac, Category.neurological)


def _alerts(webhooks) -> list[Alert]:
    with webhooks.session() as s:
        return list(s.exec(select(Alert).order_by(col(Alert.id))).all())


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_category_alerts_even_minutes_after_another(webhooks, language: str) -> None:
    with webhooks.session() as s:
        patient(s, phone=PHONE, language=language)
    messages = {
        "en": [
            "chest pain spreading to my jaw",
            "now my speech is slurred",
            "i want to end it all",
            "and i cant breathe",
        ],
        "es": [
            "dolor en el pecho que se va a la mandibula",
            "ahora arrastro las palabras",
            "quiero acabar con todo",
            "y no puedo respirar",
        ],
    }[language]
    replies = []
    for minute, text in enumerate(messages):
        webhooks.clock.now = at(2026, 6, 15, 13, 10 * minute)
        replies.append(texts(webhooks.sms(PHONE, text))[0])
    cats = [a.category for a in _alerts(webhooks)]
    assert cats == ["cardiac", "stroke", "self_harm", "airway"]
    assert all(a.urgent for a in _alerts(webhooks))
    # Each call-now reply says so; self-harm names the crisis line.
    now_word = {"en": "now", "es": "ahora"}[language]
    assert all(now_word in reply.lower() for reply in replies)
    with webhooks.session() as s:
        sms = s.exec(select(OutboxMessage).where(OutboxMessage.kind == "alert")).all()
        assert len(sms) == 4  # one clinician text each


def test_the_same_category_within_the_hour_is_one_alert_but_self_harm_always_alerts(webhooks):
    with webhooks.session() as s:
        patient(s, phone=PHONE)
    webhooks.clock.now = at(2026, 6, 15, 13, 0)
    texts(webhooks.sms(PHONE, "my hand is numb"))
    webhooks.clock.now = at(2026, 6, 15, 13, 20)
    again = texts(webhooks.sms(PHONE, "still numb fingers"))
    assert again, "the safety reply is repeated even when the alert is not"
    texts(webhooks.sms(PHONE, "i want to die"))
    webhooks.clock.now = at(2026, 6, 15, 13, 25)
    texts(webhooks.sms(PHONE, "i want to die"))
    assert [a.category for a in _alerts(webhooks)] == [
        "neurological",
        "self_harm",
        "self_harm",
    ]
    webhooks.clock.now = at(2026, 6, 15, 14, 30)
    texts(webhooks.sms(PHONE, "numb hand again"))
    assert [a.category for a in _alerts(webhooks)][-1] == "neurological"


def test_urgency_words_match_the_category(webhooks):
    with webhooks.session() as s:
        patient(s, phone=PHONE)
    webhooks.clock.now = at(2026, 6, 15, 13, 0)
    cardiac = texts(webhooks.sms(PHONE, "chest pressure going into my jaw"))[0]
    numb = texts(webhooks.sms(PHONE, "my arm went numb"))[0]
    swallow = texts(webhooks.sms(PHONE, "it hurts to swallow"))[0]
    assert "911 now" in cardiac
    assert "today" in numb and "911 now" not in numb
    assert "next few days" in swallow and "call 911 now" in swallow  # only if breathing
    assert "today" not in swallow


def test_alert_reasons_name_the_category_and_clinician_texts_are_not_cut_mid_word(webhooks):
    with webhooks.session() as s:
        patient(s, phone=PHONE)
    webhooks.clock.now = at(2026, 6, 15, 13, 0)
    texts(webhooks.sms(PHONE, "lump on my neck"))
    (alert,) = _alerts(webhooks)
    assert "swallowing_lump" in alert.reason
    with webhooks.session() as s:
        sms = s.exec(select(OutboxMessage).where(OutboxMessage.kind == "alert")).one()
    assert "#" in sms.body and PHONE not in sms.body
    assert "swallowing trouble or a new lump" in sms.body


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("pain 7/10 or more on 3 days in a row since week one", 30) == (
        "pain 7/10 or more on 3 days..."
    )
    assert shorten("short", 30) == "short"


def test_non_urgent_clinician_texts_wait_for_clinic_hours_urgent_never_do(webhooks):
    with webhooks.session() as s:
        patient(s, phone=PHONE)
    # Saturday 03:00 in New York: the clinic (Mon-Fri 08:00-17:00) is closed.
    webhooks.clock.now = at(2026, 6, 13, 7, 0)
    texts(webhooks.sms(PHONE, "wrong number"))
    webhooks.clock.now = at(2026, 6, 13, 7, 5)
    with webhooks.session() as s:
        p = s.exec(select(Alert)).one()
        assert not p.urgent
        sms = s.exec(select(OutboxMessage).where(OutboxMessage.kind == "alert")).one()
        assert sms.due_at == at(2026, 6, 15, 12, 0)  # Monday 08:00 EDT


def test_a_red_flag_that_returns_after_the_clinician_acknowledged_alerts_again(webhooks):
    with webhooks.session() as s:
        patient(s, phone=PHONE)
    webhooks.clock.now = at(2026, 6, 15, 13, 0)
    texts(webhooks.sms(PHONE, "my hand is numb"))
    with webhooks.session() as s:
        (first,) = s.exec(select(Alert)).all()
        first.status = "acknowledged"
        s.add(first)
        s.commit()
    webhooks.clock.now = at(2026, 6, 15, 13, 8)
    texts(webhooks.sms(PHONE, "my hand is numb again"))
    assert [a.category for a in _alerts(webhooks)] == ["neurological", "neurological"]


def test_the_alert_api_shows_the_category(client, owner, db, enrolled):
    from coach.alerts.models import Alert as AlertRow
    from coach.alerts.models import AlertKind

    db.add(
        AlertRow(
            patient_id=int(enrolled["id"]), kind=AlertKind.red_flag, urgent=True,
            reason="red flag: possible cardiac symptoms", category="cardiac",
        )
    )  # fmt: skip
    db.commit()
    (alert,) = client.get("/v1/alerts?status=open", headers=owner.headers).json()["items"]
    assert alert["category"] == "cardiac"


def test_after_a_call_now_red_flag_no_routine_text_goes_out_that_day(webhooks):
    from coach.messaging import outbox as outbox_rows
    from coach.messaging.models import OutboxStatus

    with webhooks.session() as s:
        p = patient(s, phone=PHONE)
        for slot, hour in (("tip", 16), ("checkin", 22), ("tomorrow", 40)):
            outbox_rows.enqueue(
                session=s, patient=p, slot_key=f"{p.id}:{slot}",
                kind="screen_break" if slot == "tip" else "checkin", body=slot,
                due_at=at(2026, 6, 15, 0, 0) + timedelta(hours=hour),
                expires_at=at(2026, 6, 15, 0, 0) + timedelta(hours=hour + 1),
                now=at(2026, 6, 15, 13, 0),
            )  # fmt: skip
        s.commit()
    webhooks.clock.now = at(2026, 6, 15, 13, 0)  # 09:00 in New York
    texts(webhooks.sms(PHONE, "crushing chest pain going into my jaw"))
    with webhooks.session() as s:
        rows = {r.body: r.status for r in s.exec(select(OutboxMessage)).all() if r.kind != "alert"}
    assert rows["tip"] == OutboxStatus.cancelled and rows["checkin"] == OutboxStatus.cancelled
    assert rows["tomorrow"] == OutboxStatus.scheduled


def test_the_airway_reply_does_not_assume_a_swelling(webhooks):
    with webhooks.session() as s:
        patient(s, phone=PHONE)
    (reply,) = texts(webhooks.sms(PHONE, "i cant breathe properly"))
    assert "911 now" in reply and "swelling" not in reply
