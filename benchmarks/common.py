"""Shared set-up for the benchmarks: a migrated database seeded with many patients."""

from __future__ import annotations

import resource
from datetime import UTC, date, datetime, time

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


def seed_patients(url: str, count: int, *, start: date, now: datetime | None = None) -> None:
    """Migrate `url` and add `count` active patients spread over zones and programmes."""
    migrate.upgrade(url)
    engine = make_engine(url)
    now = now or datetime.now(UTC)
    with Session(engine) as session:
        session.add(
            Clinician(name="Bench", email="bench@x.org", api_key_hash="b" * 64, key_prefix="nck_")
        )
        session.commit()
        batch = []
        for i in range(count):
            batch.append(
                {
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
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if len(batch) == 10_000:
                session.execute(insert(Patient), batch)
                batch = []
        if batch:
            session.execute(insert(Patient), batch)
        session.commit()
    engine.dispose()


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
