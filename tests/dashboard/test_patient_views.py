"""The patients list's 14-day sparkline and adherence; editing a patient's details."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, time, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from coach.clinicians.models import AuditEntry
from coach.dashboard import sparkline
from coach.patients.models import PainReport, Patient
from tests import factories
from tests.dashboard.pagehelp import csrf, sign_in
from tests.dashboard.test_pages import FORM


def enrolled(client: TestClient, token: str, **changes: str) -> int:
    """Enroll through the form; the new patient's id."""
    done = client.post("/app/enroll", data={"csrf_token": token, **FORM, **changes})
    assert done.status_code == 303, done.text
    return int(done.headers["location"].split("/")[-1].split("?")[0])


def report(db: Session, patient_id: int, score: int, at: datetime) -> None:
    db.add(PainReport(patient_id=patient_id, score=score, source="sms", reported_at=at))
    db.commit()


def test_the_sparkline_has_one_point_per_local_day_and_says_so_in_words(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    pid = enrolled(client, token)  # America/New_York; NOW is noon on 10 June there
    report(db, pid, 9, factories.NOW - timedelta(days=20))  # too old to show
    report(db, pid, 7, factories.NOW - timedelta(days=13))  # 28 May: the first day shown
    report(db, pid, 6, datetime(2026, 6, 10, 2, 0, tzinfo=UTC))  # 9 June, 22:00 in New York
    report(db, pid, 5, datetime(2026, 6, 10, 3, 30, tzinfo=UTC))  # 9 June, 23:30: the day's last
    report(db, pid, 3, datetime(2026, 6, 10, 5, 0, tzinfo=UTC))  # 10 June, 01:00
    factories.exercise(db, pid, "chin-tuck", True)
    factories.exercise(db, pid, "chin-tuck", True)
    factories.exercise(db, pid, "shoulder-roll", False)
    page = client.get("/app/patients")
    assert page.status_code == 200
    label = (
        "Pain, last 14 days: 3 days reported, from 7 on 28 May to 3 on 10 Jun (lowest 3, highest 7)"
    )
    assert f'<title id="spark-{pid}">{label}</title>' in page.text
    svg = page.text[page.text.index("<svg") : page.text.index("</svg>")]
    assert svg.count("<circle") == 3 and svg.count("<polyline") == 1  # 9-10 June joined
    assert 'role="img"' in svg and 'aria-labelledby="spark-' in svg
    assert "67% <small>(2 of 3)</small>" in page.text  # the patient page's adherence figure
    assert "(67%)" in client.get(f"/app/patients/{pid}").text


def test_a_patient_without_reports_has_an_empty_sparkline_and_no_adherence(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    pid = enrolled(client, token)
    page = client.get("/app/patients").text
    assert f'<title id="spark-{pid}">Pain, last 14 days: no reports</title>' in page
    assert "<circle" not in page and "<td>—</td>" in page


def test_sparkline_drawing_keeps_gaps_and_scales_zero_to_ten() -> None:
    line = sparkline.draw(
        [0, None, 10, 10, None, None, None, None, None, None, None, None, None, 5], date(2026, 6, 1)
    )
    assert len(line.dots) == 4 and len(line.lines) == 1  # only days 3-4 are consecutive
    ys = [y for _, y in line.dots]
    assert ys[0] == line.height - sparkline.PAD and ys[1] == sparkline.PAD
    assert line.label.endswith("from 0 on 1 Jun to 5 on 14 Jun (lowest 0, highest 10)")


def test_edit_details_and_quiet_hours_through_the_apis_update(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    pid = enrolled(client, token)
    form = client.get(f"/app/patients/{pid}/edit")
    assert form.status_code == 200 and 'value="21:00"' in form.text and 'value="Sam"' in form.text
    values = {
        "csrf_token": csrf(form),
        "first_name": "Samuel",
        "phone": "+12125550123",
        "timezone": "America/Chicago",
        "language": "es",
        "channel": "sms",
        "quiet_start": "20:30",
        "quiet_end": "09:00",
        "alert_phone": "",
    }
    saved = client.post(f"/app/patients/{pid}/edit", data=values)
    assert saved.status_code == 303 and saved.headers["location"].endswith("?saved=1")
    db.expire_all()
    patient = db.get(Patient, pid)
    assert patient is not None
    assert (patient.first_name, patient.timezone, patient.language) == (
        "Samuel",
        "America/Chicago",
        "es",
    )
    assert (patient.quiet_start, patient.quiet_end) == (time(20, 30), time(9, 0))
    assert patient.alert_phone is None
    audit = db.exec(select(AuditEntry).where(AuditEntry.action == "patient.update")).one()
    assert "quiet_start" in (audit.detail or "") and "timezone" in (audit.detail or "")
    page = client.get(saved.headers["location"]).text
    assert "Changes saved." in page and "America/Chicago, quiet 20:30\N{EN DASH}09:00" in page


def test_edit_errors_are_the_patch_apis_and_nothing_is_saved(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    pid = enrolled(client, token)
    bad = {"quiet_hours": {"start": "25:00", "end": "08:00"}}
    api = client.patch(f"/v1/patients/{pid}", json=bad, headers=owner.headers)
    assert api.status_code == 422
    values = {
        "csrf_token": token,
        "first_name": "Changed",
        "phone": "+12125550123",
        "timezone": "America/New_York",
        "language": "en",
        "channel": "sms",
        "quiet_start": "25:00",
        "quiet_end": "08:00",
        "alert_phone": "",
    }
    page = client.post(f"/app/patients/{pid}/edit", data=values)
    assert page.status_code == 422
    assert api.json()["error"]["message"] in html.unescape(page.text)
    assert 'id="quiet_start-error"' in page.text and "Nothing was changed" in page.text
    zone = client.patch(
        f"/v1/patients/{pid}", json={"timezone": "Mars/Base"}, headers=owner.headers
    )
    page = client.post(
        f"/app/patients/{pid}/edit",
        data={**values, "quiet_start": "21:00", "timezone": "Mars/Base"},
    )
    assert page.status_code == 422 and zone.json()["error"]["message"] in html.unescape(page.text)
    assert 'id="timezone-error"' in page.text
    db.expire_all()
    patient = db.get(Patient, pid)
    assert patient is not None and patient.first_name == "Sam" and patient.quiet_start == time(21)


def test_a_phone_taken_by_another_patient_is_a_conflict_beside_the_phone(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    first = enrolled(client, token)
    second = enrolled(client, token, phone="+12125550124", first_name="Ana")
    values = {
        "csrf_token": token,
        "first_name": "Ana",
        "phone": "+12125550123",
        "timezone": "America/New_York",
        "language": "en",
        "channel": "sms",
        "quiet_start": "21:00",
        "quiet_end": "08:00",
        "alert_phone": "",
    }
    page = client.post(f"/app/patients/{second}/edit", data=values)
    assert page.status_code == 422 and 'id="phone-error"' in page.text
    assert f"already enrolled in the coach (patient {first})" in page.text


def test_another_clinicians_patient_cannot_be_edited(
    client: TestClient, db: Session, owner: factories.Key, other: factories.Key
) -> None:
    enrolled_by_api = client.post(
        "/v1/patients", json=factories.enrollment(), headers=owner.headers
    )
    pid = enrolled_by_api.json()["id"]
    token = sign_in(client, db, other.clinician)
    assert client.get(f"/app/patients/{pid}/edit").status_code == 404
    refused = client.post(
        f"/app/patients/{pid}/edit", data={"csrf_token": token, "quiet_start": "99:99"}
    )
    assert refused.status_code == 404 and "Not found" in refused.text
    no_csrf = client.post(f"/app/patients/{pid}/edit", data={"first_name": "x"})
    assert no_csrf.status_code == 403


def test_unenroll_asks_first_and_then_stops_everything(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    pid = enrolled(client, token)
    page = client.get(f"/app/patients/{pid}")
    assert re.search(rf'href="/app/patients/{pid}/unenroll"', page.text)
    confirm = client.get(f"/app/patients/{pid}/unenroll")
    assert "Unenroll: Sam?" in confirm.text and "No, go back" in confirm.text
    db.expire_all()
    assert db.get(Patient, pid).status == "active"  # type: ignore[union-attr]  # looking is not doing
    client.post(f"/app/patients/{pid}/unenroll", data={"csrf_token": csrf(confirm)})
    db.expire_all()
    assert db.get(Patient, pid).status == "unenrolled"  # type: ignore[union-attr]
