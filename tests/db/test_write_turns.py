"""SQLite writing turns of the web process (`coach.write_turns`, `RequestWriteSession.run`).

A text is answered at once in the event loop only when nothing else writes; it must never
wait there for another process's write lock (the worker planning), and the connection it
used must wait again for its next user.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from coach import write_turns
from coach.db import BUSY_TIMEOUT_MS, RequestWriteSession, get_session, make_engine


@pytest.fixture
def db(tmp_path: Path) -> Iterator[tuple[Engine, Path]]:
    path = tmp_path / "turns.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE texts (body TEXT)")
    yield engine, path
    engine.dispose()


def _insert(session: Session, body: str) -> str:
    """A request's work: write, commit, close (what the SMS handler does)."""
    try:
        session.connection().exec_driver_sql("INSERT INTO texts VALUES (?)", (body,))
        session.commit()
        return body
    finally:
        session.close()


def _bodies(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [row[0] for row in connection.exec_driver_sql("SELECT body FROM texts")]


def _lock(path: Path) -> sqlite3.Connection:
    """Another process's write in progress: SQLite's write lock held."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def _request(engine: Engine) -> Any:
    def provider() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as session:
            yield session

    return SimpleNamespace(app=SimpleNamespace(dependency_overrides={get_session: provider}))


def test_at_once_gives_up_at_once_when_another_connection_writes(db: tuple[Engine, Path]) -> None:
    engine, path = db
    other = _lock(path)
    try:
        session = Session(engine)
        started = time.monotonic()
        with pytest.raises(write_turns.Busy):
            write_turns.at_once(session, lambda: _insert(session, "hello"))
        assert time.monotonic() - started < 2  # not the 15 s busy timeout
    finally:
        other.rollback()
        other.close()
    assert _bodies(engine) == []  # nothing half-written
    # The pooled connection waits again for its next user.
    with engine.connect() as connection:
        timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert timeout == BUSY_TIMEOUT_MS


def test_a_text_waits_for_another_process_write_in_a_thread_then_is_stored(
    db: tuple[Engine, Path],
) -> None:
    engine, path = db
    other = _lock(path)

    def release() -> None:
        other.rollback()
        other.close()

    released = threading.Timer(0.5, release)

    async def answer() -> tuple[str, float]:
        writer = RequestWriteSession(_request(engine))
        async with writer as session:
            ticks = 0

            async def ticking() -> None:  # the event loop stays free while the text waits
                nonlocal ticks
                while True:
                    await asyncio.sleep(0.05)
                    ticks += 1

            ticker = asyncio.create_task(ticking())
            released.start()
            body = await writer.run(lambda: _insert(session, "pain 4"))
            ticker.cancel()
            return body, ticks

    body, ticks = asyncio.run(answer())
    assert body == "pain 4"
    assert _bodies(engine) == ["pain 4"]
    assert ticks >= 5  # the loop kept running for the half second the lock was held


def test_queued_texts_are_each_their_own_transaction(db: tuple[Engine, Path]) -> None:
    engine, _ = db

    def failing(session: Session) -> str:
        session.connection().exec_driver_sql("INSERT INTO texts VALUES ('half')")
        session.close()  # closed without commit: rolled back
        raise ValueError("this text fails")

    async def answer_all() -> list[Any]:
        async def one(index: int) -> str:
            session = Session(engine)
            if index == 2:
                return await write_turns.queued(lambda: failing(session))
            return await write_turns.queued(lambda: _insert(session, f"text {index}"))

        return await asyncio.gather(*(one(i) for i in range(5)), return_exceptions=True)

    outcomes = asyncio.run(answer_all())
    assert [str(o) for o in outcomes] == ["text 0", "text 1", "this text fails", "text 3", "text 4"]
    assert sorted(_bodies(engine)) == ["text 0", "text 1", "text 3", "text 4"]


def test_on_postgresql_a_few_texts_of_a_process_work_at_once() -> None:
    engine = make_engine("postgresql://nobody@127.0.0.1:1/none")  # never connected
    busy = 0
    most = 0
    guard = threading.Lock()

    def work() -> None:
        nonlocal busy, most
        with guard:
            busy += 1
            most = max(most, busy)
        time.sleep(0.05)
        with guard:
            busy -= 1

    async def answer_all() -> None:
        async def one() -> None:
            writer = RequestWriteSession(_request(engine))
            async with writer:
                await writer.run(work)

        await asyncio.gather(*(one() for _ in range(10)))

    asyncio.run(answer_all())
    engine.dispose()
    assert most == write_turns.SEATS  # side by side, but no more than the seats
