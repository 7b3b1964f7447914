"""FHIR R4 Bundle per patient (validated with fhir.resources) and the pain CSV export."""

from __future__ import annotations

import csv
import io

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient as FhirPatient
from sqlmodel import select

from coach.clinicians.models import AuditEntry
from tests import factories


def test_fhir_bundle_validates_and_carries_every_pain_report(client, owner, db, enrolled):
    factories.pain(db, enrolled["id"], [6, 4])
    response = client.get(f"/v1/patients/{enrolled['id']}/fhir", headers=owner.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    bundle = Bundle.model_validate(body)
    assert bundle.type == "collection"
    patient_entry, *observations = body["entry"]
    assert len(observations) == 2
    FhirPatient.model_validate(patient_entry["resource"])
    patient = patient_entry["resource"]
    assert patient["identifier"][0]["value"] == str(enrolled["id"])
    assert patient["telecom"][0] == {"system": "phone", "value": "+12125550123", "use": "mobile"}
    assert patient["name"] == [{"given": ["Sam"]}]
    for entry, score in zip(observations, [6, 4], strict=True):
        Observation.model_validate(entry["resource"])
        obs = entry["resource"]
        assert obs["status"] == "final"
        assert obs["code"]["coding"][0]["system"] == "http://loinc.org"
        assert obs["code"]["coding"][0]["code"] == "72514-3"
        assert obs["category"][0]["coding"][0]["code"] == "survey"
        assert obs["category"][0]["coding"][0]["system"] == (
            "http://terminology.hl7.org/CodeSystem/observation-category"
        )
        assert obs["subject"]["reference"] == patient_entry["fullUrl"]
        assert obs["valueInteger"] == score
        assert obs["effectiveDateTime"].endswith("Z")


def test_fhir_patient_without_a_first_name_has_no_name(client, owner):
    created = client.post(
        "/v1/patients", json=factories.enrollment(first_name=None), headers=owner.headers
    ).json()
    bundle = client.get(f"/v1/patients/{created['id']}/fhir", headers=owner.headers).json()
    Bundle.model_validate(bundle)
    assert "name" not in bundle["entry"][0]["resource"]
    assert len(bundle["entry"]) == 1


def test_pain_csv_has_only_my_patients(client, owner, other, admin, db, enrolled):
    theirs = client.post(
        "/v1/patients", json=factories.enrollment(phone="+12125550142"), headers=other.headers
    ).json()
    factories.pain(db, enrolled["id"], [5, 3])
    factories.pain(db, theirs["id"], [9])
    response = client.get("/v1/exports/pain.csv", headers=owner.headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["patient_id"], r["score"], r["source"]) for r in rows] == [
        (str(enrolled["id"]), "5", "sms"),
        (str(enrolled["id"]), "3", "sms"),
    ]
    assert rows[1]["reported_at"] == "2026-06-10T16:00:00Z"
    everyone = client.get("/v1/exports/pain.csv", headers=admin.headers).text
    assert len(list(csv.DictReader(io.StringIO(everyone)))) == 3
    audited = db.exec(
        select(AuditEntry.patient_id).where(AuditEntry.action == "export.pain_csv")
    ).all()
    assert sorted(audited) == sorted([enrolled["id"], enrolled["id"], theirs["id"]])
