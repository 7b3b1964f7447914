"""The Procfile's `web` (plain `uvicorn coach.main:app`) logs through the redacting set-up:
no access log, no phone numbers or webhook tokens, whatever uvicorn configured first."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from coach import migrate
from tests.services import free_port


def test_procfile_web_has_no_access_log_and_redacts(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate.upgrade(database)
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TWILIO_", "COACH_", "DATABASE_URL"))
    }
    env["DATABASE_URL"] = database
    # The Procfile's web command, as an operator runs it.
    command = [
        sys.executable, "-m", "uvicorn", "coach.main:app", "--host", "127.0.0.1",
        "--port", str(port), "--no-proxy-headers",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + 30
        status = None
        while time.monotonic() < deadline and status != 200:
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code
            except httpx.TransportError:
                time.sleep(0.2)
        assert status == 200
        # A query string with a phone and a token, as a mistaken client might send.
        httpx.get(
            f"http://127.0.0.1:{port}/healthz",
            params={"phone": "(212) 555-0123", "token": "s3cr3t-token"},
            timeout=5,
        )
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert "Application startup complete" in output  # uvicorn's lines come through our handler
    assert "GET /healthz" not in output  # no access log
    assert "555-0123" not in output and "s3cr3t-token" not in output
