"""The alert race across two real web processes on PostgreSQL (`uvicorn --workers 2`, as
the Procfile's `web` scales): 30 concurrent signed red-flag texts from one patient raise one
alert, and 30 concurrent "9"s one persistent finding at most."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from datetime import date
from urllib.parse import urlencode

import httpx
import pytest
from sqlmodel import Session, select
from twilio.request_validator import RequestValidator

from coach import migrate
from coach.alerts.models import Alert
from coach.db import make_engine
from coach.messaging.models import InboundMessage
from tests.helpers import patient
from tests.services import free_port, fresh_postgres_database

pytestmark = pytest.mark.postgres

TOKEN = "race-test-auth-token"
PHONE = "+12125550123"


def _web(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "COACH_"))},
        "DATABASE_URL": url,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "COACH_TRANSPORT": "console",
        "COACH_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    command = [sys.executable, "-m", "uvicorn", "coach.main:app", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", "2", "--log-level", "warning"]
    process = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                time.sleep(1.0)  # both workers up
                return process
        except httpx.TransportError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("uvicorn did not start")


async def _texts(port: int, bodies: list[str]) -> list[int]:
    url = f"http://127.0.0.1:{port}/twilio/sms"
    validator = RequestValidator(TOKEN)

    async def one(client: httpx.AsyncClient, n: int, body: str) -> int:
        params = {"MessageSid": f"SM{n:032d}", "From": PHONE, "To": "+15005550006", "Body": body}
        headers = {
            "X-Twilio-Signature": validator.compute_signature(url, params),
            "Content-Type": "application/x-www-form-urlencoded",
        }
        response = await client.post(url, content=urlencode(params), headers=headers)
        return response.status_code

    async with httpx.AsyncClient(timeout=60) as client:
        return list(await asyncio.gather(*(one(client, n, b) for n, b in enumerate(bodies))))


def test_thirty_red_flags_at_once_across_two_web_processes_raise_one_alert():
    with fresh_postgres_database() as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        with Session(engine) as s:
            patient(s, phone=PHONE, start=date.today())
        port = free_port()
        web = _web(url, port)
        try:
            statuses = asyncio.run(_texts(port, ["my left arm went numb"] * 30))
        finally:
            web.terminate()
            web.wait(timeout=30)
        with Session(engine) as s:
            alerts = s.exec(select(Alert)).all()
            stored = s.exec(select(InboundMessage)).all()
        engine.dispose()
    assert statuses == [200] * 30
    assert len(stored) == 30
    assert [(a.kind, a.category) for a in alerts] == [("red_flag", "neurological")]
