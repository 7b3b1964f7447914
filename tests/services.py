"""Access to the real PostgreSQL server and the Twilio mock for the suites that need them.

A missing service skips those tests with its reason, so the README's test command passes
from a plain clone, locally and under any CI (which sets CI=true). `.ci/run` asks for both
services (COACH_REQUIRE_POSTGRES=1, COACH_REQUIRE_SHARED=1): there a missing one fails the
tests instead, so a suite can never silently not run in the project's own CI.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
MOCK_TWILIO = ROOT.parent / "shared" / "twilio" / "mock-twilio"


POSTGRES = "COACH_REQUIRE_POSTGRES"
SHARED = "COACH_REQUIRE_SHARED"


def required(variable: str) -> bool:
    """Whether `variable` (COACH_REQUIRE_POSTGRES or COACH_REQUIRE_SHARED) asks for a service."""
    return os.environ.get(variable, "").strip().lower() in ("1", "true", "yes")


def unavailable(reason: str, *, variable: str) -> None:
    """Skip with the reason; fail instead when `variable` says the service is required."""
    if required(variable):
        pytest.fail(f"required ({variable}=1): {reason}")
    pytest.skip(reason)


def postgres_admin_url() -> str:
    """The server URL for creating test databases (COACH_TEST_POSTGRES_URL)."""
    return os.environ.get("COACH_TEST_POSTGRES_URL", DEFAULT_POSTGRES)


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """Create an empty database on the test server; drop it afterwards."""
    import psycopg

    admin = postgres_admin_url()
    name = f"coach_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        unavailable(f"PostgreSQL not reachable: {exc}", variable=POSTGRES)
    base = admin.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    """An unused TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def mock_twilio_server(tmp_home: Path) -> Iterator[str]:
    """Start ../shared/twilio/mock-twilio on a free port; yields its base URL."""
    if not MOCK_TWILIO.exists():
        unavailable(
            f"{MOCK_TWILIO} not found (the mock-Twilio suite needs ../shared beside this clone)",
            variable=SHARED,
        )
    if shutil.which("node") is None:
        unavailable("node is not installed; mock-twilio needs it", variable=SHARED)
    port = free_port()
    env = {**os.environ, "TWILIO_MOCK_HOME": str(tmp_home)}
    started = subprocess.run(
        [str(MOCK_TWILIO), str(port)], capture_output=True, text=True, env=env, timeout=300
    )
    if started.returncode != 0:
        unavailable(f"mock-twilio did not start: {started.stderr.strip()[-500:]}", variable=SHARED)
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([str(MOCK_TWILIO), "stop", str(port)], env=env, timeout=60, check=False)
