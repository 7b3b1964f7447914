"""Imports of more than 2,000 rows run as a background job the clinician can follow."""

from __future__ import annotations

import time

from sqlmodel import func, select

from coach.clinicians import service as clinicians
from coach.patients.models import Patient
from tests.factories import bearer
from tests.replies.conftest import Webhooks
from tests.signed_app import running_app

HEADER = "phone,language,channel,program,consent_given_at,consent_method\n"


def csv_of(rows: int, bad_every: int = 0) -> bytes:
    lines = [HEADER]
    for n in range(rows):
        phone = "oops" if bad_every and n % bad_every == 0 else f"+1212{5550000 + n:07d}"
        lines.append(f"{phone},en,sms,neck-4wk,2026-06-01T10:00:00Z,verbal\n")
    return "".join(lines).encode()


def test_a_large_import_is_a_job_with_progress_and_the_same_outcome(tmp_path):
    with running_app(tmp_path) as (client, engine, settings, clock):
        app = Webhooks(client, engine, settings, clock)
        with app.session() as s:
            _, key = clinicians.create_clinician(
                session=s, name="Dr A", email="a@clinic.example", now=clock.now
            )
            _, other = clinicians.create_clinician(
                session=s, name="Dr B", email="b@clinic.example", now=clock.now
            )
        headers = bearer(key) | {"Content-Type": "text/csv"}
        started = client.post("/v1/patients/import", content=csv_of(2_500, 500), headers=headers)
        assert started.status_code == 202, started.text
        job = started.json()
        assert job["status"] == "running" and job["url"] == f"/v1/imports/{job['id']}"
        # Another clinician cannot see it.
        assert client.get(job["url"], headers=bearer(other)).status_code == 404
        deadline = time.monotonic() + 120
        while job["status"] == "running" and time.monotonic() < deadline:
            time.sleep(0.2)
            job = client.get(job["url"], headers=bearer(key)).json()
        assert job["status"] == "done", job
        assert job["processed"] == 2_500
        assert job["enrolled"] == 2_495
        assert [e["row"] for e in job["errors"]] == [2, 502, 1002, 1502, 2002]
        with app.session() as s:
            assert s.exec(select(func.count()).select_from(Patient)).one() == 2_495


def test_a_large_file_with_a_bad_header_is_refused_at_once(tmp_path):
    with running_app(tmp_path) as (client, engine, settings, clock):
        app = Webhooks(client, engine, settings, clock)
        with app.session() as s:
            _, key = clinicians.create_clinician(
                session=s, name="Dr A", email="a@clinic.example", now=clock.now
            )
        data = csv_of(2_500).replace(b"consent_method", b"how", 1)
        response = client.post(
            "/v1/patients/import", content=data, headers=bearer(key) | {"Content-Type": "text/csv"}
        )
        assert response.status_code == 422
        assert "consent_method" in response.json()["error"]["message"]
