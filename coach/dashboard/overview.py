"""What the patients list shows beside the API's fields: latest pain and exercise adherence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, func, select

from coach.conversations.models import ConversationEntry, EntryKind
from coach.conversations.views import PREVIEW
from coach.messaging.models import InboundMessage
from coach.patients.models import ExerciseLog, PainReport, Patient


def last_pain(session: Session, patient_ids: Sequence[int]) -> dict[int, int]:
    """The latest pain score of each of these patients that reported one."""
    if not patient_ids:
        return {}
    latest = (
        select(PainReport.patient_id, func.max(PainReport.reported_at).label("at"))
        .where(col(PainReport.patient_id).in_(list(patient_ids)))
        .group_by(col(PainReport.patient_id))
        .subquery()
    )
    rows = session.exec(
        select(PainReport.patient_id, PainReport.score).join(
            latest,
            (col(PainReport.patient_id) == latest.c.patient_id)
            & (col(PainReport.reported_at) == latest.c.at),
        )
    ).all()
    return {int(pid): int(score) for pid, score in rows}


@dataclass(frozen=True)
class Adherence:
    """Exercises a patient logged as done or skipped (the patient page's figure)."""

    done: int
    skipped: int

    @property
    def rate(self) -> float | None:
        """Done out of all logged, or None before the first."""
        total = self.done + self.skipped
        return self.done / total if total else None


def adherence(session: Session, patient_ids: Sequence[int]) -> dict[int, Adherence]:
    """Done and skipped exercise counts of each of these patients that logged one."""
    if not patient_ids:
        return {}
    rows = session.exec(
        select(ExerciseLog.patient_id, ExerciseLog.done, func.count())
        .where(col(ExerciseLog.patient_id).in_(list(patient_ids)))
        .group_by(col(ExerciseLog.patient_id), col(ExerciseLog.done))
    ).all()
    counts: dict[int, list[int]] = {}
    for pid, done, count in rows:
        counts.setdefault(int(pid), [0, 0])[0 if done else 1] += int(count)
    return {pid: Adherence(done=d, skipped=s) for pid, (d, s) in counts.items()}


def first_names(session: Session, patient_ids: Sequence[int]) -> dict[int, str]:
    """The first names of these patients that have one (pages list patients by name)."""
    if not patient_ids:
        return {}
    rows = session.exec(
        select(Patient.id, Patient.first_name).where(col(Patient.id).in_(sorted(set(patient_ids))))
    ).all()
    return {int(pid): name for pid, name in rows if pid is not None and name}


def patient_zone(session: Session, patient_id: int) -> ZoneInfo:
    """The patient's time zone (for a thread the caller was already allowed to read)."""
    zone = session.exec(select(Patient.timezone).where(Patient.id == patient_id)).one()
    return ZoneInfo(zone)


def patient_wrote(session: Session, conversation_ids: Sequence[int]) -> dict[int, str]:
    """The patient's newest text in each of these conversations, cut as the API's preview.

    The inbox shows it rather than the newest line, which is often the coach's holding reply.
    """
    if not conversation_ids:
        return {}
    latest = (
        select(ConversationEntry.conversation_id, func.max(ConversationEntry.id).label("entry_id"))
        .where(col(ConversationEntry.conversation_id).in_(list(conversation_ids)))
        .where(ConversationEntry.kind == EntryKind.inbound)
        .group_by(col(ConversationEntry.conversation_id))
        .subquery()
    )
    rows = session.exec(
        select(ConversationEntry.conversation_id, InboundMessage.body)
        .join(latest, col(ConversationEntry.id) == latest.c.entry_id)
        .join(InboundMessage, col(InboundMessage.id) == col(ConversationEntry.inbound_id))
    ).all()
    return {
        int(cid): body if len(body) <= PREVIEW else body[: PREVIEW - 3].rstrip() + "..."
        for cid, body in rows
    }
