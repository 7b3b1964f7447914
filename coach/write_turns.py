"""Turns at writing on SQLite, for the web process.

SQLite allows one writer at a time; threads that collide wait in its busy handler, which
sleeps in steps of up to 100 ms. Requests that write take turns instead, on a lock awaited
in the event loop (so waiting ties up no thread).

The SMS webhook, the busiest writer, goes further (measured by `benchmarks.webhook`):

- When nothing else of the process is writing, a text is answered at once, in the event
  loop (`at_once`): about a millisecond of work, less than the two hand-overs to a worker
  thread and back, which held the writing turn while they waited for the GIL. It must not
  wait for another process's write (the worker planning): the connection gives up at once
  (`busy_timeout` 0, set back when it returns to the pool) and the text goes the next way.
- Otherwise texts queue up, and a turn's worker thread takes every text waiting, and those
  that arrive while it works (up to `BATCH`), one after another, each in its own transaction
  and each answered as soon as it is done.
A text that fails fails alone.

On PostgreSQL texts are answered side by side in worker threads, `SEATS` of a process at a
time (`seats`): more threads only contend for the GIL while they wait for the server.
"""

from __future__ import annotations

import asyncio
import queue
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.exc import OperationalError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

T = TypeVar("T")

BATCH = 32  # texts a turn takes at most, so other writers get their turn between batches
SEATS = 3  # texts of one web process at the server database at once
NO_WAIT = "coach.no_wait"  # set in a pooled connection's info while its busy_timeout is 0
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6

_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)
_seats: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)
_queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Queue] = weakref.WeakKeyDictionary()


def turn() -> asyncio.Lock:
    """This event loop's writing turn."""
    return _turns.setdefault(asyncio.get_running_loop(), asyncio.Lock())


def seats() -> asyncio.Semaphore:
    """On a server database (PostgreSQL), how many texts of this process do their database
    work at once (`SEATS`): more worker threads than that only contend for the GIL while
    they wait for the server (measured by `benchmarks.webhook --workers 2`)."""
    return _seats.setdefault(asyncio.get_running_loop(), asyncio.Semaphore(SEATS))


class Busy(Exception):
    """Another connection holds SQLite's write lock: answer the text in a worker thread."""


def idle() -> bool:
    """Whether nothing else of this process is writing on SQLite or waiting to."""
    waiting = _queues.get(asyncio.get_running_loop())
    return not turn().locked() and (waiting is None or waiting.draining is None)


def at_once(session: Session, work: Callable[[], T]) -> T:
    """Run `work` (which ends by committing and closing `session`) here, in the event loop,
    never waiting for another connection's write lock: `Busy` then, with nothing written."""
    pooled = session.connection().connection
    driver = pooled.driver_connection
    assert driver is not None
    pooled.info[NO_WAIT] = True  # (`coach.db` sets the timeout back at check-in)
    driver.execute("PRAGMA busy_timeout = 0")
    try:
        return work()
    except OperationalError as error:
        code = getattr(error.orig, "sqlite_errorcode", 0) & 0xFF
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
            session.rollback()
            raise Busy from error
        raise


class _Queue:
    """Jobs waiting for a turn (put by the event loop, taken by the worker thread), and the
    task taking them."""

    def __init__(self) -> None:
        self.jobs: queue.SimpleQueue[tuple[Callable[[], Any], asyncio.Future[Any]]] = (
            queue.SimpleQueue()
        )
        self.draining: asyncio.Task[None] | None = None


def _settle(future: asyncio.Future[Any], ok: bool, value: Any) -> None:
    if future.done():  # its request was cancelled
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)


def _run_queued(loop: asyncio.AbstractEventLoop, jobs: _Queue) -> None:
    """In the worker thread: run queued jobs, each answered as soon as it is done (its
    request need not wait for the rest), until none is waiting or `BATCH` have run."""
    for _ in range(BATCH):
        try:
            job, future = jobs.jobs.get_nowait()
        except queue.Empty:
            return
        try:
            outcome: tuple[bool, Any] = (True, job())
        except Exception as error:  # noqa: BLE001 (raised again in the job's own request)
            outcome = (False, error)
        loop.call_soon_threadsafe(_settle, future, *outcome)


async def _drain(jobs: _Queue) -> None:
    loop = asyncio.get_running_loop()
    try:
        while not jobs.jobs.empty():
            async with turn():
                await run_in_threadpool(_run_queued, loop, jobs)
    except BaseException:  # the loop shutting down: no request waits forever
        while not jobs.jobs.empty():
            jobs.jobs.get_nowait()[1].cancel()
        raise
    finally:
        jobs.draining = None


async def queued(job: Callable[[], T]) -> T:
    """Run `job` (blocking database work) in a worker thread in this loop's next turn,
    with the other jobs queued by then."""
    loop = asyncio.get_running_loop()
    waiting = _queues.get(loop)
    if waiting is None:
        waiting = _queues[loop] = _Queue()
    future: asyncio.Future[T] = loop.create_future()
    waiting.jobs.put((job, future))
    if waiting.draining is None:
        waiting.draining = loop.create_task(_drain(waiting))
    # A request cancelled (its client gone) still has its text answered and recorded: the
    # job runs; only the wait for it ends.
    return await future
