"""Dashboard pages on the API's services: enroll, patient, alerts, import, search, 404."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from coach.alerts.models import Alert, AlertStatus
from coach.clinicians.models import AuditEntry
from tests import factories
from tests.dashboard.pagehelp import csrf, sign_in

FORM = {
    "phone": "(212) 555-0123",
    "first_name": "Sam",
    "timezone": "America/New_York",
    "language": "en",
    "channel": "sms",
    "program": "neck-4wk",
    "consent_given_at": "2026-06-09T15:30:00-04:00",
    "consent_method": "signed form",
}


def enroll(client: TestClient, token: str, **changes: str) -> object:
    """Post the enroll form."""
    return client.post("/app/enroll", data={"csrf_token": token, **FORM, **changes})


def test_enroll_shows_the_welcome_planned_on_the_patient_page(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    done = client.post("/app/enroll", data={"csrf_token": token, **FORM})
    assert done.status_code == 303
    page = client.get(done.headers["location"])
    assert page.status_code == 200
    assert "Sam" in page.text and "Riverside Physio" in page.text  # the welcome names the clinic
    assert "Next 7 days" in page.text and "welcome" in page.text
    reads = db.exec(select(AuditEntry).where(AuditEntry.action == "patient.read")).all()
    assert [r.clinician_id for r in reads] == [owner.id]


def test_enroll_errors_are_the_apis_beside_their_fields(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    api = client.post(
        "/v1/patients",
        json=factories.enrollment(phone="12"),
        headers=owner.headers,
    )
    page = client.post("/app/enroll", data={"csrf_token": token, **FORM, "phone": "12"})
    assert page.status_code == 422
    assert api.json()["error"]["message"] in page.text.replace("&#39;", "'")
    assert 'id="phone-error"' in page.text
    bad_zone = client.post(
        "/app/enroll", data={"csrf_token": token, **FORM, "quiet_start": "25:00"}
    )
    assert bad_zone.status_code == 422 and 'id="quiet_start-error"' in bad_zone.text


def test_another_clinicians_patient_is_the_404_page(
    client: TestClient, db: Session, owner: factories.Key, other: factories.Key
) -> None:
    enrolled = client.post("/v1/patients", json=factories.enrollment(), headers=owner.headers)
    patient_id = enrolled.json()["id"]
    token = sign_in(client, db, other.clinician)
    for path in (f"/app/patients/{patient_id}", f"/app/patients/{patient_id}/pain.svg",
                 f"/app/patients/{patient_id}/pause"):  # fmt: skip
        page = client.get(path)
        assert page.status_code == 404 and "Not found" in page.text
    refused = client.post(f"/app/patients/{patient_id}/unenroll", data={"csrf_token": token})
    assert refused.status_code == 404
    assert "Sam" not in client.get("/app/patients").text


def test_pause_and_resume_after_confirmation(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    patient = client.post("/app/enroll", data={"csrf_token": token, **FORM}).headers["location"]
    base = patient.split("?")[0]
    confirm = client.get(base + "/pause")
    assert "Pause messages: Sam?" in confirm.text
    client.post(base + "/pause", data={"csrf_token": csrf(confirm)})
    assert "<dd>paused" in client.get(base).text
    client.post(base + "/resume", data={"csrf_token": token})
    assert "<dd>active" in client.get(base).text


def test_acknowledging_an_alert_with_a_note(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    patient = client.post("/app/enroll", data={"csrf_token": token, **FORM}).headers["location"]
    patient_id = int(patient.split("/")[-1].split("?")[0])
    alert = factories.alert(db, patient_id, urgent=True)
    page = client.get("/app/alerts")
    assert "Urgent" in page.text and f"/app/alerts/{alert.id}/ack" in page.text
    assert f'<a href="/app/patients/{patient_id}">Sam</a>' in page.text  # by name
    done = client.post(f"/app/alerts/{alert.id}/ack", data={"csrf_token": token, "note": "called"})
    assert done.status_code == 303
    db.expire_all()
    row = db.exec(select(Alert)).one()
    assert row.status == AlertStatus.acknowledged and row.note == "called"
    assert "No open alerts." in client.get("/app/alerts").text


def test_csv_import_lists_the_bad_rows(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    csv = (
        "phone,first_name,timezone,language,channel,program,consent_given_at,consent_method\n"
        "+12125550101,Ana,America/New_York,en,sms,neck-4wk,2026-06-09T10:00:00-04:00,form\n"
        "not a phone,Bo,America/New_York,en,sms,neck-4wk,2026-06-09T10:00:00-04:00,form\n"
        "+12125550103,Cy,America/New_York,xx,sms,neck-4wk,2026-06-09T10:00:00-04:00,form\n"
    )
    page = client.post(
        "/app/import",
        data={"csrf_token": token},
        files={"file": ("patients.csv", csv.encode(), "text/csv")},
    )
    assert page.status_code == 303, page.text[-1500:]
    page = client.get(page.headers["location"])
    assert "1 enrolled, 0 unchanged, 2 rows with errors" in page.text
    assert "<td>3</td><td>phone</td>" in page.text and "<td>4</td><td>language</td>" in page.text


def test_patients_search_and_pagination(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    for n in range(27):
        phone = f"+1212555{n:04d}"
        name = "Zed" if n == 5 else f"Pat{n}"
        done = client.post(
            "/app/enroll", data={"csrf_token": token, **FORM, "phone": phone, "first_name": name}
        )
        assert done.status_code == 303, done.text
    first = client.get("/app/patients")
    assert "27 patients" in first.text and "Page 1 of 2" in first.text
    assert "Pat26" not in first.text and "Pat26" in client.get("/app/patients?page=2").text
    found = client.get("/app/patients?q=ze")
    assert "1 patient<" in found.text and "Zed" in found.text and "Pat1<" not in found.text
    by_phone = client.get("/app/patients?q=555-0026")
    assert "Pat26" in by_phone.text and "1 patient<" in by_phone.text


def test_programme_preview_shows_the_first_week(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    sign_in(client, db, owner.clinician)
    page = client.get("/app/programmes?program=neck-4wk&tz=Europe/Madrid&language=es")
    assert page.status_code == 200
    assert "Day 1" in page.text and "Day 7" in page.text and "Day 8" not in page.text
    bad = client.get("/app/programmes?tz=Mars/Base")
    assert "Mars/Base is not a time zone" in bad.text


def test_preview_and_enroll_form_start_on_the_default_programme_and_name_the_clinic(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    sign_in(client, db, owner.clinician)
    form = client.get("/app/enroll").text
    assert '<option value="neck-4wk" selected>' in form
    assert '<option value="acute-spasm-2wk" selected>' not in form
    page = client.get("/app/programmes").text
    assert '<option value="neck-4wk" selected>' in page
    # The welcome in the preview names this clinic, as the patient's will, not a demo one.
    assert "Riverside Physio" in page and "Demo Clinic" not in page


def test_patient_page_adherence_and_downloads(
    client: TestClient, db: Session, owner: factories.Key, other: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    where = client.post("/app/enroll", data={"csrf_token": token, **FORM}).headers["location"]
    patient_id = int(where.split("/")[-1].split("?")[0])
    factories.pain(db, patient_id, [6, 4])
    page = client.get(f"/app/patients/{patient_id}")
    assert '<dd id="adherence">0 done, 0 skipped</dd>' in page.text
    fhir = client.get(f"/app/patients/{patient_id}/fhir.json")
    assert fhir.status_code == 200 and "attachment" in fhir.headers["content-disposition"]
    kinds = [e["resource"]["resourceType"] for e in fhir.json()["entry"]]
    assert kinds == ["Patient", "Observation", "Observation"]
    csv = client.get("/app/exports/pain.csv")
    assert csv.status_code == 200 and len(csv.text.strip().splitlines()) == 3
    client.cookies.clear()
    sign_in(client, db, other.clinician)
    assert client.get(f"/app/patients/{patient_id}/fhir.json").status_code == 404
    assert len(client.get("/app/exports/pain.csv").text.strip().splitlines()) == 1
