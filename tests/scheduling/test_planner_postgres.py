"""Planning on PostgreSQL: the same rows as on SQLite, idempotent, watermarks spread.

On PostgreSQL a cycle's chunks are written on a second connection, patients with nothing
in the outbox yet are copied straight in (falling back to insert-or-ignore when a slot is
taken after all), and the planner's commits do not wait for the disk. None of that may
change a row: the same patients planned on SQLite give the same outbox.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import insert, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from coach import migrate
from coach.clinicians.models import Clinician
from coach.content.loader import get_library
from coach.db import make_engine
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import Patient
from coach.scheduling import planner
from tests.services import fresh_postgres_database

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 3, 7, 23, 37, tzinfo=UTC)  # the eve of New York's spring-forward
PATIENTS = 2_500  # more than two chunks
ZONES = ["America/New_York", "Europe/London", "Asia/Kolkata", "Pacific/Chatham"]


def _seed(url: str) -> None:
    migrate.upgrade(url)
    rnd = random.Random(5)
    engine = make_engine(url)
    with Session(engine) as session:
        session.add(Clinician(name="Dr", email="dr@x.org", api_key_hash="c" * 64, key_prefix="n"))
        session.commit()
        rows = [
            {
                "clinician_id": 1,
                "phone": f"+1212{n:07d}",
                "timezone": rnd.choice(ZONES),
                "language": rnd.choice(["en", "es"]),
                "channel": rnd.choice(["sms", "sms", "voice"]),
                "program_id": rnd.choice(["neck-4wk", "acute-spasm-2wk", "desk-worker-4wk"]),
                "start_date": NOW.date() - timedelta(days=rnd.randint(0, 30)),
                "quiet_start": rnd.choice([time(21), time(0)]),
                "quiet_end": rnd.choice([time(8), time(6)]),
                "consent_given_at": NOW,
                "consent_method": "form",
                "status": "active",
                "frequency": rnd.choice(["normal", "fewer"]),
                "checkin_time": rnd.choice([None, time(2, 30)]),
                "extra_days": 0,
                "sms_consent": False,
                "created_at": NOW,
                "updated_at": NOW,
            }
            for n in range(PATIENTS)
        ]
        session.execute(insert(Patient), rows)
        session.commit()
    engine.dispose()


def _outbox(url: str) -> set[tuple[object, ...]]:
    engine = make_engine(url)
    with Session(engine) as session:
        found = session.execute(
            sa_select(
                col(OutboxMessage.slot_key),
                col(OutboxMessage.template_id),
                col(OutboxMessage.body),
                col(OutboxMessage.to_phone),
                col(OutboxMessage.status),
                col(OutboxMessage.due_at),
                col(OutboxMessage.expires_at),
            )
        ).all()
    engine.dispose()
    return {tuple(row) for row in found}


def _plan(url: str, now: datetime, *, everyone: bool = False) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        added = planner.plan(session=session, library=get_library(), now=now, everyone=everyone)
    engine.dispose()
    return added


def test_postgres_plans_the_same_rows_as_sqlite_once(tmp_path):
    sqlite = f"sqlite:///{tmp_path / 'coach.db'}"
    _seed(sqlite)
    with fresh_postgres_database() as url:
        _seed(url)
        added = _plan(url, NOW)
        assert added == _plan(sqlite, NOW) > PATIENTS
        assert _outbox(url) == _outbox(sqlite)
        assert len(_outbox(url)) == added
        # Again, and everyone again (`plan --all`): nothing twice.
        assert _plan(url, NOW) == 0
        assert _plan(url, NOW, everyone=True) == 0
        engine = make_engine(url)
        with Session(engine) as session:
            marks = session.exec(select(Patient.id, Patient.planned_until)).all()
        engine.dispose()
        assert all(mark == planner.planned_until(pid, NOW) for pid, mark in marks if pid)
        # 15 minutes on, about 1/96 of the patients are due and get what the horizon adds.
        later = _plan(url, NOW + timedelta(minutes=15))
        assert 0 <= later < added // 20


def test_a_taken_slot_falls_back_to_insert_or_ignore():
    """A first planning copies rows straight in; an expired row already holding one of
    the slots (not in the history the planner reads) makes that chunk insert-or-ignore:
    every other row goes in, that one is not doubled."""
    with fresh_postgres_database() as url:
        _seed(url)
        engine = make_engine(url)
        with Session(engine) as session:
            shared = planner.Shared(get_library(), NOW)
            empty = planner.History({}, [], None)
            mine = []
            for who in session.exec(select(Patient).order_by(col(Patient.id))):
                mine = planner._plan_rows(shared, planner._Who.of(who), empty)
                if mine:
                    break
            taken = dict(zip(planner.ROW_COLUMNS, mine[0], strict=True))
            taken["status"] = OutboxStatus.expired
            session.execute(insert(OutboxMessage), [taken])
            session.commit()
        added = _plan(url, NOW)
        with engine.connect() as connection:
            total = connection.execute(text("SELECT count(*) FROM outbox_message")).scalar_one()
            doubled = connection.execute(
                text("SELECT count(*) FROM outbox_message WHERE slot_key = :key"),
                {"key": taken["slot_key"]},
            ).scalar_one()
        engine.dispose()
        assert doubled == 1
        assert total == added + 1
        assert added > PATIENTS
