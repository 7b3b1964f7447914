"""Shared set-up for the benchmarks: a migrated database seeded with many patients."""

from __future__ import annotations

import resource
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from coach import migrate
from coach.clinicians.models import Clinician
from coach.db import make_engine
from coach.patients.models import Patient

ZONES = [
    "America/New_York",
    "America/Los_Angeles",
    "Europe/London",
    "Asia/Kolkata",
    "Pacific/Auckland",
    "America/Mexico_City",
]
PROGRAMS = ["neck-4wk", "acute-spasm-2wk", "desk-worker-4wk"]


def patient_rows(count: int, *, start: date, now: datetime) -> Iterator[dict[str, Any]]:
    """`count` active patients spread over zones, languages and programmes (phones
    +12000000000, +12000000001, ...: what the webhook benchmarks text from)."""
    for i in range(count):
        yield {
            "clinician_id": 1,
            "phone": f"+1{2000000000 + i}",
            "first_name": None,
            "timezone": ZONES[i % len(ZONES)],
            "language": "es" if i % 4 == 0 else "en",
            "channel": "sms",
            "program_id": PROGRAMS[i % len(PROGRAMS)],
            "start_date": start,
            "quiet_start": time(21, 0),
            "quiet_end": time(8, 0),
            "consent_given_at": now,
            "consent_method": "form",
            "status": "active",
            "sms_consent": False,
            "extra_days": 0,
            "frequency": "normal",
            "created_at": now,
            "updated_at": now,
        }


def _add_clinician(url: str) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        session.add(
            Clinician(name="Bench", email="bench@x.org", api_key_hash="b" * 64, key_prefix="nck_")
        )
        session.commit()
    engine.dispose()


def seed_patients(url: str, count: int, *, start: date, now: datetime | None = None) -> None:
    """Migrate `url` and add `count` active patients spread over zones and programmes."""
    migrate.upgrade(url)
    _add_clinician(url)
    engine = make_engine(url)
    with Session(engine) as session:
        batch = []
        for row in patient_rows(count, start=start, now=now or datetime.now(UTC)):
            batch.append(row)
            if len(batch) == 10_000:
                session.execute(insert(Patient), batch)
                batch = []
        if batch:
            session.execute(insert(Patient), batch)
        session.commit()
    engine.dispose()


def copy_patients(url: str, count: int, *, start: date, now: datetime) -> None:
    """`seed_patients` for PostgreSQL, with COPY (one statement streaming every row)."""
    import psycopg

    migrate.upgrade(url)
    _add_clinician(url)
    rows = patient_rows(count, start=start, now=now)
    first = next(rows, None)
    if first is None:
        return
    columns = ", ".join(first)
    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        with cursor.copy(f"COPY patient ({columns}) FROM STDIN") as copy:
            copy.write_row(tuple(first.values()))
            for row in rows:
                copy.write_row(tuple(row.values()))
        cursor.execute("ANALYZE patient")


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
