"""Dashboard tests see redirects as they are (a browser test follows them for real), and
run with a COACH_SECRET_KEY."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from coach.settings import Settings, load_settings

SECRET_KEY = "dashboard-tests-secret-key-0123456789abcdef"


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An HTTP client for the app that does not follow redirects."""
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def settings() -> Settings:
    """The shared test settings, with a COACH_SECRET_KEY (two-step sign-in can be turned on)."""
    return load_settings(
        database_url="sqlite://",
        transport="console",
        clinic_name="Riverside Physio",
        clinic_phone="+1 212 555 0100",
        default_region="US",
        secret_key=SECRET_KEY,
    )
