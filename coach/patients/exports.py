"""Exports: a patient's FHIR R4 Bundle, and every visible pain report as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from coach.clinicians import audit
from coach.clinicians.models import Clinician
from coach.content.library import Library
from coach.content.models import ContentError, PersistentRules
from coach.patients import chart, history
from coach.patients.models import PainReport, Patient
from coach.patients.service import owned_patient, visible

OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
LOINC = "http://loinc.org"
PAIN_CODE = "72514-3"
PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
IDENTIFIER_SYSTEM = "urn:neck-coach:patient"
_CSV_BATCH = 2000


def _instant(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def fhir_bundle(
    *, session: Session, actor: Clinician, patient_id: int, now: datetime
) -> dict[str, Any]:
    """A FHIR R4 `collection` Bundle: the Patient and one Observation per pain report."""
    patient = owned_patient(session=session, actor=actor, patient_id=patient_id)
    audit.record(session, actor, "patient.fhir", patient_id, now=now)
    session.commit()
    patient_url = f"urn:uuid:{_uuid('patient', patient_id)}"
    entries: list[dict[str, Any]] = [{"fullUrl": patient_url, "resource": _patient(patient)}]
    for report in history.all_pain(session=session, patient_id=patient_id):
        assert report.id is not None
        entries.append(
            {
                "fullUrl": f"urn:uuid:{_uuid('pain', report.id)}",
                "resource": _observation(report, patient_url),
            }
        )
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _instant(now),
        "entry": entries,
    }


def _uuid(kind: str, number: int) -> str:
    """A stable UUID per record, so exporting twice gives the same fullUrls."""
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{IDENTIFIER_SYSTEM}:{kind}:{number}"))


def _patient(patient: Patient) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(patient.id),
        "identifier": [{"system": IDENTIFIER_SYSTEM, "value": str(patient.id)}],
        "telecom": [{"system": "phone", "value": patient.phone, "use": "mobile"}],
        "communication": [
            {
                "language": {"coding": [{"system": "urn:ietf:bcp:47", "code": patient.language}]},
                "preferred": True,
            }
        ],
    }
    if patient.first_name:
        resource["name"] = [{"given": [patient.first_name]}]
    return resource


def _observation(report: PainReport, patient_url: str) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": str(report.id),
        "status": "final",
        "category": [
            {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
        ],
        "code": {
            "coding": [{"system": LOINC, "code": PAIN_CODE, "display": PAIN_DISPLAY}],
            "text": "Pain score (0-10)",
        },
        "subject": {"reference": patient_url},
        "effectiveDateTime": _instant(report.reported_at),
        "valueInteger": report.score,
    }


def pain_csv(*, session: Session, actor: Clinician, now: datetime) -> str:
    """CSV lines (patient_id, score, reported_at, source) of every patient `actor` may see.

    Each patient exported gets an audit entry.
    """
    patient_ids = [
        int(pid)
        for pid in session.execute(sa_select(col(Patient.id)).where(visible(actor))).scalars()
    ]
    audit.record_many(session, actor, "export.pain_csv", patient_ids, now=now)
    session.commit()
    return "".join(_csv_lines(session, actor))


def _csv_lines(session: Session, actor: Clinician) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["patient_id", "score", "reported_at", "source"])
    query = (
        sa_select(
            col(PainReport.patient_id),
            col(PainReport.score),
            col(PainReport.reported_at),
            col(PainReport.source),
        )
        .join(Patient, col(Patient.id) == col(PainReport.patient_id))
        .where(visible(actor))
        .order_by(col(PainReport.patient_id), col(PainReport.reported_at), col(PainReport.id))
    )
    for number, (pid, score, reported_at, source) in enumerate(session.execute(query)):
        writer.writerow([pid, score, _instant(reported_at), source])
        if number % _CSV_BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def pain_chart(
    *, session: Session, actor: Clinician, patient_id: int, library: Library, now: datetime
) -> bytes:
    """The patient's pain chart (SVG) with their programme's thresholds."""
    patient = owned_patient(session=session, actor=actor, patient_id=patient_id)
    audit.record(session, actor, "patient.chart", patient_id, now=now)
    session.commit()
    try:
        rules = library.program(patient.program_id).persistent
    except ContentError:  # the programme was withdrawn since: draw the clinical defaults
        rules = PersistentRules()
    reports = [
        (r.reported_at, r.score) for r in history.all_pain(session=session, patient_id=patient_id)
    ]
    name = patient.first_name or f"patient {patient_id}"
    return chart.pain_svg(
        reports=reports, rules=rules, title=f"Pain - {name}", timezone=patient.timezone
    )
