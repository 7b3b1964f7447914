"""Inbound SMS webhook throughput on SQLite against a bare FastAPI form endpoint.

Both run under the same uvicorn (one process) and get the same load generator: `--connections`
concurrent keep-alive connections posting signed, distinct messages (MessageSid, sender and
text vary; signatures are computed before the clock starts) for `--seconds`. The generator is
wrk (Debian package `wrk`, in C, with a Lua script replaying the signed requests) when it is
installed, else a Python asyncio client, which takes a share of the two cores itself. The coach side
does the real work: signature check, parse, persist, triage, TwiML. Prints requests/second,
p50/p99 latency, errors, and the ratio; then checks every message was stored exactly once.

    .venv/bin/python -m benchmarks.webhook [--seconds 20] [--connections 16]

On PostgreSQL with several web processes (the scale-out set-up): `--database-url` names a
server, on which the benchmark creates its own database and drops it afterwards, and
`--workers` runs both apps in N processes (`coach.webserver`: uvicorn's multi-process
supervisor with TCP_NODELAY on every connection):

    .venv/bin/python -m benchmarks.webhook --workers 2 \
        --database-url postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
from sqlmodel import Session, func, select
from twilio.request_validator import RequestValidator

from benchmarks.common import seed_patients
from coach.db import make_engine
from coach.messaging.models import InboundMessage
from tests.services import free_port

TOKEN = "bench-webhook-token"
# The replies the baseline was measured with (short answers to a check-in), each
# made a different string (another score, capitals, punctuation) so that no cache of the
# service sees the same text again more often than real traffic would.
REPLIES = [
    "{n}",
    "pain {n}",
    "about a {n} today",
    "DONE",
    "{n}/10",
    "neck is stiff, maybe {n}",
    "how long should I use ice?",
    "SKIP",
    "feeling better, {n}",
    "{n} today",
]
ENDINGS = ["", "", ".", "!", " ", " :)", "..", " thx"]


def reply_text(rng: random.Random) -> str:
    """One of about 1,500 different texts."""
    text = rng.choice(REPLIES).format(n=rng.randrange(11))
    shape = rng.randrange(4)
    text = text.capitalize() if shape == 1 else text.upper() if shape == 2 else text
    return text + rng.choice(ENDINGS)


@dataclass
class Result:
    """What one load run measured (latencies in milliseconds)."""

    requests: int
    errors: int
    seconds: float
    p50: float
    p99: float
    cpu: float = 0.0  # CPU seconds the web processes used during the run

    @classmethod
    def of(cls, requests: int, errors: int, seconds: float, latencies: list[float]) -> Result:
        ordered = sorted(latencies) or [0.0]

        def pick(q: float) -> float:
            return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000

        return cls(requests, errors, seconds, pick(0.5), pick(0.99))


def cpu_seconds(root: int) -> float:
    """User + system CPU seconds of process `root` and its descendants so far (Linux /proc).

    CPU per request is steadier than requests per second on a shared machine: another
    process's load slows the run but hardly changes what each request costs."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}  # pid -> (parent, cpu seconds)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += stats.get(pid, (0, 0.0))[1]
        todo.extend(child for child, (parent, _) in stats.items() if parent == pid)
    return total


def start(
    app: str, port: int, env: dict[str, str], workers: int = 1, wait: float = 120
) -> subprocess.Popen[bytes]:
    """Start `app` under uvicorn (`workers` processes) and wait until it answers.

    Through `coach.webserver`, which is uvicorn with TCP_NODELAY on every connection:
    `uvicorn --workers N` leaves Nagle's algorithm on (uvicorn issue #3149) and held every
    keep-alive response ~40 ms, capping the bare endpoint at ~360 req/s on two processes.
    """
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "coach.webserver",
            app,
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--workers",
            str(workers),
        ],
        env=env,
    )
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/docs", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    process.wait(timeout=30)
    raise RuntimeError(f"{app} did not start in {wait:.0f} s")


def requests_for(url: str, count: int, patients: int, start_at: int) -> list[tuple[bytes, str]]:
    validator = RequestValidator(TOKEN)
    rng = random.Random(start_at)
    out = []
    for i in range(start_at, start_at + count):
        params = {
            "MessageSid": f"SM{i:032d}",
            "AccountSid": "AC" + "0" * 32,
            "From": f"+1{2000000000 + rng.randrange(patients)}",
            "To": "+15005550006",
            "Body": reply_text(rng),
        }
        out.append((urlencode(params).encode(), validator.compute_signature(url, params)))
    return out


async def load(
    url: str, bodies: list[tuple[bytes, str]], connections: int, seconds: float
) -> Result:
    queue = iter(bodies)
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            try:
                body, signature = next(queue)
            except StopIteration:
                return
            started = time.perf_counter()
            response = await client.post(
                url,
                content=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Twilio-Signature": signature,
                },
            )
            latencies.append(time.perf_counter() - started)
            if response.status_code != 200:
                errors += 1

    async with httpx.AsyncClient(limits=limits, timeout=120) as client:
        began = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(connections)))
        elapsed = time.perf_counter() - began
    return Result.of(len(latencies), errors, elapsed, latencies)


WRK_SCRIPT = """
local threads = {}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end
function init(args)
  requests = {}
  local n = 0
  local total = tonumber(args[2])
  for line in io.lines(args[1]) do
    if n % total == id then
      local sig, body = line:match("^(%S+) (.*)$")
      table.insert(requests, wrk.format("POST", nil, {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Twilio-Signature"] = sig}, body))
    end
    n = n + 1
  end
  index = 0
end
function request()
  index = index + 1
  if index > #requests then index = 1 end
  return requests[index]
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %f %f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def load_wrk(
    url: str, bodies: list[tuple[bytes, str]], connections: int, seconds: float, tmp: Path
) -> Result:
    """Run wrk with two threads; each replays its own share of the signed requests once."""
    data = tmp / "requests.txt"
    data.write_text("".join(f"{sig} {body.decode()}\n" for body, sig in bodies))
    script = tmp / "replay.lua"
    script.write_text(WRK_SCRIPT)
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{int(seconds)}s",
            "-s",
            str(script),
            url,
            "--",
            str(data),
            "2",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    _, requests, errors, micros, p50, p99 = line.split()
    return Result(int(requests), int(errors), int(micros) / 1e6, float(p50), float(p99))


@contextmanager
def database(server: str | None, tmp: Path) -> Iterator[str]:
    """An SQLite file in `tmp`, or a fresh database on the PostgreSQL `server` (dropped after)."""
    if not server:
        yield f"sqlite:///{tmp / 'bench.db'}"
        return
    import psycopg

    name = f"coach_bench_webhook_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--patients", type=int, default=500)
    parser.add_argument("--python-client", action="store_true", help="don't use wrk")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server to create the benchmark's own database on (default: SQLite)",
    )
    parser.add_argument("--workers", type=int, default=1, help="web processes (uvicorn)")
    args = parser.parse_args()
    capacity = int(args.seconds * 3000)
    use_wrk = shutil.which("wrk") is not None and not args.python_client
    warmed = 0
    with tempfile.TemporaryDirectory() as tmp, database(args.database_url, Path(tmp)) as db:
        now = datetime.now(UTC)
        seed_patients(db, args.patients, start=(now - timedelta(days=3)).date(), now=now)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "COACH_"))},
            "DATABASE_URL": db,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "COACH_TRANSPORT": "console",
        }
        results: dict[str, Result] = {}
        for name, app in (("bare", "benchmarks.bare_app:app"), ("coach", "coach.main:app")):
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            env["COACH_PUBLIC_URL"] = base
            bodies = requests_for(
                f"{base}/twilio/sms", capacity, args.patients, 0 if name == "bare" else 10_000_000
            )
            server = start(app, port, env, args.workers)
            try:
                warm = asyncio.run(load(f"{base}/twilio/sms", bodies[:200], args.connections, 5))
                warmed = warm.requests
                before = cpu_seconds(server.pid)
                if use_wrk:
                    results[name] = load_wrk(
                        f"{base}/twilio/sms",
                        bodies[200:],
                        args.connections,
                        args.seconds,
                        Path(tmp),
                    )
                else:
                    results[name] = asyncio.run(
                        load(f"{base}/twilio/sms", bodies[200:], args.connections, args.seconds)
                    )
                results[name].cpu = cpu_seconds(server.pid) - before
            finally:
                server.terminate()
                server.wait(timeout=30)
        engine = make_engine(db)
        with Session(engine) as session:
            stored = session.exec(select(func.count()).select_from(InboundMessage)).one()
        engine.dispose()
    bare, coach = results["bare"], results["coach"]
    engine_name = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"load generator: {'wrk' if use_wrk else 'python asyncio client'}, "
        f"{args.connections} connections, {args.seconds:.0f} s each; {engine_name}, "
        f"{args.workers} web process{'es' if args.workers > 1 else ''}"
    )
    for name, r in results.items():
        print(
            f"{name:5}: {r.requests / r.seconds:7.1f} req/s, p50 {r.p50:6.1f} ms, "
            f"p99 {r.p99:6.1f} ms, errors {r.errors}, "
            f"CPU {r.cpu / max(r.requests, 1) * 1000:.2f} ms a request"
        )
    sent = coach.requests + warmed  # the warm-up's answered requests, then the measured ones
    print(
        f"ratio: {coach.requests / coach.seconds / (bare.requests / bare.seconds):.2f}x "
        f"the bare endpoint; stored {stored} of {sent} messages sent"
    )
    bare_cpu = bare.cpu / max(bare.requests, 1)
    coach_cpu = coach.cpu / max(coach.requests, 1) or 1.0
    print(
        f"CPU a request: {bare_cpu / coach_cpu:.2f}x "
        "the bare endpoint's (the throughput ratio when the web process is CPU-bound)"
    )


if __name__ == "__main__":
    main()
