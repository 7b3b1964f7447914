"""Planning 100,000 patients' next 48 hours on SQLite, against the naive alternative.

Ours: `coach.scheduling.planner.plan` (bulk, insert-or-ignore into the outbox).
Baseline: one persistent APScheduler job per reminder (SQLAlchemyJobStore on SQLite),
measured on a 5,000-patient subset in the same run. Each side runs in a fresh process so
peak memory is its own. Prints reminders/second for both and the ratio.

    .venv/bin/python -m benchmarks.plan [--patients 100000] [--baseline 5000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


def run_ours(db: str, patients: int) -> dict[str, float]:
    from sqlmodel import Session, func, select

    from benchmarks.common import peak_rss_mib, seed_patients
    from coach.content.loader import get_library
    from coach.db import make_engine
    from coach.messaging.models import OutboxMessage
    from coach.scheduling import planner

    url = f"sqlite:///{db}"
    seed_patients(url, patients, start=NOW.date() - timedelta(days=3), now=NOW)
    engine = make_engine(url)
    library = get_library()
    started = time.perf_counter()
    with Session(engine) as session:
        added = planner.plan(session=session, library=library, now=NOW)
    seconds = time.perf_counter() - started
    with Session(engine) as session:
        # The worker's next cycle, 15 minutes on: the watermarks leave everyone alone but
        # the patients whose own minute of the day came round (about 1/96 of them).
        again_started = time.perf_counter()
        repeat = planner.plan(session=session, library=library, now=NOW + timedelta(minutes=15))
        again = time.perf_counter() - again_started
        # A full re-plan of everyone (`coach plan --all`), idempotent: adds nothing.
        full_started = time.perf_counter()
        full = planner.plan(session=session, library=library, now=NOW, everyone=True)
        full_seconds = time.perf_counter() - full_started
        rows = session.exec(select(func.count()).select_from(OutboxMessage)).one()
    engine.dispose()
    return {
        "patients": patients,
        "reminders": added,
        "rows": rows,
        "seconds": seconds,
        "replan_added": repeat,
        "replan_seconds": again,
        "full_added": full,
        "full_seconds": full_seconds,
        "peak_rss_mib": peak_rss_mib(),
    }


def run_naive(db: str, patients: int) -> dict[str, float]:
    """One persistent APScheduler job per reminder: what the style guide warns against."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler
    from sqlmodel import Session

    from benchmarks.common import peak_rss_mib, seed_patients
    from coach.content.loader import get_library
    from coach.db import make_engine
    from coach.scheduling import planner
    from coach.scheduling.planner import History

    url = f"sqlite:///{db}"
    seed_patients(url, patients, start=NOW.date() - timedelta(days=3), now=NOW)
    engine = make_engine(url)
    library = get_library()
    scheduler = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(url=url)}, timezone="UTC"
    )
    scheduler.start()
    from sqlmodel import select

    from coach.patients.models import Patient

    started = time.perf_counter()
    jobs = 0
    with Session(engine) as session:
        for patient in session.exec(select(Patient)).all():
            history = History(recent={}, days=[], last_pain=None)
            for row in planner.plan_patient(
                library=library, patient=patient, history=history, now=NOW
            ):
                scheduler.add_job(
                    print,
                    "date",
                    run_date=row["due_at"],
                    args=[row["body"]],
                    id=row["slot_key"],
                    replace_existing=True,
                )
                jobs += 1
    seconds = time.perf_counter() - started
    scheduler.shutdown(wait=False)
    engine.dispose()
    return {
        "patients": patients,
        "reminders": jobs,
        "seconds": seconds,
        "peak_rss_mib": peak_rss_mib(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=5_000)
    parser.add_argument("--side", choices=["ours", "naive"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        result = (run_ours if args.side == "ours" else run_naive)(
            args.db, args.patients if args.side == "ours" else args.baseline
        )
        print(json.dumps(result))
        return
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for side in ("ours", "naive"):
            out = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.plan",
                    "--side",
                    side,
                    "--db",
                    str(Path(tmp) / f"{side}.db"),
                    "--patients",
                    str(args.patients),
                    "--baseline",
                    str(args.baseline),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            results[side] = json.loads(out.stdout.strip().splitlines()[-1])
    ours, naive = results["ours"], results["naive"]
    ours_rate = ours["reminders"] / ours["seconds"]
    naive_rate = naive["reminders"] / naive["seconds"]
    print(
        f"planner: {ours['patients']:,} patients, {ours['reminders']:,} reminders in "
        f"{ours['seconds']:.1f} s ({ours_rate:,.0f}/s), peak RSS {ours['peak_rss_mib']:.0f} MiB"
    )
    print(
        f"  next cycle (15 min on): {ours['replan_added']} added in "
        f"{ours['replan_seconds']:.2f} s; full re-plan (plan --all): {ours['full_added']} "
        f"added in {ours['full_seconds']:.1f} s"
    )
    print(
        f"naive (one APScheduler job per reminder): {naive['patients']:,} patients, "
        f"{naive['reminders']:,} jobs in {naive['seconds']:.1f} s ({naive_rate:,.0f}/s)"
    )
    print(f"ratio: {ours_rate / naive_rate:.1f}x the naive rate")


if __name__ == "__main__":
    main()
