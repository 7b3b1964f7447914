"""What answering one text needs from the database, read in as few statements as possible.

`load` is the patient and their context in one query: the patient row, their open
conversation and the last text we sent them (for the meaning of a bare number, and whether
they are answering a clinician). `scores` is a pain report's history in one more: every
score, the inbound count with a score, and the last replies (feedback never repeats).

On PostgreSQL the patient row is locked first, in its own statement, and the context is read
after the lock is held: a statement's snapshot is taken when it starts, so context read in
the locking statement would miss what the request holding the lock had just committed.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    cast,
    func,
    literal,
    literal_column,
    null,
    union_all,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state
from sqlalchemy.sql.selectable import CompoundSelect
from sqlmodel import Session, SQLModel, col

from coach.conversations.inbound import ANSWER_WINDOW
from coach.conversations.models import Conversation, ConversationStatus
from coach.db import UTCDateTime
from coach.messaging.models import InboundMessage, OutboxMessage, OutboxStatus
from coach.patients.models import PainReport, Patient
from coach.replies import feedback, triage
from coach.replies.parsing import ReplyContext

T = TypeVar("T", bound=SQLModel)


@dataclass
class ReplyState:
    """A patient with what their next reply is read against."""

    patient: Patient
    context: ReplyContext
    conversation: Conversation | None  # the open one, if any
    last_sent_kind: str | None
    last_sent_at: datetime | None

    def answers_clinician(self, now: datetime) -> bool:
        """Whether the last text we sent them was a clinician's, lately."""
        return (
            self.last_sent_kind == "clinician"
            and self.last_sent_at is not None
            and self.last_sent_at >= now - ANSWER_WINDOW
        )


@functools.cache
def _lock_statement() -> Select[int | None]:
    phone: BindParameter[str] = bindparam("phone")
    return sa_select(col(Patient.id)).where(col(Patient.phone) == phone).with_for_update()


def _constant(value: str) -> ColumnElement[str]:
    """`value` written into the SQL, not bound: SQLite prepares a statement again on every
    run when a partial index (`ux_conversation_open_patient`, `WHERE status = 'open'`)
    depends on a bound parameter, which cost 0.1 ms of a 0.03 ms query."""
    assert value.isidentifier()  # enum values only: nothing to quote
    return literal_column(f"'{value}'", String)


@functools.cache
def _columns(model: type[Any]) -> list[tuple[str, Any]]:
    """A mapped class's attribute names with their table columns, in mapper order."""
    return [(prop.key, prop.columns[0]) for prop in sa_inspect(model).column_attrs]


@functools.cache
def _load_statement() -> Select[Any]:
    """Built once (a statement costs more to build than to run on SQLite); `:phone`.

    Constants are in the SQL (`_constant`), so the one parameter is the phone. Plain
    columns, not entities: the ORM's loading cost more than the query (`_attached`)."""
    last = aliased(OutboxMessage, name="last_sent")
    newest = (
        sa_select(col(OutboxMessage.id))
        .where(col(OutboxMessage.patient_id) == col(Patient.id))
        .where(col(OutboxMessage.kind) != _constant("alert"))
        .where(
            col(OutboxMessage.status).in_(
                [_constant(OutboxStatus.sent), _constant(OutboxStatus.delivered)]
            )
        )
        .where(col(OutboxMessage.sent_at).is_not(None))
        .order_by(col(OutboxMessage.sent_at).desc(), col(OutboxMessage.id).desc())
        .limit(1)
        .correlate(Patient)
        .scalar_subquery()
    )
    columns = [column for _, column in (*_columns(Patient), *_columns(Conversation))]
    return (
        sa_select(*columns, col(last.kind), col(last.template_id), col(last.sent_at))
        .select_from(Patient)
        .outerjoin(
            Conversation,
            and_(
                col(Conversation.patient_id) == col(Patient.id),
                col(Conversation.status) == _constant(ConversationStatus.open),
            ),
        )
        .outerjoin(last, col(last.id) == newest)
        .where(col(Patient.phone) == bindparam("phone"))
    )


def load(session: Session, phone: str) -> ReplyState | None:
    """The patient texting from `phone` and their context (None for a stranger).

    The patient row is locked until the commit (PostgreSQL): one patient's replies, and the
    sweep, are handled one at a time, so each reads what the one before wrote.
    """
    params = {"phone": phone}
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres and session.execute(_lock_statement(), params).first() is None:
        return None
    row = session.connection().execute(_load_statement(), params).first()
    if row is None:
        return None
    split = len(_columns(Patient))
    ends = split + len(_columns(Conversation))
    patient = _attached(session, Patient, row[:split])
    conversation = _attached(session, Conversation, row[split:ends]) if row[split] else None
    kind, template_id, sent_at = row[ends:]
    context = ReplyContext(
        last_outbound_kind=kind,
        last_outbound_exercise_id=template_id if kind == "exercise" else None,
    )
    return ReplyState(patient, context, conversation, kind, sent_at)


def _attached(session: Session, model: type[T], values: Sequence[Any]) -> T:
    """The object of `model` whose column values are `values`, in the session as if the ORM
    had loaded it (changes to it are flushed as usual), without the ORM's loading."""
    mapper = sa_inspect(model)
    keys, primary = _layout(model)
    known = session.identity_map.get(mapper.identity_key_from_primary_key([values[primary]]))
    if known is not None:  # already in this session: that object, as a query would give
        assert isinstance(known, model)
        return known
    record = mapper.class_manager.new_instance()
    instance_state(record).dict.update(zip(keys, values, strict=True))
    make_transient_to_detached(record)  # every value committed, as loaded; the identity set
    session.add(record)
    assert isinstance(record, model)
    return record


@functools.cache
def _layout(model: type[SQLModel]) -> tuple[list[str], int]:
    """A mapped class's attribute names in `_columns` order, and where its primary key is."""
    keys = [key for key, _ in _columns(model)]
    return keys, keys.index(sa_inspect(model).primary_key[0].key)


@dataclass
class Scores:
    """A patient's pain history as a new score is answered."""

    reports: list[triage.Report]  # every score before this one, oldest first
    scored_texts: int  # inbound texts carrying a score, this one included
    recent_replies: list[str]  # what we answered lately, newest first (this text left out)


@functools.cache
def _scores_statement() -> CompoundSelect[Any]:
    """Built once; `:patient_id`, `:inbound_id`. Rows tagged p (a score), r (a reply), n
    (the count of scored texts)."""
    patient_id: BindParameter[int] = bindparam("patient_id")
    replies = (
        sa_select(
            literal("r").label("tag"),
            col(InboundMessage.received_at).label("at"),
            col(InboundMessage.id).label("id"),
            cast(null(), Integer).label("score"),
            col(InboundMessage.reply).label("reply"),
        )
        .where(col(InboundMessage.patient_id) == patient_id)
        .where(col(InboundMessage.reply).is_not(None))
        .where(col(InboundMessage.id) != bindparam("inbound_id"))
        .order_by(col(InboundMessage.received_at).desc(), col(InboundMessage.id).desc())
        .limit(feedback.LOOK_BACK)
        .subquery()
    )
    return union_all(
        sa_select(
            literal("p").label("tag"),
            col(PainReport.reported_at).label("at"),
            col(PainReport.id).label("id"),
            col(PainReport.score).label("score"),
            cast(null(), String).label("reply"),
        ).where(col(PainReport.patient_id) == patient_id),
        sa_select(replies),
        # PostgreSQL matches a UNION's columns by type: every NULL says its own.
        sa_select(
            literal("n"),
            cast(null(), UTCDateTime),
            cast(null(), Integer),
            func.count(),
            cast(null(), String),
        )
        .select_from(InboundMessage)
        .where(col(InboundMessage.patient_id) == patient_id)
        .where(col(InboundMessage.pain).is_not(None)),
    )


def scores(session: Session, patient_id: int, inbound_id: int) -> Scores:
    """The pain history, the scored-text count and the last replies, in one statement.

    Read on the connection (no autoflush): nothing this request has yet to write changes
    them, and the inbound text itself is already stored.
    """
    params = {"patient_id": patient_id, "inbound_id": inbound_id}
    pain: list[tuple[datetime, int, int]] = []
    recent: list[tuple[datetime, int, str]] = []
    scored = 0
    for tag, at, ident, score, reply in session.connection().execute(_scores_statement(), params):
        if tag == "p":
            pain.append((at, ident, score))
        elif tag == "r":
            recent.append((at, ident, reply))
        else:
            scored = int(score)
    pain.sort()
    recent.sort(reverse=True)
    return Scores(
        reports=[triage.Report(at=at, score=score) for at, _, score in pain],
        scored_texts=scored,
        recent_replies=[reply for _, _, reply in recent],
    )
