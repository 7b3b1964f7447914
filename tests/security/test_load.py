"""The SMS webhook under load: 64 concurrent connections for 60 s, signed distinct messages.

A real uvicorn process on an SQLite file (500 enrolled patients) and an asyncio httpx
client with 64 keep-alive connections. Every request is signed; one in 50 re-sends an
earlier MessageSid, as Twilio does on a retry. Afterwards: no error, and what is stored is
exactly the set of distinct MessageSids sent, each once, each with its own text.

    COACH_LOAD_SECONDS=10 .venv/bin/pytest tests/security/test_load.py -s   # a quick run
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import httpx
from sqlmodel import Session, func, select
from twilio.request_validator import RequestValidator

from benchmarks.common import seed_patients
from benchmarks.webhook import REPLIES
from coach.db import make_engine
from coach.messaging.models import InboundMessage
from tests.services import free_port

TOKEN = "load-test-auth-token"
CONNECTIONS = 64
SECONDS = float(os.environ.get("COACH_LOAD_SECONDS", "60"))
PATIENTS = 500
RETRY_EVERY = 50


@dataclass
class Tally:
    """What the client sent and saw."""

    sent: dict[str, str] = field(default_factory=dict)  # MessageSid -> Body
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


def _server(port: int, db: str) -> subprocess.Popen[bytes]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "COACH_"))},
        "DATABASE_URL": db,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "COACH_TRANSPORT": "console",
        "COACH_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    command = [sys.executable, "-m", "uvicorn", "coach.main:app", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    # Longer than uvicorn's 5 s default: a request sent as the server closes an idle
    # keep-alive connection is a client-side ReadError, not the webhook failing.
    command += ["--timeout-keep-alive", "30"]
    process = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("uvicorn did not start")


async def _load(url: str, seconds: float) -> Tally:
    tally = Tally()
    validator = RequestValidator(TOKEN)
    rng = random.Random(8)
    numbers = iter(range(10**9))  # bounded by the deadline, long before this runs out
    deadline = time.perf_counter() + seconds

    def next_request() -> dict[str, str]:
        if tally.sent and rng.randrange(RETRY_EVERY) == 0:
            sid = rng.choice(list(tally.sent)[-200:])  # a retried delivery
            body = tally.sent[sid]
        else:
            sid, body = f"SM{next(numbers):032d}", rng.choice(REPLIES)
        sender = f"+1{2000000000 + rng.randrange(PATIENTS + 50)}"  # some strangers too
        return {"MessageSid": sid, "AccountSid": "AC" + "0" * 32, "From": sender,
                "To": "+15005550006", "Body": body}  # fmt: skip

    async def connection(client: httpx.AsyncClient) -> None:
        while time.perf_counter() < deadline:
            params = next_request()
            signature = validator.compute_signature(url, params)
            started = time.perf_counter()
            try:
                response = await client.post(
                    url,
                    content=urlencode(params).encode(),
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "X-Twilio-Signature": signature,
                    },
                )
            except httpx.HTTPError as exc:
                tally.errors.append(f"{type(exc).__name__}: {exc}")
                continue
            tally.latencies.append(time.perf_counter() - started)
            tally.requests += 1
            if response.status_code != 200:
                tally.errors.append(f"{response.status_code}: {response.text[:200]}")
            else:
                tally.sent.setdefault(params["MessageSid"], params["Body"])

    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        await asyncio.gather(*(connection(client) for _ in range(CONNECTIONS)))
    return tally


def test_64_connections_for_60_seconds_no_errors_every_message_stored_once(tmp_path):
    db = f"sqlite:///{tmp_path / 'load.db'}"
    now = datetime.now(UTC)
    seed_patients(db, PATIENTS, start=(now - timedelta(days=3)).date(), now=now)
    port = free_port()
    server = _server(port, db)
    try:
        began = time.perf_counter()
        tally = asyncio.run(_load(f"http://127.0.0.1:{port}/twilio/sms", SECONDS))
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    engine = make_engine(db)
    with Session(engine) as session:
        stored = dict(session.exec(select(InboundMessage.message_sid, InboundMessage.body)).all())
        rows = session.exec(select(func.count()).select_from(InboundMessage)).one()
    engine.dispose()
    latencies = sorted(tally.latencies) or [0.0]
    p50, p99 = (latencies[int(len(latencies) * q)] * 1000 for q in (0.5, 0.99))
    sys.stderr.write(
        f"\nload: {tally.requests} requests in {elapsed:.1f} s over {CONNECTIONS} connections "
        f"({tally.requests / elapsed:.0f}/s), p50 {p50:.0f} ms, p99 {p99:.0f} ms, "
        f"errors {len(tally.errors)}; distinct messages sent {len(tally.sent)} "
        f"({tally.requests - len(tally.sent)} retried deliveries), "
        f"stored {rows}\n"
    )
    assert not tally.errors, tally.errors[:5]
    # It really ran: every connection sent many requests and some were retried deliveries.
    # Not a speed check (a loaded CI machine is slow): the benchmarks measure speed.
    assert tally.requests >= CONNECTIONS * 10
    assert tally.requests > len(tally.sent)
    assert rows == len(stored) == len(tally.sent)  # each message exactly once
    assert stored == tally.sent  # the very messages sent, each with its own text
