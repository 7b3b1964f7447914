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
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

# Writes one chunk in the given session and commits; returns the rows it added.
Write = Callable[[Session, Sequence[int], list[tuple[Any, ...]]], int]


class ChunkWriter:
    """Takes each computed chunk; `added` sums the rows the writes added."""

    def __init__(self, session: Session, write: Write, pool: ThreadPoolExecutor | None):
        self._session = session
        self._write = write
        self._pool = pool
        self._pending: deque[Future[int]] = deque()
        self.added = 0

    def put(self, patient_ids: Sequence[int], rows: list[tuple[Any, ...]]) -> None:
        """Write a chunk (beside the planner when it can); raises an earlier write's error."""
        if self._pool is None:
            self.added += self._write(self._session, patient_ids, rows)
            return
        engine = self._session.get_bind()
        assert isinstance(engine, Engine)
        self._pending.append(self._pool.submit(_apart, engine, self._write, patient_ids, rows))
        self._session.commit()  # the planner's reads: no transaction held while it computes
        while len(self._pending) > 1:
            self.added += self._pending.popleft().result()

    def finish(self) -> int:
        """Wait for the writes still going; the rows added in all."""
        while self._pending:
            self.added += self._pending.popleft().result()
        return self.added


def _apart(
    engine: Engine, write: Write, patient_ids: Sequence[int], rows: list[tuple[Any, ...]]
) -> int:
    with Session(engine) as session:
        return write(session, patient_ids, rows)


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
