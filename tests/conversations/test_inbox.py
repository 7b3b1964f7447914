"""The inbox through its services: routing from the SMS pipeline, the holding reply, alerts
in the thread, and the rules a clinician's SMS must obey."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

from coach.alerts.models import Alert
from coach.clinicians.models import Clinician
from coach.content.loader import get_library
from coach.conversations import reports, sending, service
from coach.conversations.models import Conversation, ConversationEntry, EntryKind
from coach.conversations.schemas import MessageIn
from coach.errors import Conflict, InvalidInput, NotFound
from coach.messaging import metrics
from coach.messaging.models import OutboxMessage
from coach.patients.models import Channel, Patient, PatientStatus
from coach.settings import Settings, load_settings
from tests.helpers import clinician, patient

PHONE = "+12125550123"
NOON = datetime(2026, 6, 10, 16, 0, tzinfo=UTC)  # Wednesday, noon in New York
EVENING = datetime(2026, 6, 10, 23, 30, tzinfo=UTC)  # Wednesday 19:30 in New York
FRIDAY_NIGHT = datetime(2026, 6, 12, 22, 0, tzinfo=UTC)  # Friday 18:00 in New York


def owner_of(db: Session, p: Patient) -> Clinician:
    row = db.get(Clinician, p.clinician_id)
    assert row is not None
    return row


def conversations(db: Session) -> list[Conversation]:
    return list(db.exec(select(Conversation)).all())


def send(db: Session, settings: Settings, actor: Clinician, cid: int, now=NOON, **body):
    return sending.send_message(
        session=db, actor=actor, library=get_library(), settings=settings,
        conversation_id=cid, body=MessageIn(**body), now=now,
    )  # fmt: skip


def test_during_clinic_hours_the_holding_reply_says_so_once(db, texts):
    patient(db)
    (holding,) = texts(PHONE, "can I still go to the gym?", NOON).replies
    assert holding.startswith("Thanks. Your care team will read this and reply during clinic")
    assert "911" in holding
    assert texts(PHONE, "what about yoga classes?", NOON + timedelta(minutes=2)).replies == []
    (conversation,) = conversations(db)
    assert conversation.holding_sent_at == NOON


def test_a_possible_red_flag_gets_the_safety_net_every_time_never_thanks(db, texts):
    """Tester: a possible red flag was answered "Thanks. Your care team will read this", and
    a second worrying text in the open conversation got no answer at all. (The tester's own
    wordings are urgent red flags now; these are ones the rules can only call possible.)"""
    patient(db)
    texts(PHONE, "can I still go to the gym?", NOON)  # the conversation is open, holding sent
    for minute, text in enumerate(["my arm feels weird", "la mano la siento rara"]):
        (reply,) = texts(PHONE, text, NOON + timedelta(minutes=minute + 1)).replies
        assert not reply.startswith(("Thanks", "Gracias"))
        assert "911" in reply and "988" in reply  # emergency and crisis lines, either language
    (conversation,) = conversations(db)
    assert conversation.waiting_since is not None
    assert conversation.urgent  # listed first in the inbox


def test_after_hours_the_patient_hears_when_the_clinic_will_reply(db, texts):
    patient(db)
    (holding,) = texts(PHONE, "can I still go to the gym?", EVENING).replies
    assert "reply tomorrow after 8:00 am" in holding


def test_on_a_friday_evening_the_reply_names_monday_in_spanish(db, texts):
    patient(db, language="es")
    (holding,) = texts(PHONE, "¿puedo ir al gimnasio?", FRIDAY_NIGHT).replies
    assert "el lunes a partir de las 08:00" in holding and "911" in holding


def test_a_text_the_coach_answers_opens_nothing(db, texts):
    patient(db)
    assert texts(PHONE, "8", NOON).replies
    assert texts(PHONE, "ok thanks", NOON).replies == []
    assert conversations(db) == []


def test_a_red_flag_opens_an_urgent_conversation_with_the_alert_after_the_text(db, texts):
    p = patient(db)
    replies = texts(PHONE, "my left hand feels numb and weak", NOON).replies
    assert len(replies) == 1 and "911" in replies[0]  # the safety reply, no holding reply
    (conversation,) = conversations(db)
    assert conversation.urgent and conversation.opened_by == "alert"
    thread = service.get_thread(
        session=db, actor=owner_of(db, p), conversation_id=conversation.id or 0, now=NOON
    )
    assert [e.kind for e in thread.entries] == ["inbound", "coach", "alert"]
    alert = db.exec(select(Alert)).one()
    assert thread.entries[2].alert_id == alert.id and thread.entries[2].alert_kind == "red_flag"


def test_retried_webhooks_add_nothing_to_the_thread(db, texts):
    patient(db)
    first = texts(PHONE, "call me please", NOON, sid="SM" + "7" * 32)
    again = texts(PHONE, "call me please", NOON, sid="SM" + "7" * 32)
    assert again.duplicate and again.replies == first.replies
    entries = db.exec(select(ConversationEntry)).all()
    assert [e.kind for e in entries] == [EntryKind.inbound, EntryKind.coach]


def test_the_patients_answer_to_a_clinician_reopens_the_inbox(db, settings, texts):
    p = patient(db)
    actor = owner_of(db, p)
    sent = sending.start_conversation(
        session=db, actor=actor, library=get_library(), settings=settings,
        patient_id=p.id or 0, body=MessageIn(text="How is the neck?"), now=NOON,
    )  # fmt: skip
    service.close(session=db, actor=actor, conversation_id=sent.conversation_id, now=NOON)
    row = db.exec(select(OutboxMessage).where(OutboxMessage.kind == "clinician")).one()
    row.status, row.sent_at = "sent", NOON  # as the dispatcher would
    db.add(row)
    db.commit()
    # "DONE" is something the coach answers, but it answers a clinician: a person sees it.
    assert texts(PHONE, "better, did the stretches. DONE", NOON + timedelta(hours=1)).replies
    assert len([c for c in conversations(db) if c.status == "open"]) == 1


def test_a_clinicians_reply_obeys_quiet_hours_unless_told(db, settings, texts):
    p = patient(db, quiet=(time(21, 0), time(8, 0)))
    texts(PHONE, "call me please", NOON)
    (conversation,) = conversations(db)
    night = datetime(2026, 6, 11, 2, 0, tzinfo=UTC)  # 22:00 in New York
    with pytest.raises(Conflict) as refused:
        send(db, settings, owner_of(db, p), conversation.id or 0, now=night, text="Hi")
    assert refused.value.field == "send_in_quiet_hours"
    sent = send(
        db, settings, owner_of(db, p), conversation.id or 0, now=night,
        text="Hi", send_in_quiet_hours=True,
    )  # fmt: skip
    assert sent.entry.delivery_status == "scheduled"


def test_a_voice_patient_without_sms_consent_cannot_be_texted(db, settings):
    p = patient(db, channel=Channel.voice)
    with pytest.raises(Conflict, match="call them"):
        sending.start_conversation(
            session=db, actor=owner_of(db, p), library=get_library(), settings=settings,
            patient_id=p.id or 0, body=MessageIn(text="Hi"), now=NOON,
        )  # fmt: skip
    assert conversations(db) == [] and db.exec(select(OutboxMessage)).all() == []


def test_a_canned_reply_goes_out_in_the_patients_language_with_its_cost(db, settings, texts):
    p = patient(db, language="es")
    texts(PHONE, "¿puedo ir al gimnasio?", NOON)
    (conversation,) = conversations(db)
    sent = send(db, settings, owner_of(db, p), conversation.id or 0, canned="canned.book_visit")
    assert sent.entry.text is not None and sent.entry.text.startswith("Gracias por avisarnos")
    assert sent.segments == 1
    long = send(db, settings, owner_of(db, p), conversation.id or 0, text="x" * 200)
    assert long.segments == 2
    with pytest.raises(InvalidInput):
        send(db, settings, owner_of(db, p), conversation.id or 0, canned="canned.nope")


def test_assigning_stays_within_who_may_see_the_patient(db, texts):
    p = patient(db)
    texts(PHONE, "call me please", NOON)
    (conversation,) = conversations(db)
    stranger = clinician(db, "stranger@clinic.example")
    actor = owner_of(db, p)
    with pytest.raises(InvalidInput):
        service.assign(
            session=db, actor=actor, conversation_id=conversation.id or 0,
            clinician_id=stranger.id, now=NOON,
        )  # fmt: skip
    with pytest.raises(NotFound):
        service.close(session=db, actor=stranger, conversation_id=conversation.id or 0, now=NOON)
    out = service.assign(
        session=db, actor=actor, conversation_id=conversation.id or 0,
        clinician_id=actor.id, now=NOON,
    )  # fmt: skip
    assert out.assignee_id == actor.id


def test_reopening_refuses_a_second_open_conversation(db, texts):
    p = patient(db)
    actor = owner_of(db, p)
    texts(PHONE, "call me please", NOON)
    (first,) = conversations(db)
    service.close(session=db, actor=actor, conversation_id=first.id or 0, now=NOON)
    texts(PHONE, "call me today please", NOON + timedelta(hours=1))
    with pytest.raises(Conflict):
        service.reopen(session=db, actor=actor, conversation_id=first.id or 0, now=NOON)


def test_notes_stay_internal(db, texts):
    p = patient(db)
    texts(PHONE, "call me please", NOON)
    (conversation,) = conversations(db)
    note = service.add_note(
        session=db, actor=owner_of(db, p), conversation_id=conversation.id or 0,
        text="Left a voicemail.", now=NOON,
    )  # fmt: skip
    assert note.kind == "note"
    assert db.exec(select(OutboxMessage).where(OutboxMessage.kind == "clinician")).all() == []


def test_the_webhook_hears_of_openings_and_messages_by_id_only(db):
    hooked = load_settings(
        database_url="sqlite://", transport="console", alert_webhook_url="https://hooks.example/x"
    )
    p = patient(db)
    from coach.content.loader import get_library as library
    from coach.replies.service import Inbound, handle_sms

    handle_sms(
        session=db, library=library(), settings=hooked,
        inbound=Inbound("SM" + "9" * 32, PHONE, "call me please Sam here"), now=NOON,
    )  # fmt: skip
    bodies = [
        json.loads(r.body)
        for r in db.exec(select(OutboxMessage).where(OutboxMessage.channel == "webhook")).all()
    ]
    assert [b["event"] for b in bodies] == ["conversation.opened", "conversation.message"]
    assert all(b["patient_id"] == p.id for b in bodies)
    assert not any("Sam" in json.dumps(b) or PHONE in json.dumps(b) for b in bodies)


def test_metrics_and_the_report_count_conversations(db, settings, texts):
    p = patient(db)
    texts(PHONE, "call me please", NOON)
    (conversation,) = conversations(db)
    send(
        db,
        settings,
        owner_of(db, p),
        conversation.id or 0,
        now=NOON + timedelta(minutes=20),
        text="Calling now",
    )
    scraped = metrics.render(db, NOON + timedelta(hours=1)).decode()
    assert 'coach_conversations_open{urgent="false"} 1.0' in scraped
    assert 'coach_conversations_first_response_seconds{quantile="0.5"} 1200.0' in scraped
    report = reports.inbox_report(
        session=db, actor=owner_of(db, p), since=NOON.date(), until=NOON.date(), now=NOON
    )
    assert report.opened == 1 and report.open_now == 1
    assert report.clinicians[0].median_first_response_seconds == 1200


def test_an_opted_out_patient_gets_no_holding_reply_and_no_clinician_text(db, settings, texts):
    p = patient(db)
    texts(PHONE, "call me please", NOON)
    texts(PHONE, "STOP", NOON + timedelta(minutes=1))
    assert texts(PHONE, "why no answer?", NOON + timedelta(minutes=2)).replies == []
    db.refresh(p)
    assert p.status == PatientStatus.opted_out
    (conversation,) = conversations(db)
    with pytest.raises(Conflict):
        send(db, settings, owner_of(db, p), conversation.id or 0, text="Hi")
