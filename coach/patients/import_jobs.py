"""Large CSV imports as background jobs, in chunks with a commit each (memory flat).

`POST /v1/patients/import` with more than `INLINE_ROWS` rows answers 202 with a job; the
rows are enrolled in chunks of `CHUNK` by a thread of the web process that took the
upload, each chunk its own transaction, and `GET /v1/imports/{id}` shows the progress and,
at the end, the same counts and row errors an inline import returns. The CLI uses the same
chunked path with a progress bar.
"""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from enum import StrEnum
from itertools import islice

from sqlalchemy import Engine, String, Text
from sqlmodel import Field, Session, SQLModel

from coach.clinicians.models import Clinician, Role
from coach.content.library import Library
from coach.db import UTCDateTime, utcnow
from coach.errors import CoachError, NotFound
from coach.patients import importer
from coach.patients.schemas import ImportOut, RowError
from coach.settings import Settings

log = logging.getLogger(__name__)

INLINE_ROWS = 2_000  # more data lines than this: a background job
CHUNK = 1_000
MAX_ERRORS_KEPT = 5_000  # a file of nothing but errors still has a bounded report


class JobStatus(StrEnum):
    """Where an import job is."""

    running = "running"
    done = "done"
    failed = "failed"


class ImportJob(SQLModel, table=True):
    """One background CSV import and its outcome so far."""

    __tablename__ = "import_job"

    id: int | None = Field(default=None, primary_key=True)
    clinician_id: int = Field(foreign_key="clinician.id", index=True)
    status: JobStatus = Field(default=JobStatus.running, sa_type=String(10))
    expected_rows: int | None = None  # the file's data lines, an upper bound (for progress)
    processed: int = 0
    enrolled: int = 0
    unchanged: int = 0
    errors: str = Field(default="[]", sa_type=Text)  # JSON list of row errors
    message: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


def data_lines(data: bytes) -> int:
    """A cheap upper bound of the rows in a file (its line count)."""
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def import_in_chunks(
    *,
    session_for: Callable[[], Session],
    actor_id: int,
    rows: Iterable[importer.CsvRow],
    settings: Settings,
    library: Library,
    now: datetime,
    progress: Callable[[ImportOut, int], None] | None = None,
) -> ImportOut:
    """Enroll `rows` CHUNK at a time, one transaction each; the totals of every chunk."""
    total = ImportOut(enrolled=0, unchanged=0, errors=[])
    processed = 0
    iterator: Iterator[importer.CsvRow] = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        with session_for() as session:
            actor = session.get(Clinician, actor_id)
            assert actor is not None
            part = importer.import_rows(
                session=session,
                actor=actor,
                rows=chunk,
                settings=settings,
                library=library,
                now=now,
            )
        processed += len(chunk)
        total.enrolled += part.enrolled
        total.unchanged += part.unchanged
        room = MAX_ERRORS_KEPT - len(total.errors)
        total.errors.extend(part.errors[: max(room, 0)])
        if progress is not None:
            progress(total, processed)
    return total


def start(
    *,
    session: Session,
    actor: Clinician,
    data: bytes,
    settings: Settings,
    library: Library,
    now: datetime,
) -> ImportJob:
    """Check the header at once (a bad file is still a 4xx), then import in a thread."""
    assert actor.id is not None
    first = importer.iter_csv(io.BytesIO(data))
    next(first, None)  # the header check, and the first row's decoding
    job = ImportJob(
        clinician_id=actor.id, expected_rows=data_lines(data) - 1, created_at=now, updated_at=now
    )
    session.add(job)
    session.commit()
    session.refresh(job)
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    assert job.id is not None
    thread = threading.Thread(
        target=_run,
        args=(engine, job.id, actor.id, data, settings, library, now),
        name=f"import-{job.id}",
        daemon=True,
    )
    thread.start()
    return job


def _run(
    engine: Engine,
    job_id: int,
    actor_id: int,
    data: bytes,
    settings: Settings,
    library: Library,
    now: datetime,
) -> None:
    def session_for() -> Session:
        return Session(engine, expire_on_commit=False)

    def record(totals: ImportOut, processed: int, status: JobStatus, message: str | None) -> None:
        with session_for() as session:
            job = session.get(ImportJob, job_id)
            assert job is not None
            job.processed = processed
            job.enrolled, job.unchanged = totals.enrolled, totals.unchanged
            job.errors = json.dumps([e.model_dump(exclude_none=True) for e in totals.errors])
            job.status, job.message, job.updated_at = status, message, utcnow()
            session.add(job)
            session.commit()

    last = (ImportOut(enrolled=0, unchanged=0, errors=[]), 0)

    def progress(totals: ImportOut, processed: int) -> None:
        nonlocal last
        last = (totals, processed)
        record(totals, processed, JobStatus.running, None)

    try:
        totals = import_in_chunks(
            session_for=session_for,
            actor_id=actor_id,
            rows=importer.iter_csv(io.BytesIO(data)),
            settings=settings,
            library=library,
            now=now,
            progress=progress,
        )
    except CoachError as exc:
        record(*last, JobStatus.failed, exc.message)
    except Exception:
        log.exception("import job %s failed", job_id)
        record(*last, JobStatus.failed, "the import stopped on an internal error")
    else:
        record(totals, last[1], JobStatus.done, None)


def record_finished(
    *, session: Session, actor: Clinician, result: ImportOut, rows: int, now: datetime
) -> ImportJob:
    """Keep an import that ran inline as a finished job, so its outcome can be shown again."""
    assert actor.id is not None
    kept = result.errors[:MAX_ERRORS_KEPT]
    job = ImportJob(
        clinician_id=actor.id,
        status=JobStatus.done,
        expected_rows=rows,
        processed=rows,
        enrolled=result.enrolled,
        unchanged=result.unchanged,
        errors=json.dumps([e.model_dump(exclude_none=True) for e in kept]),
        created_at=now,
        updated_at=now,
    )
    session.add(job)
    session.commit()
    session.refresh(job)
    return job


def get_job(*, session: Session, actor: Clinician, job_id: int) -> ImportJob:
    """The actor's own job (an admin sees all); NotFound otherwise."""
    job = session.get(ImportJob, job_id)
    if job is None or (job.clinician_id != actor.id and actor.role != Role.admin):
        raise NotFound(f"no import {job_id}")
    return job


def errors_of(job: ImportJob) -> list[RowError]:
    """The job's row errors so far."""
    return [RowError.model_validate(item) for item in json.loads(job.errors)]
