"""Dispatch throughput against a plain loop of `client.messages.create`, and the rate limit.

Both sides talk to the same fast fake Twilio server (a separate process, `tests.fake_twilio`)
that answers after `--latency` seconds (default 10 ms; Twilio's API takes 100 ms or more, and
overlapping that wait is what concurrency is for), in the same run:
  - baseline: a sequential loop of the official client's `messages.create`;
  - ours, rate limit off, concurrency 1 and concurrency 8 (claim, send, record in SQLite);
  - ours with COACH_SEND_RATE=10 for 30 s: the achieved rate.

    .venv/bin/python -m benchmarks.dispatch [--messages 2000] [--rate-seconds 30] [--latency 0.01]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session

from benchmarks.common import seed_patients
from coach.db import make_engine
from coach.messaging.dispatch import DispatchConfig, dispatch_due
from coach.messaging.models import OutboxMessage
from coach.messaging.ratelimit import TokenBucket
from coach.messaging.transport import TwilioTransport
from coach.settings import load_settings
from tests.services import free_port

SID = "AC" + "2" * 32


def start_server(latency: float) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fake_twilio", str(port), str(latency)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    return process, url


def stats(url: str) -> dict[str, object]:
    with urllib.request.urlopen(f"{url}/stats") as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def baseline(url: str, n: int) -> float:
    from twilio.rest import Client

    client = Client(SID, "bench-token")
    client.api.base_url = url
    started = time.perf_counter()
    for i in range(n):
        client.messages.create(to="+12025550100", from_="+15005550006", body=f"plain {i}")
    return n / (time.perf_counter() - started)


def seeded_db(tmp: Path, name: str, n: int) -> str:
    url = f"sqlite:///{tmp / name}.db"
    now = datetime.now(UTC)
    seed_patients(url, 1, start=now.date() + timedelta(days=400), now=now)
    engine = make_engine(url)
    with Session(engine) as s:
        s.execute(
            insert(OutboxMessage),
            [
                {
                    "patient_id": 1,
                    "slot_key": f"b{i}",
                    "kind": "posture_tip",
                    "channel": "sms",
                    "to_phone": "+12025550100",
                    "body": f"ours {i}",
                    "status": "scheduled",
                    "due_at": now - timedelta(minutes=1),
                    "expires_at": now + timedelta(hours=3),
                    "attempts": 0,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(n)
            ],
        )
        s.commit()
    engine.dispose()
    return url


def ours(db_url: str, twilio_url: str, concurrency: int, rate: float = 0) -> tuple[float, int]:
    settings = load_settings(
        twilio_account_sid=SID,
        twilio_auth_token="bench-token",
        twilio_from_number="+15005550006",
        twilio_api_base_url=twilio_url,
    )
    engine = make_engine(db_url)
    config = DispatchConfig(
        public_url="https://coach.example.org",
        concurrency=concurrency,
        batch_size=100,
        limiter=TokenBucket(rate),
    )
    started = time.perf_counter()
    report = dispatch_due(
        engine=engine,
        transport=TwilioTransport(settings),
        config=config,
        now=lambda: datetime.now(UTC),
    )
    seconds = time.perf_counter() - started
    engine.dispose()
    return report.sent / seconds, report.sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--rate-seconds", type=int, default=30)
    parser.add_argument("--latency", type=float, default=0.01)
    args = parser.parse_args()
    server, url = start_server(args.latency)
    try:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            baseline(url, 50)  # warm up both sides of the connection
            plain = baseline(url, args.messages)
            one, sent_one = ours(seeded_db(tmp, "c1", args.messages), url, concurrency=1)
            eight, sent_eight = ours(seeded_db(tmp, "c8", args.messages), url, concurrency=8)
            assert sent_one == sent_eight == args.messages
            print(f"fake Twilio answering after {args.latency * 1000:.0f} ms")
            print(f"plain loop of client.messages.create: {plain:,.0f} msg/s")
            print(
                f"dispatch, rate limit off, concurrency 1: {one:,.0f} msg/s "
                f"= {one / plain:.2f}x the loop"
            )
            print(
                f"dispatch, rate limit off, concurrency 8: {eight:,.0f} msg/s "
                f"= {eight / plain:.2f}x the loop"
            )
            target = 10.0
            count = int(target * args.rate_seconds) + 1
            before = len(stats(url)["times"])  # type: ignore[arg-type]
            ours(seeded_db(tmp, "rate", count), url, concurrency=8, rate=target)
            times = stats(url)["times"][before:]  # type: ignore[index]
            span = times[-1] - times[0]
            achieved = (len(times) - 1) / span
            print(
                f"rate limit {target:.0f}/s over {span:.1f} s: {achieved:.2f}/s "
                f"({(achieved / target - 1) * 100:+.1f}%)"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
