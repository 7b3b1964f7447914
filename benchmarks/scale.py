"""The whole system at 10,000 to 1,000,000 patients on PostgreSQL.

For each size, in a database of its own on the server at COACH_TEST_POSTGRES_URL (created,
migrated with Alembic, and dropped at the end), the patients are seeded with COPY, then:

- first planning: every patient's next 48 hours, in a process of its own (time, peak RSS);
- a steady-state planning cycle 15 minutes later. Each patient is re-planned once a day,
  at their own minute of the day (`planner.planned_until`), so a cycle every 15 minutes
  finds about 1/96 of them, the first cycle after a first planning too (`idle cycle`: the
  cycle at the same instant as first planning, when nobody is due);
- the outbox's due query and expiry (EXPLAIN ANALYZE, median of 5) with 8 rows a patient
  planned, and the cost of one claim of a batch;
- dispatch with two worker processes (the worker's own dispatch job) against a fake
  Twilio answering after 100 ms: rate limit off, then COACH_SEND_RATE=100 (the rate the
  fake saw, first to last request);
- the inbound SMS webhook with two web processes (coach.webserver --workers 2) and wrk, signed
  distinct texts from the seeded patients, against a bare FastAPI endpoint under the same
  two processes in the same run;
- peak memory (VmHWM) of every process.

Prints one JSON object per size, then a table, and draws the figures against size on log
axes (matplotlib: `pip install -e '.[bench]'`). `--from-json` redraws both from the JSON
lines of earlier runs (e.g. the small sizes and the million measured separately).

    .venv/bin/python -m benchmarks.scale [--sizes 10000,100000,1000000] [--chart FILE.png]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
SID = "AC" + "2" * 32


def vm_hwm_mib(pid: int) -> float:
    """Peak resident memory of a live process, in MiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def own_peak_mib() -> float:
    """This process's peak resident memory since it started. Not getrusage's ru_maxrss:
    Linux carries the parent's resident size at fork into it across exec, so a step
    started by a parent that had just seeded a million patients would report the parent's."""
    return vm_hwm_mib(os.getpid())


def spawned_workers(pid: int) -> list[int]:
    """The web processes coach.webserver started (not multiprocessing's tracker)."""
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [
        int(child)
        for child in text.split()
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


def load_average() -> float:
    """The one-minute load average (the machine is shared: figures move with it)."""
    return round(os.getloadavg()[0], 2)


# --- steps run in processes of their own (so their memory is their own) -----------------


def step_plan(db: str, now: datetime, processes: int = 1) -> dict[str, Any]:
    """First planning of every patient, as the worker's plan job does it (in `processes`
    processes: `coach plan --processes`, `COACH_PLAN_PROCESSES`)."""
    import resource

    from sqlmodel import Session

    from coach.content.loader import get_library
    from coach.db import make_engine
    from coach.scheduling import planner

    engine = make_engine(db)
    library = get_library()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started, cpu = time.perf_counter(), time.process_time()
    with Sampler(engine) as sampler, Session(engine) as session:
        added = planner.plan(session=session, library=library, now=now, processes=processes)
        session.commit()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # This process's CPU (planner and writer threads), and its planning processes' once
    # they ended (split runs).
    cpu_seconds = time.process_time() - cpu
    cpu_seconds += (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    engine.dispose()
    return {
        "processes": processes,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "server_cpu_seconds": sampler.server_cpu_seconds(),
        "added": added,
        "peak_rss_mib": max([own_peak_mib(), *sampler.children_peak_mib.values()]),
    }


class Sampler:
    """Every 0.2 s while a planning runs: the CPU time of each PostgreSQL backend serving
    the benchmark's database (the server runs on this machine: /proc), and the peak memory
    of this process's children. A split run's processes close their connections and end
    before it returns, so their backends' CPU and their memory must be read while they run
    (the last 0.2 s of each backend is missed)."""

    def __init__(self, engine: Any) -> None:
        import threading

        self._engine = engine
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.backends: dict[int, float] = {}
        self.children_peak_mib: dict[int, float] = {}
        self.readable = True

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        from sqlalchemy import text

        tick = os.sysconf("SC_CLK_TCK")
        with self._engine.connect() as connection:
            while True:
                pids = connection.execute(
                    text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
                ).scalars()
                connection.rollback()
                for pid in pids:
                    try:
                        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                        self.backends[pid] = (int(fields[11]) + int(fields[12])) / tick
                    except (OSError, IndexError, ValueError):
                        self.readable = False
                me = os.getpid()
                try:
                    kids = Path(f"/proc/{me}/task/{me}/children").read_text().split()
                except OSError:
                    kids = []
                for child in kids:
                    try:
                        peak = vm_hwm_mib(int(child))
                    except OSError:
                        continue
                    self.children_peak_mib[int(child)] = max(
                        peak, self.children_peak_mib.get(int(child), 0.0)
                    )
                if self._stop.wait(0.2):
                    return

    def server_cpu_seconds(self) -> float | None:
        """The backends' CPU time in all, or None when it could not be read."""
        return sum(self.backends.values()) if self.readable else None


def backends_cpu_seconds(engine: Any) -> float | None:
    """CPU time of the PostgreSQL backends serving this process's connections (the server
    runs on this machine: /proc), or None when they cannot be read."""
    from sqlalchemy import text

    with engine.connect() as connection:
        pids = connection.execute(  # the benchmark's own database: only this step connects
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).scalars()
        total = 0
        try:
            for pid in pids:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
        except (OSError, IndexError, ValueError):
            return None
    return total / os.sysconf("SC_CLK_TCK")


def step_steady(db: str, now: datetime) -> dict[str, Any]:
    """The worker's plan job after first planning: at once (nobody due), then 15 minutes on."""
    from sqlalchemy import text
    from sqlmodel import Session

    from coach.content.loader import get_library
    from coach.db import make_engine
    from coach.patients import lifecycle
    from coach.scheduling import planner

    engine = make_engine(db)
    library = get_library()
    later = now + timedelta(minutes=15)

    def cycle(at: datetime) -> tuple[float, int]:
        started = time.perf_counter()
        with Session(engine) as session:
            lifecycle.end_finished_pauses(session=session, now=at)
            added = planner.plan(session=session, library=library, now=at)
            session.commit()
        return time.perf_counter() - started, added

    idle_seconds, idle_added = cycle(now)
    # First planning left each patient's watermark on their own minute of the day, a day or
    # two on: the cycle 15 minutes later finds the patients whose minute came round (about
    # 1/96 of them), as every cycle of a running system does.
    with engine.connect() as connection:
        due = connection.execute(
            text("SELECT count(*) FROM patient WHERE planned_until <= :until"),
            {"until": later + planner.REPLAN_WITHIN},
        ).scalar_one()
    cpu = time.process_time()
    server_before = backends_cpu_seconds(engine)
    seconds, added = cycle(later)
    cpu_seconds = time.process_time() - cpu
    server_after = backends_cpu_seconds(engine)
    engine.dispose()
    return {
        "idle_seconds": idle_seconds,
        "idle_added": idle_added,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "server_cpu_seconds": (
            server_after - server_before
            if server_after is not None and server_before is not None
            else None
        ),
        "patients": due,
        "added": added,
        "peak_rss_mib": own_peak_mib(),
    }


def step_dispatch() -> None:
    """One worker's dispatch job (settings from the environment), started on a go line."""
    from coach.scheduling import jobs
    from coach.settings import load_settings

    jobs.configure(load_settings())
    print("ready", flush=True)
    sys.stdin.readline()
    report = jobs.dispatch()
    result = {"sent": report.sent, "retried": report.retried, "unknown": report.unknown}
    print(json.dumps({**result, "peak_rss_mib": own_peak_mib()}), flush=True)


def run_step(args: list[str]) -> dict[str, Any]:
    """Run a step in a fresh process; its JSON result."""
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# --- the outbox ----------------------------------------------------------------------------


def add_due_rows(db: str, count: int, patients: int, tag: str) -> None:
    """`count` texts due a minute ago, to patients spread over the whole population."""
    import psycopg

    now = datetime.now(UTC)
    step = max(1, patients // max(count, 1))
    with psycopg.connect(db) as conn, conn.cursor() as cursor:
        columns = (
            "patient_id, slot_key, kind, channel, to_phone, body, status, due_at, expires_at,"
            " attempts, created_at, updated_at"
        )
        with cursor.copy(f"COPY outbox_message ({columns}) FROM STDIN") as copy:
            for i in range(count):
                index = (i * step) % patients
                copy.write_row(
                    (
                        index + 1,
                        f"bench:{tag}:{i}",
                        "posture_tip",
                        "sms",
                        f"+1{2000000000 + index}",
                        f"Bench text {tag} {i}: roll your shoulders back.",
                        "scheduled",
                        now - timedelta(minutes=1),
                        now + timedelta(hours=3),
                        0,
                        now,
                        now,
                    )
                )
        cursor.execute("ANALYZE outbox_message")


def explain_ms(db: str, statement: Any) -> float:
    """Median execution time of `statement` under EXPLAIN ANALYZE (rolled back), in ms."""
    from sqlalchemy.dialects import postgresql

    from coach.db import make_engine

    sql = statement.compile(
        dialect=postgresql.dialect(),
        compile_kwargs={"literal_binds": True},
    )
    engine = make_engine(db)
    times = []
    with engine.connect() as connection:
        for _ in range(5):
            with connection.begin() as transaction:
                plan = connection.exec_driver_sql(
                    f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}"
                ).scalar_one()
                transaction.rollback()
            times.append(float(plan[0]["Execution Time"]))
    engine.dispose()
    return statistics.median(times)


def outbox_costs(db: str, batch: int) -> dict[str, float]:
    """The due query, expiry, and a claim of one batch (then deleted), in ms."""
    from sqlalchemy import delete, text, update
    from sqlmodel import Session, col

    from coach.db import make_engine
    from coach.messaging import outbox
    from coach.messaging.models import OutboxMessage, OutboxStatus

    now = datetime.now(UTC)
    due = explain_ms(db, outbox.due_candidates(now=now, limit=batch))
    expiry = explain_ms(
        db,
        update(OutboxMessage)
        .where(col(OutboxMessage.status) == OutboxStatus.scheduled)
        .where(col(OutboxMessage.due_at) <= now)
        .where(col(OutboxMessage.expires_at) <= now)
        .values(status=OutboxStatus.expired, updated_at=now),
    )
    engine = make_engine(db)
    claims = []
    for _ in range(10):
        with Session(engine) as session:
            started = time.perf_counter()
            rows = outbox.claim_due(session=session, now=now, limit=batch)
            claims.append(time.perf_counter() - started)
            assert len(rows) == batch, len(rows)
    with engine.begin() as connection:  # not for dispatch to send
        connection.execute(
            delete(OutboxMessage).where(col(OutboxMessage.status) == OutboxStatus.sending)
        )
        connection.execute(text("ANALYZE outbox_message"))
    engine.dispose()
    return {
        "due_query_ms": due,
        "expire_query_ms": expiry,
        "claim_ms": statistics.median(claims) * 1000,
    }


# --- dispatch with two workers -------------------------------------------------------------


def dispatch_run(
    db: str, twilio: str, count: int, patients: int, rate: float, concurrency: int, tag: str
) -> dict[str, Any]:
    """Two worker processes send `count` due texts; the rate the fake Twilio saw."""
    from benchmarks.dispatch import stats

    add_due_rows(db, count, patients, tag)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "COACH_"))},
        "DATABASE_URL": db,
        "TWILIO_ACCOUNT_SID": SID,
        "TWILIO_AUTH_TOKEN": "bench-token",
        "TWILIO_FROM_NUMBER": "+15005550006",
        "TWILIO_API_BASE_URL": twilio,
        "COACH_TRANSPORT": "twilio",
        "COACH_SEND_RATE": str(rate),
        "COACH_SEND_CONCURRENCY": str(concurrency),
    }
    before = len(stats(twilio)["times"])  # type: ignore[arg-type]
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "benchmarks.scale", "--step", "dispatch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for _ in range(2)
    ]
    try:
        for worker in workers:
            assert worker.stdout is not None
            assert worker.stdout.readline().strip() == "ready"
        for worker in workers:
            assert worker.stdin is not None
            worker.stdin.write("go\n")
            worker.stdin.flush()
        results = []
        for worker in workers:
            out, _ = worker.communicate(timeout=max(600, count))
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    times = stats(twilio)["times"][before:]  # type: ignore[index]
    # On a loaded machine a send may time out (`unknown`, never resent) or fail and wait
    # for its retry: counted, not hidden. Every text the fake accepted is one we sent.
    return {
        "per_second": (len(times) - 1) / (times[-1] - times[0]),
        "split": [r["sent"] for r in results],
        "not_sent": count - sum(r["sent"] for r in results),
        "requests": len(times),
        "peak_rss_mib": [r["peak_rss_mib"] for r in results],
    }


@contextmanager
def fake_twilio(latency: float) -> Iterator[str]:
    """The fake Twilio server in its own process, answering after `latency` seconds."""
    from benchmarks.dispatch import start_server

    server, url = start_server(latency)
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


# --- the webhook with two web processes ----------------------------------------------------


def webhook_run(
    app: str, db: str, patients: int, seconds: float, connections: int, start_at: int
) -> dict[str, Any]:
    """`app` in two web processes (coach.webserver), loaded by wrk; req/s, latency, peak memory."""
    from benchmarks import webhook
    from tests.services import free_port

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "COACH_"))},
        "DATABASE_URL": db,
        "TWILIO_AUTH_TOKEN": webhook.TOKEN,
        "COACH_TRANSPORT": "console",
        "COACH_PUBLIC_URL": base,
    }
    url = f"{base}/twilio/sms"
    bodies = webhook.requests_for(url, int(seconds * 2000) + 400, patients, start_at)
    server = webhook.start(app, port, env, workers=2, wait=180)
    try:
        warm_up(url, bodies[:400])
        with tempfile.TemporaryDirectory() as tmp:
            result = webhook.load_wrk(url, bodies[400:], connections, seconds, Path(tmp))
        memory = [vm_hwm_mib(pid) for pid in spawned_workers(server.pid)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "per_second": result.requests / result.seconds,
        "p50_ms": result.p50,
        "p99_ms": result.p99,
        "errors": result.errors,
        "peak_rss_mib": memory,
    }


# --- one size ------------------------------------------------------------------------------


def warm_up(url: str, bodies: list[tuple[bytes, str]]) -> None:
    """Texts one at a time until both processes answer at once: each loads what a reply
    needs (the triage model) on its first text, which takes seconds on a loaded machine."""
    import httpx

    quick = 0
    for body, signature in bodies:
        started = time.perf_counter()
        response = httpx.post(
            url,
            content=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": signature,
            },
            timeout=120,
        )
        response.raise_for_status()
        quick = quick + 1 if time.perf_counter() - started < 1 else 0
        if quick == 8:
            return


@contextmanager
def own_database(admin: str, name: str) -> Iterator[str]:
    """A fresh database `name` on the server (an old one of that name is dropped first)."""
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{admin.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure(size: int, args: argparse.Namespace) -> dict[str, Any]:
    """Every figure for `size` patients, in a database of its own."""
    from benchmarks.common import copy_patients

    # Planned a day ahead of the real clock: no planned text falls due while dispatch runs.
    now = (datetime.now(UTC) + timedelta(days=1)).replace(second=0, microsecond=0)
    out: dict[str, Any] = {"patients": size}
    with own_database(args.url, args.database) as db:
        started = time.perf_counter()
        copy_patients(db, size, start=now.date() - timedelta(days=3), now=now)
        out["seed_seconds"] = time.perf_counter() - started
        note(f"{size:,}: seeded in {out['seed_seconds']:.1f} s")

        out["load_average"] = load_average()
        first: dict[str, Any] = {}
        runs: list[dict[str, Any]] = []
        for index, processes in enumerate(args.processes):
            with psycopg_connect(db) as conn:
                if index:  # the same patients, planned afresh
                    conn.execute("TRUNCATE outbox_message CASCADE")  # its own database
                    conn.execute("UPDATE patient SET planned_until = NULL")
                if len(args.processes) > 1:  # each run from the same state of the table
                    conn.execute("VACUUM ANALYZE patient")
            step = ["--step", "plan", "--db", db, "--now", now.isoformat()]
            first = run_step([*step, "--processes", str(processes)])
            runs.append(first)
            note(f"{size:,}: first planning in {processes} process(es) {first}")
        if len(set(args.processes)) > 1:
            # Median time of the runs with the first count over those with the last count
            # (a list such as 1,2,1,2 interleaves them: the machine's load moves).
            def median_seconds(count: int) -> float:
                return float(
                    statistics.median(r["seconds"] for r in runs if r["processes"] == count)
                )

            low, high = args.processes[0], args.processes[-1]
            out["plan_runs"] = runs
            out["plan_speedup"] = median_seconds(low) / median_seconds(high)
            note(f"{size:,}: first planning, {low} vs {high} processes: {out['plan_speedup']:.2f}x")
        out["plan_processes"] = first["processes"]
        out["plan_seconds"] = first["seconds"]
        out["plan_cpu_seconds"] = first["cpu_seconds"]
        out["plan_server_cpu_seconds"] = first.get("server_cpu_seconds")
        out["plan_rows"] = first["added"]
        out["plan_peak_rss_mib"] = first["peak_rss_mib"]
        out["load_average_planned"] = load_average()
        if args.plan_only:
            return out
        with psycopg_connect(db) as conn:
            # As autovacuum would by now: the outbox grew by the plan, and every patient's
            # watermark was set (the statistics from seeding say nobody has one yet).
            conn.execute("VACUUM ANALYZE outbox_message")
            conn.execute("VACUUM ANALYZE patient")

        steady = run_step(["--step", "steady", "--db", db, "--now", now.isoformat()])
        out["idle_cycle_seconds"] = steady["idle_seconds"]
        out["steady_seconds"] = steady["seconds"]
        out["steady_patients"] = steady["patients"]
        out["steady_cpu_seconds"] = steady.get("cpu_seconds")
        out["steady_server_cpu_seconds"] = steady.get("server_cpu_seconds")
        out["steady_rows"] = steady["added"]
        out["steady_peak_rss_mib"] = steady["peak_rss_mib"]
        note(f"{size:,}: steady cycle {steady}")

        add_due_rows(db, args.batch * 10, size, "claim")
        out |= outbox_costs(db, args.batch)
        note(f"{size:,}: outbox {out['due_query_ms']:.2f} ms, claim {out['claim_ms']:.1f} ms")

        with fake_twilio(args.latency) as twilio:
            free = dispatch_run(db, twilio, args.messages, size, 0, args.concurrency, "free")
            out["dispatch_per_second"] = free["per_second"]
            out["dispatch_split"] = free["split"]
            out["dispatch_not_sent"] = free["not_sent"]
            out["dispatch_peak_rss_mib"] = free["peak_rss_mib"]
            note(f"{size:,}: dispatch {free}")
            paced = dispatch_run(
                db,
                twilio,
                int(args.rate * args.rate_seconds) + 1,
                size,
                args.rate,
                args.concurrency,
                "paced",
            )
            out["rate_configured"] = args.rate
            out["rate_per_second"] = paced["per_second"]
            out["rate_not_sent"] = paced["not_sent"]
            note(f"{size:,}: rate {paced}")

        out["load_average_web"] = load_average()
        bare = webhook_run(
            "benchmarks.bare_app:app", db, size, args.webhook_seconds, args.connections, 0
        )
        ours = webhook_run(
            "coach.main:app", db, size, args.webhook_seconds, args.connections, 10_000_000
        )
        out["bare_per_second"] = bare["per_second"]
        out["webhook_per_second"] = ours["per_second"]
        out["webhook_ratio"] = ours["per_second"] / bare["per_second"]
        out["webhook_p50_ms"] = ours["p50_ms"]
        out["webhook_p99_ms"] = ours["p99_ms"]
        out["webhook_errors"] = ours["errors"]
        out["web_peak_rss_mib"] = ours["peak_rss_mib"]
        out["load_average_end"] = load_average()
    return out


@contextmanager
def psycopg_connect(db: str) -> Iterator[Any]:
    """An autocommit connection (VACUUM runs outside a transaction)."""
    import psycopg

    with psycopg.connect(db, autocommit=True) as conn:
        yield conn


def note(line: str) -> None:
    """Progress on stderr (stdout carries the results)."""
    print(line, file=sys.stderr, flush=True)


# --- output --------------------------------------------------------------------------------

ROWS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("first planning (s)", lambda r: f"{r['plan_seconds']:.1f}"),
    ("  rows planned", lambda r: f"{r['plan_rows']:,}"),
    (
        "  planner CPU (s)",
        lambda r: f"{r['plan_cpu_seconds']:.1f}" if "plan_cpu_seconds" in r else "-",
    ),
    (
        "  PostgreSQL CPU (s)",
        lambda r: (
            f"{r['plan_server_cpu_seconds']:.1f}" if r.get("plan_server_cpu_seconds") else "-"
        ),
    ),
    ("  peak RSS (MiB)", lambda r: f"{r['plan_peak_rss_mib']:.0f}"),
    (
        "steady cycle, 15 min on (s)",
        lambda r: f"{r['steady_seconds']:.2f} ({r['steady_patients']:,} patients)",
    ),
    (
        "  CPU, planner / PostgreSQL (s)",
        lambda r: (
            f"{r['steady_cpu_seconds']:.2f} / {r['steady_server_cpu_seconds']:.2f}"
            if r.get("steady_server_cpu_seconds") is not None
            else "-"
        ),
    ),
    ("  idle cycle (s)", lambda r: f"{r['idle_cycle_seconds']:.2f}"),
    ("  peak RSS (MiB)", lambda r: f"{r['steady_peak_rss_mib']:.0f}"),
    ("due query (ms)", lambda r: f"{r['due_query_ms']:.2f}"),
    ("expiry query (ms)", lambda r: f"{r['expire_query_ms']:.2f}"),
    ("claim of a batch (ms)", lambda r: f"{r['claim_ms']:.1f}"),
    ("dispatch, 2 workers, no limit (msg/s)", lambda r: _sent(r, "dispatch")),
    (
        "dispatch, COACH_SEND_RATE=100 (msg/s)",
        lambda r: f"{_sent(r, 'rate', 1)} ({r['rate_per_second'] / r['rate_configured'] - 1:+.1%})",
    ),
    ("  worker peak RSS (MiB)", lambda r: "/".join(f"{m:.0f}" for m in r["dispatch_peak_rss_mib"])),
    ("webhook, 2 web processes (req/s)", lambda r: f"{r['webhook_per_second']:.0f}"),
    (
        "  bare endpoint (req/s), ratio",
        lambda r: f"{r['bare_per_second']:.0f}, {r['webhook_ratio']:.2f}x",
    ),
    ("  p50 / p99 (ms)", lambda r: f"{r['webhook_p50_ms']:.0f} / {r['webhook_p99_ms']:.0f}"),
    ("  web peak RSS (MiB)", lambda r: "/".join(f"{m:.0f}" for m in r["web_peak_rss_mib"])),
    ("load average (1 min)", lambda r: f"{r['load_average']:.1f}-{r['load_average_end']:.1f}"),
]


def _sent(result: dict[str, Any], run: str, digits: int = 0) -> str:
    """A dispatch rate, with the texts a loaded machine left unsent (timed out, retrying)."""
    missing = result.get(f"{run}_not_sent", 0)
    rate = f"{result[f'{run}_per_second']:.{digits}f}"
    return f"{rate}, {missing} not sent" if missing else rate


def table(results: list[dict[str, Any]]) -> str:
    """A markdown table: one column per size."""
    head = "| patients | " + " | ".join(f"{r['patients']:,}" for r in results) + " |"
    rule = "|---|" + "---|" * len(results)
    lines = [head, rule]
    for label, cell in ROWS:
        lines.append(f"| {label.strip()} | " + " | ".join(cell(r) for r in results) + " |")
    return "\n".join(lines)


# (key, title, unit, what to compare with: "linear" growth for a cost, "flat" for a rate)
CHART: list[tuple[str, str, str, str]] = [
    ("plan_seconds", "first planning", "s", "linear"),
    ("steady_seconds", "steady cycle (1/96 of patients)", "s", "linear"),
    ("plan_peak_rss_mib", "planner peak RSS", "MiB", "linear"),
    ("claim_ms", "claim of a batch", "ms", "linear"),
    ("dispatch_per_second", "dispatch, 2 workers", "msg/s", "flat"),
    ("webhook_per_second", "webhook, 2 web processes", "req/s", "flat"),
]


def chart(results: list[dict[str, Any]], path: Path) -> None:
    """Each figure against size on log axes, beside linear growth (costs) or a flat line
    (rates) from the smallest size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["patients"] for r in results]
    figure, axes = plt.subplots(2, 3, figsize=(12, 7))
    for ax, (key, title, unit, compare) in zip(axes.flat, CHART, strict=True):
        values = [r[key] for r in results]
        ax.loglog(sizes, values, "o-", label="measured")
        growth = [s / sizes[0] if compare == "linear" else 1 for s in sizes]
        ax.loglog(sizes, [values[0] * g for g in growth], ":", color="grey", label=compare)
        ax.legend(fontsize="small")
        ax.set_title(title)
        ax.set_xlabel("patients")
        ax.set_ylabel(unit)
        ax.grid(True, which="both", alpha=0.3)
    figure.suptitle("Neck Coach on PostgreSQL, 2 cores")
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument(
        "--url",
        default=os.environ.get("COACH_TEST_POSTGRES_URL", DEFAULT_ADMIN),
        help="the PostgreSQL server (a database it can create databases from)",
    )
    parser.add_argument("--database", default="coach_scale", help="created and dropped")
    parser.add_argument("--chart", default=str(ROOT / "benchmarks" / "scale.png"))
    parser.add_argument("--no-chart", action="store_true")
    parser.add_argument("--messages", type=int, default=3000, help="texts for dispatch")
    parser.add_argument("--rate", type=float, default=100.0, help="COACH_SEND_RATE to hold")
    parser.add_argument("--rate-seconds", type=float, default=30.0)
    parser.add_argument("--latency", type=float, default=0.1, help="fake Twilio's answer")
    parser.add_argument("--concurrency", type=int, default=16, help="COACH_SEND_CONCURRENCY")
    parser.add_argument("--batch", type=int, default=32, help="rows a claim takes")
    parser.add_argument("--webhook-seconds", type=float, default=15.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--from-json",
        nargs="+",
        metavar="FILE",
        help="redraw the table and chart from the JSON lines of earlier runs (no measuring)",
    )
    parser.add_argument(
        "--processes",
        default="2",
        type=lambda text: [int(n) for n in text.split(",")],
        help="first planning in this many processes (coach plan --processes); a list, e.g."
        " 1,2,1,2, plans the same patients afresh with each and gives the ratio of the"
        " median times of the first count and the last",
    )
    parser.add_argument(
        "--plan-only", action="store_true", help="stop after first planning (no other step)"
    )
    parser.add_argument("--step", choices=["plan", "steady", "dispatch"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--now", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "dispatch":
        step_dispatch()
        return
    if args.step == "plan":
        now = datetime.fromisoformat(args.now)
        print(json.dumps(step_plan(args.db, now, args.processes[-1])))
        return
    if args.step:
        print(json.dumps(step_steady(args.db, datetime.fromisoformat(args.now))))
        return
    results = []
    if args.from_json:
        for name in args.from_json:
            lines = Path(name).read_text().splitlines()
            results += [json.loads(line) for line in lines if line.startswith("{")]
        results.sort(key=lambda r: int(r["patients"]))
    for size in () if args.from_json else (int(s) for s in args.sizes.split(",")):
        result = measure(size, args)
        print(json.dumps(result), flush=True)
        results.append(result)
    if args.plan_only:
        return
    print(table(results))
    if not args.no_chart:
        chart(results, Path(args.chart))
        print(f"chart: {args.chart}")


if __name__ == "__main__":
    main()
