"""Access to the real PostgreSQL server and the Twilio mock for the suites that need them.

Outside CI a missing service skips those tests with a reason; in CI (CI=true) it fails them,
so a suite can never silently not run there.
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


def unavailable(reason: str) -> None:
    """Skip on a developer machine, fail in CI."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"required in CI: {reason}")
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
        unavailable(f"PostgreSQL not reachable: {exc}")
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
        unavailable(f"{MOCK_TWILIO} not found")
    if shutil.which("node") is None:
        unavailable("node is not installed; mock-twilio needs it")
    port = free_port()
    env = {**os.environ, "TWILIO_MOCK_HOME": str(tmp_home)}
    started = subprocess.run(
        [str(MOCK_TWILIO), str(port)], capture_output=True, text=True, env=env, timeout=300
    )
    if started.returncode != 0:
        unavailable(f"mock-twilio did not start: {started.stderr.strip()[-500:]}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([str(MOCK_TWILIO), "stop", str(port)], env=env, timeout=60, check=False)
