"""A big planning run split over processes, each planning its own range of patient ids.

The planner's own work is Python, so one process plans on one core whatever the machine
has (the interpreter lock): a first planning of a million patients, or `coach plan --all`
after a content change, waits on that core while PostgreSQL's backends use another. Split
over N processes by disjoint, equally full ranges of patient ids, each with its own
connections and chunk writer, the run uses N cores for the planner.

Nothing else changes: each process runs the same planner over its range, each chunk is its
outbox rows and its patients' watermarks in one transaction, rows go in with
insert-or-ignore on their slot key, so a process that dies leaves its finished chunks
planned and marked and the rest unmarked, for the next cycle or run to plan. PostgreSQL
only: SQLite has one writer, and processes would only take turns at it.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime

from sqlalchemy import ARRAY, ColumnElement, Engine, Float, bindparam, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from coach.content.library import Library
from coach.errors import CoachError, ConfigError
from coach.patients.models import Patient, PatientStatus

log = logging.getLogger(__name__)

# Below this many patients a process, starting one (about 2 s of imports) gains nothing.
MIN_PER_PROCESS = 20_000
# An id range: (after, up_to), `after` excluded, `up_to` included; None: no upper end.
IdRange = tuple[int, int | None]


class PlanningFailed(CoachError):
    """A planning process stopped with an error; its finished chunks stay planned."""

    status_code = 500


def refuse_sqlite(dialect: str, processes: int) -> None:
    """Raise a ConfigError for more than one planning process on SQLite."""
    if processes > 1 and dialect != "postgresql":
        raise ConfigError(
            f"planning in {processes} processes needs PostgreSQL: SQLite takes one writer "
            "at a time (plan in 1 process)"
        )


def split(
    session: Session,
    processes: int,
    due_before: datetime | None,
    *,
    min_per_process: int | None = None,
) -> list[IdRange]:
    """Disjoint id ranges holding about as many of the patients to plan each: one range a
    process, fewer when there are too few patients to be worth a process each."""
    wanted: list[ColumnElement[bool]] = [col(Patient.status) == PatientStatus.active]
    if due_before is not None:  # the planner's watermark condition (`_active_chunks`)
        wanted.append(
            or_(col(Patient.planned_until).is_(None), col(Patient.planned_until) <= due_before)
        )
    count = session.execute(sa_select(func.count()).where(*wanted)).scalar_one()
    least = MIN_PER_PROCESS if min_per_process is None else max(min_per_process, 1)
    parts = max(1, min(processes, count // least))
    if parts == 1:
        return [(0, None)]
    fractions = [k / parts for k in range(1, parts)]
    cuts = session.execute(
        sa_select(
            func.percentile_disc(bindparam("fractions", fractions, type_=ARRAY(Float)))
            .within_group(col(Patient.id))
            .label("cuts")
        ).where(*wanted)
    ).scalar_one()
    bounds = sorted({int(cut) for cut in cuts})
    # The last range has no upper end: a patient enrolled during the run is still planned.
    return list(zip([0, *bounds], [*bounds, None], strict=True))


def plan_apart(
    *,
    engine: Engine,
    library: Library,
    now: datetime,
    everyone: bool,
    ranges: Sequence[IdRange],
) -> int:
    """Plan the first id range in this process and each other in a process of its own
    (this one would only wait otherwise); the rows added in all.

    Every part runs to its end even when another fails with an error (their chunks are
    planned and marked either way); then the first failure is raised. A process killed
    outright ends the other processes too (the pool is broken): each chunk is still all or
    nothing.
    """
    context = multiprocessing.get_context("spawn")  # no inherited connections or threads
    url = engine.url.render_as_string(hide_password=False)
    log.info("planning in %d processes, patient ids split at %s", len(ranges), ranges[1:])
    errors: list[BaseException] = []
    with ProcessPoolExecutor(max_workers=len(ranges) - 1, mp_context=context) as pool:
        futures: list[Future[int]] = [
            pool.submit(_plan_range, url, library, now, everyone, id_range)
            for id_range in ranges[1:]
        ]
        try:
            added = _plan_range(engine, library, now, everyone, ranges[0])
        except PlanningFailed as exc:
            added = 0
            errors.append(exc)
        errors += [error for future in futures if (error := future.exception()) is not None]
    for error in errors:
        if isinstance(error, BrokenProcessPool):  # killed (out of memory, a signal)
            raise PlanningFailed(
                "a planning process ended abruptly (killed?); the chunks the processes "
                "finished stay planned: run again to plan the rest"
            ) from error
    if errors:
        raise errors[0]
    return added + sum(future.result() for future in futures)


def _plan_range(
    database: str | Engine, library: Library, now: datetime, everyone: bool, id_range: IdRange
) -> int:
    """One part: the planner over one id range, on the given engine or on one of its own
    for a URL (in a process of its own)."""
    from coach.db import make_engine
    from coach.scheduling import planner

    engine = make_engine(database) if isinstance(database, str) else database
    try:
        with Session(engine) as session:
            return planner.plan(
                session=session, library=library, now=now, everyone=everyone, id_range=id_range
            )
    except Exception as exc:
        # Said in one picklable line: the parent re-raises it (the child's own exception
        # may not survive the trip between processes whole).
        after, up_to = id_range
        where = f"ids {after + 1} to {up_to}" if up_to is not None else f"ids from {after + 1}"
        raise PlanningFailed(
            f"planning patients with {where} stopped: {type(exc).__name__}: {exc}"
        ) from exc
    finally:
        if engine is not database:
            engine.dispose()
