"""Migrations build the whole schema from empty, on SQLite and on PostgreSQL."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect
from sqlmodel import Session, SQLModel

import coach.models  # noqa: F401
from coach import migrate
from coach.clinicians.models import Clinician
from coach.db import make_engine
from tests.services import fresh_postgres_database


def _check_schema(url: str) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert set(SQLModel.metadata.tables) <= tables
        assert "alembic_version" in tables
        # A second upgrade is a no-op.
        migrate.upgrade(url)
        # Timestamps come back timezone-aware UTC whatever zone they went in with.
        with Session(engine) as session:
            local = datetime(2026, 3, 8, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
            session.add(
                Clinician(
                    name="A", email="a@x.org", api_key_hash="h", key_prefix="p", created_at=local
                )
            )
            session.commit()
            stored = session.get(Clinician, 1)
            assert stored is not None
            session.refresh(stored)
            assert stored.created_at.tzinfo is not None
            assert stored.created_at.utcoffset() == timedelta(0)
            assert stored.created_at == datetime(2026, 3, 8, 14, 30, tzinfo=UTC)
    finally:
        engine.dispose()


def test_sqlite_upgrade_from_empty(tmp_path):
    _check_schema(f"sqlite:///{tmp_path / 'coach.db'}")


@pytest.mark.postgres
def test_postgres_upgrade_from_empty():
    with fresh_postgres_database() as url:
        _check_schema(url)


def test_models_match_migrations(tmp_path):
    """Autogenerate finds nothing to do: every model change came with a migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_naive_datetimes_are_refused(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        session.add(
            Clinician(
                name="A",
                email="a@x.org",
                api_key_hash="h",
                key_prefix="p",
                created_at=datetime(2026, 1, 1),
            )
        )
        with pytest.raises(Exception, match="naive datetime"):
            session.commit()
    engine.dispose()
