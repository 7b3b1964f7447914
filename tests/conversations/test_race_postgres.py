"""Two texts from one patient racing in on PostgreSQL open one conversation, not two."""

from __future__ import annotations

import threading
import time

import pytest
from sqlmodel import Session, select

from coach import migrate
from coach.content.loader import get_library
from coach.conversations.inbound import open_conversation
from coach.conversations.models import Conversation, ConversationEntry
from coach.db import make_engine
from coach.patients.models import Patient
from coach.replies.service import Inbound, handle_sms
from coach.settings import load_settings
from tests.helpers import NOW, patient
from tests.services import fresh_postgres_database

pytestmark = pytest.mark.postgres
PHONE = "+12125550123"


def test_the_loser_of_an_opening_race_joins_the_winners_conversation():
    settings = load_settings(transport="console")
    with fresh_postgres_database() as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        with Session(engine) as s:
            patient_id = patient(s).id
        inserted, release = threading.Event(), threading.Event()
        opened: dict[str, tuple[int | None, bool]] = {}

        def first() -> None:
            with Session(engine) as s:
                p = s.get_one(Patient, patient_id)
                conversation, new = open_conversation(
                    session=s, settings=settings, patient=p, opened_by="patient", now=NOW
                )
                opened["first"] = (conversation.id, new)
                inserted.set()
                release.wait(10)
                s.commit()

        def second() -> None:
            with Session(engine) as s:
                p = s.get_one(Patient, patient_id)
                conversation, new = open_conversation(
                    session=s, settings=settings, patient=p, opened_by="patient", now=NOW
                )
                opened["second"] = (conversation.id, new)
                s.commit()

        a = threading.Thread(target=first)
        a.start()
        assert inserted.wait(10)
        b = threading.Thread(target=second)
        b.start()
        time.sleep(0.5)  # the second insert now waits on the unique index
        release.set()
        a.join(10)
        b.join(10)
        assert opened["first"][1] is True and opened["second"] == (opened["first"][0], False)
        with Session(engine) as s:
            assert len(s.exec(select(Conversation)).all()) == 1
        engine.dispose()


def test_texts_racing_through_the_webhook_pipeline_share_one_thread():
    settings = load_settings(transport="console")
    with fresh_postgres_database() as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        with Session(engine) as s:
            patient(s)
        count = 6
        barrier = threading.Barrier(count)
        errors: list[BaseException] = []

        def text(i: int) -> None:
            try:
                with Session(engine, expire_on_commit=False) as s:
                    barrier.wait(10)
                    handle_sms(
                        session=s, library=get_library(), settings=settings,
                        inbound=Inbound(f"SM{i:032d}", PHONE, "please call me"), now=NOW,
                    )  # fmt: skip
            except BaseException as exc:  # noqa: BLE001 (a thread's failure must reach the test)
                errors.append(exc)

        threads = [threading.Thread(target=text, args=(i,)) for i in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert errors == []
        with Session(engine) as s:
            (conversation,) = s.exec(select(Conversation)).all()
            entries = s.exec(select(ConversationEntry)).all()
            inbound = [e for e in entries if e.kind == "inbound"]
            coach = [e for e in entries if e.kind == "coach"]
            assert len(inbound) == count
            assert {e.conversation_id for e in entries} == {conversation.id}
            assert len(coach) == 1  # one holding reply for the one conversation
        engine.dispose()
