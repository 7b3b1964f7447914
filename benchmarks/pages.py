"""Dashboard page render times with 1,000 patients on SQLite (the issue's bar: p95 <= 100 ms).

A migrated SQLite file gets 1,000 patients, their planned messages, 10 pain scores and 8
exercise logs each, 200 open alerts, 300 open conversations of 5 notes each and a finished
CSV import with 500 row errors; a signed-in session then
requests each page in process (Starlette's TestClient, so the time is the server's plus a
little client overhead). The baseline in the
same run is `/healthz` of the same app (one `SELECT 1`). Prints p50/p95 per page and the
ratio of each p95 to the baseline's.

    .venv/bin/python -m benchmarks.pages [--patients 1000] [--requests 200]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

BUDGET_MS = 100.0


def seed(url: str, patients: int, now: datetime) -> str:
    """Patients, plans, pain, alerts and a dashboard session; the session cookie."""
    from sqlalchemy import insert
    from sqlmodel import Session

    from benchmarks.common import seed_patients
    from coach.alerts.models import Alert
    from coach.clinicians.models import Clinician
    from coach.content.loader import get_library
    from coach.conversations.models import Conversation, ConversationEntry
    from coach.dashboard import accounts
    from coach.db import make_engine
    from coach.patients.import_jobs import ImportJob, JobStatus
    from coach.patients.models import ExerciseLog, PainReport
    from coach.scheduling import planner

    seed_patients(url, patients, start=now.date() - timedelta(days=3), now=now)
    engine = make_engine(url)
    with Session(engine) as session:
        planner.plan(session=session, library=get_library(), now=now)
        pain = [
            {"patient_id": p, "score": (p + d) % 11, "source": "sms",
             "reported_at": now - timedelta(days=d)}
            for p in range(1, patients + 1)
            for d in range(10)
        ]  # fmt: skip
        session.execute(insert(PainReport), pain)
        logs = [
            {"patient_id": p, "exercise_id": "chin-tuck", "done": (p + d) % 3 != 0,
             "logged_at": now - timedelta(days=d)}
            for p in range(1, patients + 1)
            for d in range(8)
        ]  # fmt: skip
        session.execute(insert(ExerciseLog), logs)
        errors = [{"row": r, "field": "phone", "message": "phone: not a phone number"}
                  for r in range(2, 502)]  # fmt: skip
        session.add(
            ImportJob(clinician_id=1, status=JobStatus.done, expected_rows=2500, processed=2500,
                      enrolled=2000, errors=json.dumps(errors), created_at=now, updated_at=now)
        )  # fmt: skip
        alerts = [
            {"patient_id": p, "kind": "persistent", "urgent": p % 5 == 0, "reason": "still high",
             "status": "open", "created_at": now - timedelta(hours=p % 48)}
            for p in range(1, min(patients, 200) + 1)
        ]  # fmt: skip
        session.execute(insert(Alert), alerts)
        conversations = [
            {"patient_id": p, "status": "open", "urgent": p % 7 == 0, "opened_by": "patient",
             "opened_at": now - timedelta(hours=p % 72), "last_activity_at": now,
             "waiting_since": now - timedelta(minutes=p)}
            for p in range(1, min(patients, 300) + 1)
        ]  # fmt: skip
        session.execute(insert(Conversation), conversations)
        entries = [
            {"conversation_id": c, "kind": "note", "text": f"note {n} on {c}",
             "at": now - timedelta(minutes=n)}
            for c in range(1, min(patients, 300) + 1)
            for n in range(5)
        ]  # fmt: skip
        session.execute(insert(ConversationEntry), entries)
        session.commit()
        clinician = session.get(Clinician, 1)
        assert clinician is not None
        token = accounts.open_session(session=session, clinician=clinician, now=now).token
    engine.dispose()
    return token


def measure(client: object, path: str, requests: int) -> list[float]:
    """Milliseconds per GET of `path` (after a few warm-up requests)."""
    get = client.get  # type: ignore[attr-defined]
    for _ in range(5):
        assert get(path).status_code == 200, path
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, path
    return times


def p95(times: list[float]) -> float:
    """The 95th percentile."""
    return statistics.quantiles(times, n=20)[-1]


def main() -> None:
    """Seed, then time each page against /healthz."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    for logger in ("httpx", "httpx2"):  # the test client's request log: one line a request
        logging.getLogger(logger).setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'pages.db'}"
        os.environ["DATABASE_URL"] = url
        os.environ["COACH_TRANSPORT"] = "console"
        from fastapi.testclient import TestClient

        from coach.main import create_app

        token = seed(url, args.patients, datetime.now(UTC))
        client = TestClient(create_app(), follow_redirects=False)
        client.cookies.set("coach_session", token, path="/app")
        base = measure(client, "/healthz", args.requests)
        print(f"{args.patients} patients, {args.requests} requests per page, SQLite file")
        print(f"{'baseline /healthz':32} p50 {statistics.median(base):6.1f} ms  "
              f"p95 {p95(base):6.1f} ms")  # fmt: skip
        worst = 0.0
        for path in ("/app", "/app/inbox/150", "/app/alerts", "/app/patients",
                     "/app/patients?page=40", "/app/patients?q=555", "/app/patients/500",
                     "/app/patients/500/edit", "/app/enroll", "/app/import", "/app/imports/1",
                     "/app/imports/1/errors.csv", "/app/programmes?program=neck-4wk"):  # fmt: skip
            times = measure(client, path, args.requests)
            worst = max(worst, p95(times))
            print(f"{path:32} p50 {statistics.median(times):6.1f} ms  p95 {p95(times):6.1f} ms  "
                  f"({p95(times) / p95(base):.1f}x baseline)")  # fmt: skip
        verdict = "within" if worst <= BUDGET_MS else "OVER"
        print(f"worst p95 {worst:.1f} ms: {verdict} the {BUDGET_MS:.0f} ms budget")


if __name__ == "__main__":
    main()
