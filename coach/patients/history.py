"""A patient's records for the clinician: pain, messages in and out, adherence, alerts.

Each read checks ownership (another clinician's patient is NotFound) and is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, literal, null, union_all
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from coach.alerts import notes as alert_notes
from coach.alerts.models import Alert, AlertNote, AlertStatus
from coach.clinicians import audit
from coach.clinicians.models import Clinician
from coach.db import UTCDateTime
from coach.messaging.models import InboundMessage, OutboxMessage, OutboxStatus
from coach.patients.models import ExerciseLog, PainReport
from coach.patients.schemas import (
    AdherenceOut,
    AlertNoteOut,
    AlertOut,
    ExerciseCount,
    MessageOut,
    Page,
    PainOut,
)
from coach.patients.service import owned_patient

# Planned or withdrawn rows were never sent: they are not part of the message log.
_NOT_SENT = (OutboxStatus.scheduled, OutboxStatus.cancelled)


def _open(session: Session, actor: Clinician, patient_id: int, action: str, now: datetime) -> None:
    owned_patient(session=session, actor=actor, patient_id=patient_id)
    audit.record(session, actor, action, patient_id, now=now)
    session.commit()


def pain(
    *, session: Session, actor: Clinician, patient_id: int, limit: int, offset: int, now: datetime
) -> Page[PainOut]:
    """Pain scores, oldest first."""
    _open(session, actor, patient_id, "patient.pain", now)
    query = select(PainReport).where(PainReport.patient_id == patient_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(PainReport.reported_at), col(PainReport.id)).limit(limit).offset(offset)
    ).all()
    items = [PainOut(score=r.score, reported_at=r.reported_at, source=r.source) for r in rows]
    return Page[PainOut](items=items, total=int(total), limit=limit, offset=offset)


def all_pain(*, session: Session, patient_id: int) -> list[PainReport]:
    """Every pain report of a patient, oldest first (ownership checked by the caller)."""
    return list(
        session.exec(
            select(PainReport)
            .where(PainReport.patient_id == patient_id)
            .order_by(col(PainReport.reported_at), col(PainReport.id))
        ).all()
    )


# Several answers to one inbound text are stored in one column, split by this separator
# (`replies.service`, `voice.service`).
_REPLY_SEPARATOR = "\x1e"
# Order of rows at the same instant, newest first: the coach's answer, the patient's text it
# answers, then the outbox's rows (as before answers were listed).
_RANK_REPLY, _RANK_IN, _RANK_OUT = 0, 1, 2


def _channel_of_inbound() -> Any:
    """An inbound row's channel: a call's answers are keyed `{CallSid}:{turn}:{step}`."""
    return case((col(InboundMessage.message_sid).contains(":"), "voice"), else_="sms")


def messages(
    *, session: Session, actor: Clinician, patient_id: int, limit: int, offset: int, now: datetime
) -> Page[MessageOut]:
    """Texts in and out, newest first; outbound ones with their delivery status.

    "Out" covers both the outbox (programme texts, clinicians' texts) and the coach's
    answers to the patient's own texts (TwiML replies, or what a call said back), each
    answer its own item with kind `reply`.
    """
    _open(session, actor, patient_id, "patient.messages", now)
    outbound: Select[*tuple[Any, ...]] = (
        sa_select(
            literal("out").label("direction"),
            col(OutboxMessage.body).label("body"),
            col(OutboxMessage.status).label("status"),
            func.coalesce(
                col(OutboxMessage.sent_at), col(OutboxMessage.due_at), type_=UTCDateTime()
            ).label("at"),
            col(OutboxMessage.kind).label("kind"),
            col(OutboxMessage.channel).label("channel"),
            col(OutboxMessage.id).label("row_id"),
            literal(_RANK_OUT).label("rank"),
        )
        .where(col(OutboxMessage.patient_id) == patient_id)
        .where(col(OutboxMessage.kind) != "alert")  # those go to the clinician
        .where(col(OutboxMessage.status).not_in(_NOT_SENT))
    )
    of_patient = col(InboundMessage.patient_id) == patient_id
    inbound = sa_select(
        literal("in"),
        col(InboundMessage.body),
        null(),
        col(InboundMessage.received_at),
        col(InboundMessage.intent),
        _channel_of_inbound(),
        col(InboundMessage.id),
        literal(_RANK_IN),
    ).where(of_patient)
    answered = of_patient & col(InboundMessage.reply).is_not(None)
    answers = sa_select(
        literal("out"),
        col(InboundMessage.reply),
        literal("sent"),
        col(InboundMessage.received_at),
        literal("reply"),
        _channel_of_inbound(),
        col(InboundMessage.id),
        literal(_RANK_REPLY),
    ).where(answered)
    merged = union_all(outbound, inbound, answers).subquery()
    rows_total = session.execute(sa_select(func.count()).select_from(merged)).scalar_one()
    reply = col(InboundMessage.reply)
    separators = func.length(reply) - func.length(func.replace(reply, _REPLY_SEPARATOR, ""))
    extra = session.execute(
        sa_select(func.coalesce(func.sum(separators), 0)).where(answered)
    ).scalar_one()
    total = int(rows_total) + int(extra)
    if offset >= total:  # past the end (and an offset near 2**63 must not reach SQL)
        return Page[MessageOut](items=[], total=total, limit=limit, offset=offset)
    # One row may hold several answers: read enough rows for the page, then split them.
    rows = session.execute(
        sa_select(merged)
        .order_by(merged.c.at.desc(), merged.c.rank, merged.c.row_id.desc())
        .limit(offset + limit)
    ).all()
    items: list[MessageOut] = []
    for r in rows:
        bodies = [r.body]
        if r.kind == "reply" and r.rank == _RANK_REPLY:
            bodies = r.body.split(_REPLY_SEPARATOR)[::-1]  # newest first, like the page
        items.extend(
            MessageOut(
                direction=r.direction,
                body=body,
                status=r.status,
                at=r.at,
                kind=r.kind,
                channel=r.channel,
            )
            for body in bodies
        )
        if len(items) >= offset + limit:
            break
    page = items[offset : offset + limit]
    return Page[MessageOut](items=page, total=total, limit=limit, offset=offset)


def adherence(
    *, session: Session, actor: Clinician, patient_id: int, now: datetime
) -> AdherenceOut:
    """Exercises done and skipped, in total and per exercise."""
    _open(session, actor, patient_id, "patient.adherence", now)
    rows = session.exec(
        select(ExerciseLog.exercise_id, ExerciseLog.done, func.count())
        .where(ExerciseLog.patient_id == patient_id)
        .group_by(col(ExerciseLog.exercise_id), col(ExerciseLog.done))
    ).all()
    per: dict[str, list[int]] = {}
    for exercise_id, done, count in rows:
        per.setdefault(exercise_id, [0, 0])[0 if done else 1] += int(count)
    done_total = sum(d for d, _ in per.values())
    skipped_total = sum(s for _, s in per.values())
    attempts = done_total + skipped_total
    return AdherenceOut(
        done=done_total,
        skipped=skipped_total,
        rate=round(done_total / attempts, 3) if attempts else None,
        exercises=[
            ExerciseCount(exercise_id=eid, done=d, skipped=s) for eid, (d, s) in sorted(per.items())
        ],
    )


def alert_out(alert: Alert, notes: Sequence[AlertNote] = ()) -> AlertOut:
    """The API view of an alert, with its notes (oldest first)."""
    assert alert.id is not None
    return AlertOut(
        id=alert.id,
        patient_id=alert.patient_id,
        kind=str(alert.kind),
        category=alert.category,
        urgent=alert.urgent,
        reason=alert.reason,
        status=AlertStatus(alert.status).value,
        created_at=alert.created_at,
        acknowledged_at=alert.acknowledged_at,
        acknowledged_by=alert.acknowledged_by,
        note=alert.note,
        notes=[AlertNoteOut(text=n.text, clinician_id=n.clinician_id, at=n.at) for n in notes],
    )


def alerts_out(session: Session, alerts: Sequence[Alert]) -> list[AlertOut]:
    """The API view of a page of alerts, their notes read in one query."""
    found = alert_notes.for_alerts(session, [a.id for a in alerts if a.id is not None])
    return [alert_out(a, found.get(a.id or 0, [])) for a in alerts]


def alerts(
    *,
    session: Session,
    actor: Clinician,
    patient_id: int,
    status: AlertStatus | None,
    limit: int,
    offset: int,
    now: datetime,
) -> Page[AlertOut]:
    """A patient's alerts, newest first."""
    _open(session, actor, patient_id, "patient.alerts", now)
    query = select(Alert).where(Alert.patient_id == patient_id)
    if status is not None:
        query = query.where(col(Alert.status) == status)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(Alert.id).desc()).limit(limit).offset(offset)).all()
    items = alerts_out(session, rows)
    return Page[AlertOut](items=items, total=int(total), limit=limit, offset=offset)
