"""What the patients list shows beside the API's fields: each patient's latest pain."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, func, select

from coach.patients.models import PainReport


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
