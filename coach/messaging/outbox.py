"""The outbox: claiming due rows, recording results, cancelling and expiring."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, String, cast, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.patients.models import Channel, Patient, PatientStatus

# After this long in `sending`, a row is taken to have died mid-send (see `mark_stuck`).
STUCK_AFTER = timedelta(minutes=10)


def expire_overdue(*, session: Session, now: datetime) -> int:
    """Mark scheduled rows whose window has passed as expired; never send them late."""
    result = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.status) == OutboxStatus.scheduled)
        # A row expires after it falls due, so only rows already due can have expired:
        # this keeps the (status, due_at) index range to those, not every planned row.
        .where(col(OutboxMessage.due_at) <= now)
        .where(col(OutboxMessage.expires_at) <= now)
        .values(status=OutboxStatus.expired, updated_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def due_candidates(*, now: datetime, limit: int) -> SelectOfScalar[int] | SelectOfScalar[None]:
    """The ids of up to `limit` rows due to go now, oldest first, locked SKIP LOCKED."""
    return (
        select(OutboxMessage.id)
        .join(Patient, col(Patient.id) == col(OutboxMessage.patient_id))
        .where(col(OutboxMessage.status) == OutboxStatus.scheduled)
        .where(col(OutboxMessage.due_at) <= now)
        .where(col(OutboxMessage.expires_at) > now)
        .where(
            (col(OutboxMessage.next_attempt_at).is_(None))
            | (col(OutboxMessage.next_attempt_at) <= now)
        )
        # Alerts reach the clinician whatever the patient's state; the closing text goes
        # to a patient the sweep has just completed; a clinician's own inbox text also
        # reaches a paused or finished patient (never one who opted out).
        .where(
            (col(Patient.status) == PatientStatus.active)
            | (col(OutboxMessage.kind) == "alert")
            | ((col(OutboxMessage.kind) == "closing") & (col(Patient.status) == "completed"))
            | (
                (col(OutboxMessage.kind) == "clinician")
                & col(Patient.status).in_([PatientStatus.paused, PatientStatus.completed])
            )
        )
        .order_by(col(OutboxMessage.due_at), col(OutboxMessage.id))
        .limit(limit)
        .with_for_update(skip_locked=True, of=OutboxMessage)
    )


def claim_due(*, session: Session, now: datetime, limit: int) -> list[OutboxMessage]:
    """Claim up to `limit` due rows of active patients: they become `sending`.

    On PostgreSQL the candidate rows are locked with SKIP LOCKED, so concurrent workers
    claim disjoint batches; the conditional UPDATE makes a claim exact on SQLite too.
    """
    ids = list(session.exec(due_candidates(now=now, limit=limit)).all())
    if not ids:
        session.commit()
        return []
    claimed = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id).in_(ids))
        .where(col(OutboxMessage.status) == OutboxStatus.scheduled)
        .values(
            status=OutboxStatus.sending,
            claimed_at=now,
            updated_at=now,
            attempts=col(OutboxMessage.attempts) + 1,
        )
        .returning(col(OutboxMessage.id))
    )
    claimed_ids = [row[0] for row in claimed]
    session.commit()
    rows = session.exec(
        select(OutboxMessage)
        .where(col(OutboxMessage.id).in_(claimed_ids))
        .order_by(col(OutboxMessage.due_at), col(OutboxMessage.id))
    ).all()
    return list(rows)


def cancel_future(*, session: Session, patient_id: int, now: datetime) -> int:
    """Cancel every message still waiting to go to this patient (not alerts about them).

    The slot key gets the row id appended, which frees the slot for a later re-plan
    (after resume or a change of zone) while the cancelled row stays in the history.
    """
    result = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.patient_id) == patient_id)
        .where(col(OutboxMessage.status) == OutboxStatus.scheduled)
        # A clinician's alert about this patient must still go out (a red flag, then STOP).
        .where(col(OutboxMessage.kind) != "alert")
        .values(
            status=OutboxStatus.cancelled,
            updated_at=now,
            slot_key=col(OutboxMessage.slot_key) + "#" + cast(col(OutboxMessage.id), String),
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def mark_stuck(*, session: Session, now: datetime, after: timedelta = STUCK_AFTER) -> Sequence[int]:
    """Rows left in `sending` by a crashed worker become `unknown`: never resent."""
    result = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.status) == OutboxStatus.sending)
        .where(col(OutboxMessage.claimed_at) <= now - after)
        .values(status=OutboxStatus.unknown, updated_at=now)
        .returning(col(OutboxMessage.id))
    )
    return [row[0] for row in result]


def insert_ignore(*, session: Session, rows: Sequence[dict[str, Any]]) -> int:
    """Insert outbox rows, silently skipping any whose slot key is taken; returns how many."""
    if not rows:
        return 0
    columns = tuple(rows[0])
    return insert_tuples(
        session=session, columns=columns, rows=[tuple(r[c] for c in columns) for r in rows]
    )


def insert_tuples(
    *,
    session: Session,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    fresh: bool = False,
) -> int:
    """`insert_ignore` for rows given as tuples in `columns` order (the planner's hot path).

    `fresh` says the rows' slots are most likely all free (patients with nothing in the
    outbox yet, as at a first planning): on PostgreSQL they are then copied straight into
    the table, and if a slot is taken after all (another worker planned them meanwhile)
    the unique slot key refuses the copy and the rows go in with insert-or-ignore instead.
    """
    if not rows:
        return 0
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # The outbox's columns are numbers, texts and aware times: COPY's text format
        # takes them as they are (`copy_text` refuses a naive time as `UTCDateTime` does).
        return _postgres_insert_ignore(connection, columns, rows, fresh=fresh)
    params = _bound(connection, columns, rows)
    sql = (
        f"INSERT INTO outbox_message ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' * len(columns))}) ON CONFLICT (slot_key) DO NOTHING"
    )
    # sqlite3's executemany sums the rows really inserted in rowcount.
    return max(int(connection.exec_driver_sql(sql, list(params)).rowcount), 0)


def _bound(
    connection: Connection, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> Sequence[tuple[Any, ...]]:
    """The rows with values bound by the columns' own SQLAlchemy processors (the same
    conversion an ORM insert does, e.g. refusing a naive datetime, without its overhead)."""
    dialect = connection.dialect
    table = OutboxMessage.__table__  # type: ignore[attr-defined]
    processors: list[tuple[int, Callable[[Any], Any], dict[Any, Any]]] = [
        (index, proc, {})
        for index, name in enumerate(columns)
        if (proc := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    if not processors:
        return rows
    converted: list[tuple[Any, ...]] = []
    for row in rows:
        values = list(row)
        # Due and expiry times repeat across patients: convert each distinct value once.
        for index, proc, seen in processors:
            value = values[index]
            if value is not None:
                bound = seen.get(value)
                if bound is None:
                    bound = seen[value] = proc(value)
                values[index] = bound
        converted.append(tuple(values))
    return converted


# COPY's text format: a backslash, newline, carriage return or tab in a value is escaped.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_COPY_MEMO = 10_000  # distinct values remembered a column (texts, times: they repeat)


def copy_text(rows: Iterable[tuple[Any, ...]]) -> str:
    """Rows in PostgreSQL's COPY text format (one line each; None is NULL).

    Each column's values are converted once per distinct value (a chunk's rows share a few
    hundred texts and due times), then joined: a few Python operations a row, where
    psycopg's `write_row` looks up a dumper for every value.
    """
    memos: list[dict[Any, str]] = []
    lines: list[str] = []
    for row in rows:
        if not memos:
            memos = [{} for _ in row]
        fields = []
        for value, memo in zip(row, memos, strict=True):
            text = memo.get(value)
            if text is None:
                text = _copy_value(value)
                if len(memo) < _COPY_MEMO:
                    memo[value] = text
            fields.append(text)
        lines.append("\t".join(fields))
    lines.append("")
    return "\n".join(lines)


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        if value.tzinfo is None:  # as `UTCDateTime` refuses (never read as local time)
            raise ValueError("naive datetime: pass a timezone-aware value")
        return value.isoformat()
    if isinstance(value, str):  # a StrEnum too: its value
        return str.translate(value, _COPY_ESCAPES)
    return str(value)


def _postgres_insert_ignore(
    connection: Connection,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    *,
    fresh: bool,
) -> int:
    """COPY into a temporary table, then one INSERT ... SELECT ... ON CONFLICT DO NOTHING.

    A multi-row VALUES statement of a thousand patients' rows costs more to build and parse
    (in SQLAlchemy and psycopg) than the database takes to insert it; COPY sends the rows
    as data. The table lives only until this transaction ends. `fresh` rows are first
    copied straight into the outbox (in a savepoint: a taken slot undoes only that).
    """
    import psycopg

    names = ", ".join(columns)
    payload = copy_text(rows)
    driver = connection.connection.driver_connection
    assert driver is not None
    if fresh:
        try:
            with connection.begin_nested(), driver.cursor() as cursor:
                with cursor.copy(f"COPY outbox_message ({names}) FROM STDIN") as copy:
                    copy.write(payload)
                return len(rows)
        except psycopg.errors.UniqueViolation:
            pass  # a slot was taken after all: insert-or-ignore below
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE outbox_staging ON COMMIT DROP AS "
        f"SELECT {names} FROM outbox_message WITH NO DATA"
    )
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY outbox_staging ({names}) FROM STDIN") as copy,
    ):
        copy.write(payload)
    result = connection.exec_driver_sql(
        f"INSERT INTO outbox_message ({names}) SELECT {names} FROM outbox_staging "
        "ON CONFLICT (slot_key) DO NOTHING"
    )
    connection.exec_driver_sql("DROP TABLE outbox_staging")
    return int(result.rowcount)


def enqueue(
    *,
    session: Session,
    patient: Patient,
    slot_key: str,
    kind: str,
    body: str,
    due_at: datetime,
    expires_at: datetime,
    now: datetime,
    template_id: str | None = None,
    channel: str = "sms",
    to_phone: str | None = None,
    answers_patient: bool = False,
) -> bool:
    """Add one message unless its slot is already taken; True when it was added.

    An SMS to the patient's own phone is refused (False) when they never agreed to texts
    (see `may_text`), unless it `answers_patient` (a reply to a text they sent us); alerts
    to a clinician's phone are not the patient's texts.
    """
    assert patient.id is not None
    to_patient = to_phone is None or to_phone == patient.phone
    if channel == "sms" and to_patient and not answers_patient and not may_text(patient):
        return False
    row = {
        "patient_id": patient.id,
        "slot_key": slot_key,
        "kind": kind,
        "template_id": template_id,
        "channel": channel,
        "to_phone": to_phone or patient.phone,
        "body": body,
        "status": OutboxStatus.scheduled,
        "due_at": due_at,
        "expires_at": expires_at,
        "attempts": 0,
        "created_at": now,
        "updated_at": now,
    }
    return insert_ignore(session=session, rows=[row]) == 1


def may_text(patient: Patient) -> bool:
    """Whether the patient agreed to texts: an SMS patient by enrolling, a voice patient only
    with `sms_consent` (answers to a text they sent us are TwiML, never the outbox)."""
    return str(patient.channel) == Channel.sms or bool(patient.sms_consent)


def hold_until(
    *, session: Session, patient_id: int, kinds: Iterable[str], until: datetime, now: datetime
) -> int:
    """Cancel the patient's waiting messages of these kinds due before `until`.

    The slot keys stay as they are, so the planner does not fill those slots again.
    """
    result = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.patient_id) == patient_id)
        .where(col(OutboxMessage.status) == OutboxStatus.scheduled)
        .where(col(OutboxMessage.kind).in_(sorted(kinds)))
        .where(col(OutboxMessage.due_at) < until)
        .values(status=OutboxStatus.cancelled, updated_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
