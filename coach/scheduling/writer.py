"""Writing a planning cycle's chunks: in line, or beside the planner on PostgreSQL.

A chunk's write is its outbox rows (insert-or-ignore) and its patients' watermark, in one
short transaction. On PostgreSQL the server does that work in its own process, so a
thread on a second connection writes chunk N while the planner computes chunk N + 1: the
cycle takes about the longer of the two instead of their sum. At most two chunks wait,
so memory stays bounded; a failed write stops the cycle with its error. SQLite (one
writer, and in-memory databases on one shared connection) writes in line.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session


@dataclass(frozen=True, slots=True)
class Chunk:
    """A computed chunk: its patients, their outbox rows, and whether none of them had
    anything in the outbox yet (`fresh`: their rows may be copied straight in)."""

    patient_ids: Sequence[int]
    rows: list[tuple[Any, ...]]
    fresh: bool = False


# Writes one chunk in the given session and commits; returns the rows it added.
Write = Callable[[Session, Chunk], int]


class ChunkWriter:
    """Takes each computed chunk; `added` sums the rows the writes added."""

    def __init__(self, session: Session, write: Write, pool: ThreadPoolExecutor | None):
        self._session = session
        self._write = write
        self._pool = pool
        self._pending: deque[Future[int]] = deque()
        self.added = 0

    @property
    def beside(self) -> bool:
        """Whether chunks are written on a connection of their own (not the caller's)."""
        return self._pool is not None

    def put(self, chunk: Chunk) -> None:
        """Write a chunk (beside the planner when it can); raises an earlier write's error."""
        if self._pool is None:
            self.added += self._write(self._session, chunk)
            return
        engine = self._session.get_bind()
        assert isinstance(engine, Engine)
        self._pending.append(self._pool.submit(_apart, engine, self._write, chunk))
        self._session.commit()  # the planner's reads: no transaction held while it computes
        while len(self._pending) > 1:
            self.added += self._pending.popleft().result()

    def finish(self) -> int:
        """Wait for the writes still going; the rows added in all."""
        while self._pending:
            self.added += self._pending.popleft().result()
        return self.added


def _apart(engine: Engine, write: Write, chunk: Chunk) -> int:
    with Session(engine) as session:
        return write(session, chunk)


@contextmanager
def chunk_writer(session: Session, write: Write, *, beside: bool) -> Iterator[ChunkWriter]:
    """A writer for a planning run; `beside` asks for the second connection (PostgreSQL
    only, and only when the caller's own changes are committed, as a cycle's are)."""
    if not beside or session.get_bind().dialect.name != "postgresql":
        yield ChunkWriter(session, write, None)
        return
    session.commit()  # the writer's connection must see (and not wait on) the caller's changes
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="plan-writer") as pool:
        writer = ChunkWriter(session, write, pool)
        try:
            yield writer
        finally:
            # On an error too: let the writes in flight end before the pool closes.
            for future in writer._pending:
                future.exception()
