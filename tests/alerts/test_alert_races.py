"""Alerts under races on PostgreSQL: concurrent replies and concurrent sweeps raise each
alert once. Each racer has its own connection and transaction, as separate web processes
and workers do (the database is the only thing they share)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from coach import migrate
from coach.alerts.models import Alert
from coach.content.loader import get_library
from coach.db import make_engine
from coach.patients.models import PainReport, Patient
from coach.replies import service
from coach.replies.followup import sweep
from coach.settings import load_settings
from tests.helpers import patient
from tests.services import fresh_postgres_database

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 6, 15, 16, 0, tzinfo=UTC)


def _race(count: int, target) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(n: int) -> None:
        barrier.wait()
        try:
            target(n)
        except BaseException as exc:  # noqa: BLE001 (reported by the test)
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_thirty_concurrent_red_flag_texts_raise_one_alert_per_category():
    settings = load_settings(_env_file=None)
    with fresh_postgres_database() as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        with Session(engine) as s:
            phone = patient(s, start=date(2026, 6, 10)).phone

        def text(n: int) -> None:
            with Session(engine) as s:
                service.handle_sms(
                    session=s,
                    library=get_library(),
                    settings=settings,
                    inbound=service.Inbound(f"SM{n:032d}", phone, "my left arm went numb"),
                    now=NOW + timedelta(seconds=n),
                )

        assert _race(30, text) == []
        with Session(engine) as s:
            alerts = s.exec(select(Alert)).all()
        engine.dispose()
    assert [(a.kind, a.category) for a in alerts] == [("red_flag", "neurological")]


def test_two_sweeps_at_once_raise_one_persistent_alert_per_patient():
    settings = load_settings(_env_file=None)
    with fresh_postgres_database() as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        with Session(engine) as s:
            ids = []
            for n in range(40):
                p = patient(s, phone=f"+1212555{n:04d}", start=date(2026, 6, 10))
                for day in range(3):  # >= 7 on three consecutive days
                    at = datetime(2026, 6, 12 + day, 22, 0, tzinfo=UTC)
                    s.add(PainReport(patient_id=p.id or 0, score=8, reported_at=at))
                ids.append(p.id)
            s.commit()

        def run_sweep(_n: int) -> None:
            with Session(engine) as s:
                sweep(session=s, library=get_library(), settings=settings, now=NOW)

        assert _race(2, run_sweep) == []
        with Session(engine) as s:
            alerts = s.exec(select(Alert).where(Alert.kind == "persistent")).all()
        engine.dispose()
    per_patient = Counter(a.patient_id for a in alerts)
    assert set(per_patient) == set(ids)
    assert max(per_patient.values()) == 1


def test_two_concurrent_patches_to_the_same_new_phone_are_200_and_409_never_500():
    from fastapi.testclient import TestClient

    from coach.clock import get_now
    from coach.db import get_session
    from coach.main import create_app
    from coach.settings import get_settings
    from tests import factories

    settings = load_settings(_env_file=None)
    with fresh_postgres_database() as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        with Session(engine) as s:
            key = factories.clinician(s, "race@clinic.example")
            ids = [patient(s, phone=f"+1212555{n:04d}").id for n in range(2)]
            for pid in ids:
                row = s.get(Patient, pid)
                assert row is not None
                row.clinician_id = key.id
                s.add(row)
            s.commit()
        app = create_app()

        def session():
            with Session(engine, expire_on_commit=False) as s:
                yield s

        app.dependency_overrides[get_session] = session
        app.dependency_overrides[get_settings] = lambda: settings
        app.dependency_overrides[get_now] = lambda: NOW
        client = TestClient(app)
        statuses: list[int] = []

        def patch(n: int) -> None:
            response = client.patch(
                f"/v1/patients/{ids[n]}", json={"phone": "+12125559999"}, headers=key.headers
            )
            statuses.append(response.status_code)

        for _ in range(5):  # a few rounds: the race is not hit every time
            statuses.clear()
            with Session(engine) as s:
                for pid, n in zip(ids, range(2), strict=True):
                    row = s.get(Patient, pid)
                    assert row is not None
                    row.phone = f"+1212555{n:04d}"
                    s.add(row)
                s.commit()
            assert _race(2, patch) == []
            assert sorted(statuses) == [200, 409], statuses
        engine.dispose()
