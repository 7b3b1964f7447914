"""Engine, sessions and the column types every model shares."""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy import DateTime, Engine, TypeDecorator, event, text
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine
from starlette.concurrency import run_in_threadpool

from coach import write_turns
from coach.settings import get_settings

T = TypeVar("T")


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes; store UTC (naive on SQLite, which has no zone type)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware value")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        """Return aware UTC whatever the backend gave back."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


BUSY_TIMEOUT_MS = 15_000  # how long an SQLite write waits for another connection's


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_checkin(dbapi_connection: Any, record: Any) -> None:
    """A connection that answered a text without waiting (`write_turns.at_once`) waits
    again for its next user."""
    if record is not None and record.info.pop(write_turns.NO_WAIT, False) and dbapi_connection:
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


# libpq connection parameters for PostgreSQL: give up connecting after 10 s; probe an idle
# connection after 30 s, and drop it after 3 unanswered probes 10 s apart.
POSTGRES_CONNECT_ARGS: dict[str, int] = {
    "connect_timeout": 10,
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
}


def make_engine(url: str) -> Engine:
    """Create an engine for `url`; SQLite gets WAL, foreign keys and a busy timeout."""
    # Every table must be on the metadata before the first flush resolves foreign keys,
    # whichever domain modules this process happened to import (a CLI command may import few).
    import coach.models  # noqa: F401

    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 15},
            poolclass=StaticPool if memory else None,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "checkin", _sqlite_checkin)
        return engine
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    # Without these a connection to a hung or vanished server waits forever, and a job
    # stuck so blocks its later runs (max_instances=1). A value in the URL wins.
    given = set(make_url(url).query)
    connect_args = {k: v for k, v in POSTGRES_CONNECT_ARGS.items() if k not in given}
    return create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=10, connect_args=connect_args
    )


@functools.lru_cache(maxsize=1)
def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    return make_engine(get_settings().database_url)


async def get_session() -> AsyncIterator[Session]:
    """Yield a request's session (FastAPI dependency).

    Async only so FastAPI needn't hop to a thread to make it: creating a session does no
    I/O (it connects on first use, in the route's thread) and closing one after its commit
    only hands the connection back to the pool.
    """
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


async def get_write_session(session: SessionDep) -> AsyncIterator[Session]:
    """The request's session, for requests that write (webhooks): on SQLite, one at a time."""
    async with _turn(session):
        yield session


WriteSessionDep = Annotated[Session, Depends(get_write_session)]


class RequestWriteSession:
    """`get_write_session` without dependency injection (the SMS webhook, the hot path): the
    session `get_session` (or its override in `app.dependency_overrides`) makes, and `run`
    to do the request's database work with it in a worker thread: on SQLite in a turn
    (`coach.write_turns.queued`), elsewhere at once. A plain class: two nested generator
    context managers cost more."""

    def __init__(self, request: Request) -> None:
        provider = request.app.dependency_overrides.get(get_session, get_session)
        self._made = provider()
        self._session: Session | None = None

    async def __aenter__(self) -> Session:
        """The session (no I/O yet: it connects on first use)."""
        made = self._made
        session = await anext(made) if inspect.isasyncgen(made) else next(made)
        assert isinstance(session, Session)
        self._session = session
        return session

    async def run(self, work: Callable[[], T]) -> T:
        """`work()`, which commits and closes the session: in a worker thread, a few at a
        time on PostgreSQL; on SQLite in this process's writing turn, or at once if no one
        else of the process writes (`coach.write_turns`)."""
        session = self._session
        assert session is not None
        if session.get_bind().dialect.name != "sqlite":
            async with write_turns.seats():
                return await run_in_threadpool(work)
        if write_turns.idle():
            try:
                return write_turns.at_once(session, work)
            except write_turns.Busy:
                pass  # another process is writing: wait for it in a worker thread
        return await write_turns.queued(work)

    async def __aexit__(self, *_exc: object) -> None:
        """Close the session."""
        made = self._made
        if inspect.isasyncgen(made):
            await made.aclose()
        else:
            made.close()


@asynccontextmanager
async def _turn(session: Session) -> AsyncIterator[None]:
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    async with write_turns.turn():
        yield


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session for jobs and commands: commits on success, rolls back on error."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def ping(engine: Engine) -> None:
    """Run a trivial query; raises if the database cannot be reached."""
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
