"""Dashboard tests see redirects as they are (a browser test follows them for real)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An HTTP client for the app that does not follow redirects."""
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client
