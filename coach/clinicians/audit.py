"""The audit log: who read or changed which patient's data, and when."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert
from sqlmodel import Session, col, func, select

from coach.clinicians.models import AuditEntry, Clinician


def record(
    session: Session,
    clinician: Clinician,
    action: str,
    patient_id: int | None,
    *,
    now: datetime,
    detail: str | None = None,
) -> None:
    """Add one entry to the session; the caller's transaction commits it."""
    assert clinician.id is not None
    session.add(
        AuditEntry(
            clinician_id=clinician.id,
            action=action,
            patient_id=patient_id,
            detail=detail[:500] if detail else None,
            at=now,
        )
    )


def record_many(
    session: Session,
    clinician: Clinician,
    action: str,
    patient_ids: Iterable[int],
    *,
    now: datetime,
) -> None:
    """One entry per patient, inserted in bulk (lists, exports, imports)."""
    assert clinician.id is not None
    rows = [
        {"clinician_id": clinician.id, "action": action, "patient_id": pid, "at": now}
        for pid in patient_ids
    ]
    if rows:
        session.execute(insert(AuditEntry), rows)


@dataclass(frozen=True)
class AuditPage:
    """A page of audit entries, newest first."""

    items: Sequence[AuditEntry]
    total: int


def list_entries(
    *,
    session: Session,
    limit: int,
    offset: int,
    clinician_id: int | None = None,
    patient_id: int | None = None,
    action: str | None = None,
) -> AuditPage:
    """Audit entries, newest first, optionally for one clinician, patient or action."""
    query = select(AuditEntry)
    if clinician_id is not None:
        query = query.where(AuditEntry.clinician_id == clinician_id)
    if patient_id is not None:
        query = query.where(AuditEntry.patient_id == patient_id)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    items = session.exec(
        query.order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return AuditPage(items=items, total=int(total))
