"""Property-based run of the admin API against its own OpenAPI schema (schemathesis 4).

Every `/v1` operation gets generated requests with a valid bearer key; no response may be
a 5xx, and every response must match the documented status codes, media types and bodies.
"""

from __future__ import annotations

from collections.abc import Iterator

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

import coach.models  # noqa: F401  (registers every table)
from coach.clock import get_now
from coach.db import get_session
from coach.main import create_app
from coach.settings import get_settings, load_settings
from tests import factories


def _app() -> tuple[FastAPI, dict[str, str]]:
    """The app on an in-memory database with one admin key (built at import: the schema
    must exist when tests are collected)."""
    engine = create_engine(
        "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
    )
    SQLModel.metadata.create_all(engine)
    app = create_app()
    test_settings = load_settings(database_url="sqlite://", transport="console")

    def session() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as s:
            yield s

    app.dependency_overrides[get_session] = session
    app.dependency_overrides[get_settings] = lambda: test_settings
    app.dependency_overrides[get_now] = lambda: factories.NOW
    with Session(engine, expire_on_commit=False) as s:
        headers = factories.clinician(s, "fuzz@clinic.example", admin=True).headers
    return app, headers


APP, KEY = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP).include(path_regex="^/v1/")


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
    case.call_and_validate(
        headers=KEY,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
