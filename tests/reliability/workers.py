"""Shared helpers for the tests that run real `coach worker` and web processes.

Seed a database with due texts, start and stop processes with a test environment, read
the outbox's status counts, and wait for a condition with a deadline.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO

from sqlalchemy import insert
from sqlmodel import Session, func, select

from coach import migrate
from coach.clinicians.models import Clinician
from coach.db import make_engine
from coach.messaging.models import OutboxMessage
from coach.patients.models import Patient
from tests.services import ROOT

PATIENTS = 200
PER_PATIENT = 10
AUTH_TOKEN = "worker-test-token"


def body(patient: int, k: int, prefix: str = "message") -> str:
    """The text of message `k` of patient `patient` (unique, so the fake can count it)."""
    return f"{prefix} {patient}-{k}"


def seed_patients(url: str, patients: int = PATIENTS, *, now: datetime | None = None) -> None:
    """Migrate, then add one clinician and `patients` active patients starting next year."""
    migrate.upgrade(url)
    now = now or datetime.now(UTC)
    engine = make_engine(url)
    with Session(engine) as s:
        s.add(Clinician(name="Dr", email="dr@x.org", api_key_hash="h" * 64, key_prefix="nck_"))
        s.commit()
        s.execute(
            insert(Patient),
            [
                {
                    "clinician_id": 1,
                    "phone": f"+1212555{i:04d}",
                    "timezone": "UTC",
                    "language": "en",
                    "channel": "sms",
                    "program_id": "neck-4wk",
                    # Starting next year, so the planner adds nothing of its own.
                    "start_date": date(now.year + 1, 1, 1),
                    "quiet_start": datetime.min.time(),
                    "quiet_end": datetime.min.time(),
                    "consent_given_at": now,
                    "consent_method": "form",
                    "status": "active",
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(patients)
            ],
        )
        s.commit()
    engine.dispose()


def add_messages(
    url: str,
    *,
    patients: int = PATIENTS,
    per_patient: int = PER_PATIENT,
    prefix: str = "message",
    now: datetime | None = None,
    window: timedelta = timedelta(hours=2),
    short_window_every: int = 0,
    short_window: timedelta = timedelta(seconds=60),
) -> int:
    """Queue `per_patient` texts due now for each patient; returns how many.

    With `short_window_every=n`, every n-th message may only go out within `short_window`.
    """
    now = now or datetime.now(UTC)
    rows = []
    for p in range(patients):
        for k in range(per_patient):
            short = short_window_every and (p * per_patient + k) % short_window_every == 0
            rows.append(
                {
                    "patient_id": p + 1,
                    "slot_key": f"{p + 1}:{prefix}{k}",
                    "kind": "posture_tip",
                    "channel": "sms",
                    "to_phone": f"+1212555{p:04d}",
                    "body": body(p, k, prefix),
                    "status": "scheduled",
                    "due_at": now - timedelta(seconds=1),
                    "expires_at": now + (short_window if short else window),
                    "attempts": 0,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    engine = make_engine(url)
    with Session(engine) as s:
        s.execute(insert(OutboxMessage), rows)
        s.commit()
    engine.dispose()
    return len(rows)


def seed(url: str) -> None:
    """200 patients (starting next year, so the planner adds nothing) with 10 due texts each."""
    seed_patients(url)
    add_messages(url)


def coach_env(url: str, twilio_url: str, **overrides: str) -> dict[str, str]:
    """The environment of a coach process: this database, the fake Twilio, no stray settings."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "COACH_"))},
        "DATABASE_URL": url,
        "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": "+15005550006",
        "TWILIO_API_BASE_URL": twilio_url,
        "TWILIO_TIMEOUT": "5",
        "COACH_PUBLIC_URL": "https://coach.example.org",
        "COACH_SEND_RATE": "0",
        "COACH_SEND_CONCURRENCY": "8",
        "COACH_STUCK_AFTER_SECONDS": "2",
    }
    env.update(overrides)
    return env


def start_process(
    args: list[str], env: dict[str, str], log: Path | None = None
) -> subprocess.Popen[str]:
    """Start `python -m coach ARGS`; stderr goes to `log` when given, else to a pipe."""
    stderr: IO[str] | int = subprocess.PIPE
    if log is not None:
        stderr = log.open("a")
    try:
        return subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            text=True,
        )
    finally:
        if not isinstance(stderr, int):
            stderr.close()  # the child has its own copy


def start_worker(
    url: str, twilio_url: str, *, log: Path | None = None, **env: str
) -> subprocess.Popen[str]:
    """Start `coach worker` on this database and fake Twilio."""
    return start_process(["-m", "coach", "worker"], coach_env(url, twilio_url, **env), log)


def kill(process: subprocess.Popen[str]) -> None:
    """SIGKILL: no chance to finish anything."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    if process.stderr is not None:
        process.stderr.close()


def stop(process: subprocess.Popen[str]) -> str:
    """SIGTERM, then wait (bounded) for a clean exit; returns what it wrote to a stderr pipe."""
    process.send_signal(signal.SIGTERM)
    try:
        _, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        kill(process)
        raise
    return err or ""


def counts(url: str) -> dict[str, int]:
    """How many outbox rows are in each status."""
    engine = make_engine(url)
    with Session(engine) as s:
        rows = s.exec(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
    engine.dispose()
    return {str(status): n for status, n in rows}


def rows_by_status(url: str) -> dict[str, list[OutboxMessage]]:
    """Every outbox row, grouped by status."""
    engine = make_engine(url)
    grouped: dict[str, list[OutboxMessage]] = {}
    with Session(engine) as s:
        for row in s.exec(select(OutboxMessage)).all():
            grouped.setdefault(str(row.status), []).append(row)
    engine.dispose()
    return grouped


def wait_until(predicate: Callable[[], bool], timeout: float, step: float = 0.3) -> bool:
    """Poll `predicate` until it holds or `timeout` seconds pass; whether it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
