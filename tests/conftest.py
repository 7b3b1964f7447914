"""Shared fixtures: a fresh in-memory database per test, the app bound to it, API clients.

Every test gets its own SQLite in memory (StaticPool, so all sessions share the one
connection) with tables from the models; the app's session, settings and clock are
overridden, so nothing reads the environment or the real time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

import coach.models  # noqa: F401  (registers every table)
from coach import migrate
from coach.clock import get_now
from coach.db import get_session, make_engine
from coach.settings import Settings, get_settings, load_settings
from tests import factories


@pytest.fixture
def now() -> datetime:
    """The fixed time the app sees (noon in New York, 10 June 2026)."""
    return factories.NOW


@pytest.fixture
def settings() -> Settings:
    """Test settings: console transport, US numbers, a named clinic."""
    return load_settings(
        database_url="sqlite://",
        transport="console",
        clinic_name="Riverside Physio",
        clinic_phone="+1 212 555 0100",
        default_region="US",
    )


@pytest.fixture
def memory_engine() -> Iterator[Engine]:
    """A fresh in-memory SQLite database with every table."""
    engine = create_engine(
        "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
    )
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite file database, for code that uses threads (dispatch) or migrations."""
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate.upgrade(url)
    file_engine = make_engine(url)
    yield file_engine
    file_engine.dispose()


@pytest.fixture
def db(memory_engine: Engine) -> Iterator[Session]:
    """A session on the test database (for arranging data and checking results)."""
    with Session(memory_engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def app(memory_engine: Engine, settings: Settings, now: datetime) -> FastAPI:
    """The real app, bound to the test database, settings and clock."""
    from coach.main import create_app

    application = create_app()

    def session() -> Iterator[Session]:
        with Session(memory_engine, expire_on_commit=False) as s:
            yield s

    application.dependency_overrides[get_session] = session
    application.dependency_overrides[get_settings] = lambda: settings
    application.dependency_overrides[get_now] = lambda: now
    return application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An HTTP client for the app (no credentials)."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def owner(db: Session) -> factories.Key:
    """A clinician who enrolls patients."""
    return factories.clinician(db, "owner@clinic.example")


@pytest.fixture
def other(db: Session) -> factories.Key:
    """Another clinician, who must not see the owner's patients."""
    return factories.clinician(db, "other@clinic.example")


@pytest.fixture
def admin(db: Session) -> factories.Key:
    """An admin, who sees every patient."""
    return factories.clinician(db, "admin@clinic.example", admin=True)


@pytest.fixture
def enrolled(client: TestClient, owner: factories.Key) -> dict[str, object]:
    """A patient the owner enrolled through the API (the response body)."""
    response = client.post("/v1/patients", json=factories.enrollment(), headers=owner.headers)
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body
