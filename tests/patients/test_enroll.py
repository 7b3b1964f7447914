"""Enrolling one patient: normalisation, defaults, what gets queued, and every refusal."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from coach.clinicians.models import AuditEntry
from coach.messaging.models import OutboxMessage
from tests.factories import enrollment


def test_enrollment_normalises_and_queues_welcome_and_plan(client, owner, db):
    response = client.post("/v1/patients", json=enrollment(), headers=owner.headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["phone"] == "+12125550123"
    assert body["alert_phone"] == "+12125550999"
    assert body["status"] == "active"
    assert body["program"] == "neck-4wk"
    assert body["start_date"] == "2026-06-10"  # today in New York
    assert body["quiet_hours"] == {"start": "21:00", "end": "08:00"}
    assert body["consent"]["method"] == "signed form"
    assert body["consent"]["given_at"].startswith("2026-06-09T19:30:00")  # stored in UTC
    assert body["paused_until"] is None
    assert body["clinician_id"] == owner.id
    rows = db.exec(select(OutboxMessage).where(OutboxMessage.patient_id == body["id"])).all()
    welcome = [r for r in rows if r.kind == "welcome"]
    assert len(welcome) == 1
    assert "Riverside Physio" in welcome[0].body and "STOP" in welcome[0].body
    assert len(rows) > 1, "the programme's next 48 hours are planned"
    entry = db.exec(select(AuditEntry)).one()
    assert (entry.clinician_id, entry.action, entry.patient_id) == (
        owner.id,
        "patient.create",
        body["id"],
    )


def test_spanish_welcome_and_explicit_fields(client, owner, db):
    body = enrollment(
        language="es",
        first_name=None,
        start_date="2026-06-15",
        quiet_hours={"start": "22:30", "end": "07:00"},
    )
    response = client.post("/v1/patients", json=body, headers=owner.headers)
    assert response.status_code == 201, response.text
    out = response.json()
    assert out["first_name"] is None
    assert out["start_date"] == "2026-06-15"
    assert out["quiet_hours"] == {"start": "22:30", "end": "07:00"}
    welcome = db.exec(select(OutboxMessage).where(OutboxMessage.kind == "welcome")).one()
    assert welcome.body.startswith("Bienvenido")


def test_timezone_is_inferred_when_the_number_has_one_zone(client, owner):
    response = client.post(
        "/v1/patients", json=enrollment(timezone=None, phone="312-555-0142"), headers=owner.headers
    )
    assert response.status_code == 201, response.text
    assert response.json()["timezone"] == "America/Chicago"


def test_timezone_required_when_the_number_spans_zones(client, owner):
    response = client.post(
        "/v1/patients",
        json=enrollment(timezone=None, phone="+1 800 555 0100"),
        headers=owner.headers,
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "timezone"


def test_a_landline_is_fine_for_voice(client, owner, db):
    body = enrollment(phone="+44 20 7946 0958", channel="voice", timezone=None)
    response = client.post("/v1/patients", json=body, headers=owner.headers)
    assert response.status_code == 201, response.text
    assert response.json()["phone"] == "+442079460958"
    assert response.json()["timezone"] == "Europe/London"
    # No text to a landline: the first call's greeting names the clinic instead.
    rows = db.exec(select(OutboxMessage).where(OutboxMessage.patient_id == response.json()["id"]))
    assert {(r.kind, r.channel) for r in rows} <= {("checkin", "voice"), ("exercise", "voice")}


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"phone": "12345"}, "phone", "not a valid phone number"),
        ({"phone": "call me"}, "phone", "not a phone number"),
        ({"phone": "+44 20 7946 0958"}, "phone", "landline"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "not an IANA time zone"),
        ({"timezone": "../../etc/passwd"}, "timezone", "not an IANA time zone"),
        ({"program": "yoga-99"}, "program", "does not exist"),
        ({"consent": None}, "consent", "Field required"),
        ({"consent": {"method": "verbal"}}, "consent.given_at", "Field required"),
        ({"consent": {"given_at": "2026-06-09T10:00:00", "method": "verbal"}}, "consent.given_at",
         "timezone"),
        ({"consent": {"given_at": "2026-07-09T10:00:00Z", "method": "verbal"}}, "consent.given_at",
         "future"),
        ({"consent": {"given_at": "2026-06-09T10:00:00Z", "method": " "}}, "consent.method", ""),
        ({"language": "fr"}, "language", ""),
        ({"channel": "fax"}, "channel", ""),
        ({"quiet_hours": {"start": "25:00", "end": "08:00"}}, "quiet_hours.start", ""),
        ({"quiet_hours": {"start": "21:00", "end": "21:00"}}, "quiet_hours", "differ"),
        ({"alert_phone": "nope"}, "alert_phone", "not a phone number"),
        ({"timezon": "UTC"}, "timezon", "Extra inputs"),
    ],
)  # fmt: skip
def test_invalid_enrollments_name_the_field(client, owner, db, changes, field, words):
    response = client.post("/v1/patients", json=enrollment(**changes), headers=owner.headers)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["field"] == field
    assert words in error["message"]
    assert db.exec(select(OutboxMessage)).first() is None


def test_duplicate_phone_is_409_in_any_format(client, owner, other):
    assert client.post("/v1/patients", json=enrollment(), headers=owner.headers).status_code == 201
    again = client.post(
        "/v1/patients", json=enrollment(phone="+1 (212) 555-0123"), headers=other.headers
    )
    assert again.status_code == 409
    # Another clinician's patient: the message neither names the number nor the patient.
    assert again.json()["error"] == {
        "code": "conflict",
        "message": "this phone number is already enrolled in the coach",
        "field": "phone",
    }
    mine = client.post("/v1/patients", json=enrollment(), headers=owner.headers)
    assert mine.status_code == 409
    assert "(patient " in mine.json()["error"]["message"]


def test_not_json_is_422_with_the_error_shape(client, owner):
    response = client.post(
        "/v1/patients",
        content=b"phone=1",
        headers={**owner.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert set(response.json()["error"]) >= {"code", "message"}


def test_start_date_defaults_to_today_in_the_patients_zone(client, owner, app):
    from datetime import UTC, datetime

    from coach.clock import get_now

    # 02:00 UTC on 11 June is still 10 June in Los Angeles.
    app.dependency_overrides[get_now] = lambda: datetime(2026, 6, 11, 2, 0, tzinfo=UTC)
    body = enrollment(timezone="America/Los_Angeles", phone="+1 415 555 0101")
    response = client.post("/v1/patients", json=body, headers=owner.headers)
    assert response.status_code == 201, response.text
    assert date.fromisoformat(response.json()["start_date"]) == date(2026, 6, 10)


def test_programs_are_listed(client, owner):
    response = client.get("/v1/programs", headers=owner.headers)
    assert response.status_code == 200
    programs = {p["id"]: p for p in response.json()}
    assert programs["neck-4wk"]["weeks"] == 4
    assert set(programs["neck-4wk"]) >= {"id", "name", "weeks", "description"}


def test_an_sms_patient_without_sms_consent_is_a_clear_422(client, owner):
    body = enrollment() | {"sms_consent": False}
    response = client.post("/v1/patients", json=body, headers=owner.headers)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "sms_consent"


def test_a_programme_that_would_already_be_over_is_refused(client, owner):
    response = client.post(
        "/v1/patients", json=enrollment(start_date="2020-01-01"), headers=owner.headers
    )
    assert response.status_code == 422
    assert "already over" in response.json()["error"]["message"]


def test_a_national_number_is_read_in_the_country_of_its_time_zone(client, owner):
    """A London clinic's habit, '07911 123456' with Europe/London, on a US-region service."""
    body = enrollment(phone="07911 123456", timezone="Europe/London")
    response = client.post("/v1/patients", json=body, headers=owner.headers)
    assert response.status_code == 201, response.text
    assert response.json()["phone"] == "+447911123456"
    bad = enrollment(phone="07911 12", timezone="Europe/London")
    refused = client.post("/v1/patients", json=bad, headers=owner.headers)
    assert refused.status_code == 422
    assert "+44" in refused.json()["error"]["message"]
