"""A planning run split over processes by ranges of patient ids (`coach plan --processes`).

On PostgreSQL two processes must leave exactly the outbox and watermarks one process
leaves, nothing twice on a second run, and a run that stops part-way a state the next run
completes to that same outbox. On SQLite (one writer) more than one process is refused.
"""

from __future__ import annotations

import itertools
import logging
from datetime import timedelta

import pytest
from sqlalchemy import text, update
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from coach import cli
from coach.content.loader import get_library
from coach.db import make_engine
from coach.errors import ConfigError
from coach.patients.models import Patient
from coach.scheduling import planner, shards
from coach.settings import get_settings
from tests.scheduling.test_planner_postgres import NOW, PATIENTS, _outbox, _seed
from tests.services import fresh_postgres_database


def _plan(url: str, now=NOW, *, everyone: bool = False, processes: int = 1) -> int:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            added = planner.plan(
                session=session,
                library=get_library(),
                now=now,
                everyone=everyone,
                processes=processes,
            )
            session.commit()
    finally:
        engine.dispose()
    return added


def _marks(url: str) -> dict[int, object]:
    engine = make_engine(url)
    with Session(engine) as session:
        found = dict(session.exec(select(Patient.id, Patient.planned_until)).all())
    engine.dispose()
    return found  # type: ignore[return-value]


@pytest.fixture
def small_shards(monkeypatch):
    """Split runs of a few thousand patients (the real floor is for big runs)."""
    monkeypatch.setattr(shards, "MIN_PER_PROCESS", 1000)


@pytest.mark.postgres
@pytest.mark.usefixtures("small_shards")
def test_two_processes_plan_what_one_plans(caplog):
    with fresh_postgres_database() as one, fresh_postgres_database() as two:
        _seed(one)
        _seed(two)
        added = _plan(one)
        with caplog.at_level(logging.INFO, logger="coach.scheduling.shards"):
            assert _plan(two, processes=2) == added > PATIENTS
        assert "planning in 2 processes" in caplog.text  # really split, not one process
        assert _outbox(two) == _outbox(one)
        assert _marks(two) == _marks(one)
        # Again, and everyone again (`plan --all --processes 2`): nothing twice.
        assert _plan(two, processes=2) == 0
        assert _plan(two, everyone=True, processes=2) == 0
        # The cycle 15 minutes on adds what one process adds.
        later = NOW + timedelta(minutes=15)
        assert _plan(two, later, processes=2) == _plan(one, later)
        assert _outbox(two) == _outbox(one)


@pytest.mark.postgres
def test_the_split_is_disjoint_and_even():
    with fresh_postgres_database() as url:
        _seed(url)
        engine = make_engine(url)
        with Session(engine) as session:
            ranges = shards.split(session, 3, None, min_per_process=500)
            alone = shards.split(session, 3, None, min_per_process=PATIENTS)
        engine.dispose()
    assert alone == [(0, None)]  # too few patients for a second process
    assert len(ranges) == 3
    assert ranges[0][0] == 0 and ranges[-1][1] is None
    for (_, up_to), (after, _) in itertools.pairwise(ranges):
        assert up_to == after
    sizes = [ranges[1][0], ranges[2][0] - ranges[1][0], PATIENTS - ranges[2][0]]
    assert max(sizes) - min(sizes) <= 2, sizes


@pytest.mark.postgres
@pytest.mark.usefixtures("small_shards")
def test_a_run_that_stops_part_way_is_completed_by_the_next():
    """A patient the library cannot plan stops the second process in its second chunk:
    the first process's patients and the second's first chunk stay planned and marked,
    nobody after; once the patient is fixed the next cycle plans the rest, to the outbox
    and watermarks one clean run leaves."""
    bad = PATIENTS - 100  # ids split at 1,250: the second range's chunks end at 2,250, 2,500
    with fresh_postgres_database() as clean, fresh_postgres_database() as broken:
        _seed(clean)
        _seed(broken)
        _plan(clean)
        engine = make_engine(broken)
        with Session(engine) as session:
            program_id = session.execute(
                text("SELECT program_id FROM patient WHERE id = :id"), {"id": bad}
            ).scalar_one()
            session.execute(update(Patient).where(col(Patient.id) == bad).values(program_id="gone"))
            session.commit()
        with pytest.raises(shards.PlanningFailed, match="no such programme"):
            _plan(broken, processes=2)
        marks = _marks(broken)
        assert sorted(pid for pid, mark in marks.items() if mark is not None) == list(
            range(1, 2251)
        )
        with Session(engine) as session:
            session.execute(
                update(Patient).where(col(Patient.id) == bad).values(program_id=program_id)
            )
            session.commit()
        engine.dispose()
        assert _plan(broken, processes=2) > 0  # the cycle: only the unmarked patients
        assert _outbox(broken) == _outbox(clean)
        assert _marks(broken) == _marks(clean)


def test_sqlite_refuses_more_than_one_process(engine):
    with Session(engine) as session, pytest.raises(ConfigError, match="needs PostgreSQL"):
        planner.plan(session=session, library=get_library(), now=NOW, processes=2)


def test_the_command_refuses_processes_on_sqlite(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'coach.db'}")
    monkeypatch.delenv("COACH_PLAN_PROCESSES", raising=False)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli.app, ["plan", "--all", "--processes", "2"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "--processes 2 needs PostgreSQL" in result.output
    assert "Traceback" not in result.output
