"""CSV import pages: the outcome page, the error report as CSV, and large files as a job."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from coach.clinicians import service as clinicians
from coach.dashboard import accounts, import_report
from coach.patients.models import Patient
from coach.patients.schemas import RowError
from tests import factories
from tests.dashboard.pagehelp import sign_in
from tests.patients.test_import_jobs import csv_of
from tests.replies.conftest import Webhooks
from tests.signed_app import running_app

SMALL = (
    "phone,first_name,timezone,language,channel,program,consent_given_at,consent_method\n"
    "+12125550101,Ana,America/New_York,en,sms,neck-4wk,2026-06-09T10:00:00-04:00,form\n"
    "not a phone,Bo,America/New_York,en,sms,neck-4wk,2026-06-09T10:00:00-04:00,form\n"
    "+12125550103,Cy,America/New_York,xx,sms,neck-4wk,2026-06-09T10:00:00-04:00,form\n"
)


def upload(client: TestClient, token: str, data: bytes) -> object:
    """Post the import form with a file."""
    return client.post(
        "/app/import",
        data={"csrf_token": token},
        files={"file": ("patients.csv", data, "text/csv")},
    )


def test_the_outcome_page_lists_bad_rows_and_offers_them_as_csv(
    client: TestClient, db: Session, owner: factories.Key, other: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    posted = upload(client, token, SMALL.encode())
    assert posted.status_code == 303  # type: ignore[attr-defined]
    where = posted.headers["location"]  # type: ignore[attr-defined]
    page = client.get(where)
    assert "1 enrolled, 0 unchanged, 2 rows with errors" in page.text
    assert "<td>3</td><td>phone</td>" in page.text and "<td>4</td><td>language</td>" in page.text
    report = client.get(where + "/errors.csv")
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/csv")
    assert "attachment" in report.headers["content-disposition"]
    lines = list(csv.reader(io.StringIO(report.text)))
    assert lines[0] == ["row", "column", "message"]
    assert [(r[0], r[1]) for r in lines[1:]] == [("3", "phone"), ("4", "language")]
    assert all(r[2] for r in lines[1:])
    # The same file again: nothing new, nothing wrong with the one already enrolled.
    again = client.get(upload(client, token, SMALL.encode()).headers["location"])  # type: ignore[attr-defined]
    assert "0 enrolled, 1 unchanged, 2 rows with errors" in again.text
    client.cookies.clear()
    sign_in(client, db, other.clinician)
    assert client.get(where).status_code == 404
    assert client.get(where + "/errors.csv").status_code == 404


def test_a_bad_file_is_a_clear_422_and_enrolls_nobody(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    for data, says in (
        (b"", "choose a CSV file"),
        (b"name,age\nx,1\n", "lacks column"),
        (b"\xff\xfe\x00bin", "not UTF-8"),
    ):
        page = upload(client, token, data)
        assert page.status_code == 422, data  # type: ignore[attr-defined]
        assert says in page.text  # type: ignore[attr-defined]
    assert db.exec(select(func.count()).select_from(Patient)).one() == 0


def test_report_cells_that_a_spreadsheet_would_run_are_defused() -> None:
    text = import_report.error_report(
        [
            RowError(row=2, field="first_name", message='=HYPERLINK("x")'),
            RowError(row=3, message="+1 is not a phone"),
        ]
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["2", "first_name", '\'=HYPERLINK("x")']
    assert rows[2] == ["3", "", "'+1 is not a phone"]


def test_a_large_upload_runs_as_a_job_with_a_progress_page(tmp_path: Path) -> None:
    with running_app(tmp_path) as (client, engine, settings, clock):
        app = Webhooks(client, engine, settings, clock)
        with app.session() as s:
            clinician, _ = clinicians.create_clinician(
                session=s, name="Dr A", email="a@clinic.example", now=clock.now
            )
        with app.session() as s:
            opened = accounts.open_session(session=s, clinician=clinician, now=clock.now)
        client.cookies.set("coach_session", opened.token, path="/app")
        token = opened.csrf_token
        posted = client.post(
            "/app/import",
            data={"csrf_token": token},
            files={"file": ("big.csv", csv_of(2_500, 500), "text/csv")},
            follow_redirects=False,
        )
        assert posted.status_code == 303, posted.text
        where = posted.headers["location"]
        page = client.get(where)
        assert page.status_code == 200
        if "Importing in the background" in page.text:
            assert "of 2500 rows" in page.text and "/app/static/import.js" in page.text
        deadline = time.monotonic() + 120
        while "Importing in the background" in page.text and time.monotonic() < deadline:
            time.sleep(0.3)
            page = client.get(where)
        assert "2495 enrolled, 0 unchanged, 5 rows with errors" in page.text, page.text[-2000:]
        assert "import.js" not in page.text
        report = client.get(where + "/errors.csv").text.splitlines()
        assert [line.split(",")[0] for line in report[1:]] == ["2", "502", "1002", "1502", "2002"]
        with app.session() as s:
            assert s.exec(select(func.count()).select_from(Patient)).one() == 2_495
        assert client.get("/app/static/import.js").status_code == 200


def test_an_upload_over_the_general_body_limit_but_under_5_mb_is_read(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    header = SMALL.splitlines()[0] + ",notes\n"
    notes = "x" * 100_000  # 12 rows: past COACH_MAX_BODY_BYTES (1 MB), in an ignored column
    rows = [
        f"+1212555{n:04d},P{n},America/New_York,en,sms,neck-4wk,2026-06-09T10:00:00Z,form,{notes}\n"
        for n in range(12)
    ]
    page = upload(client, token, (header + "".join(rows)).encode())
    assert page.status_code == 303, re.findall(r"class=.error.[^>]*>([^<]*)", page.text)  # type: ignore[attr-defined]
    outcome = client.get(page.headers["location"])  # type: ignore[attr-defined]
    assert "12 enrolled, 0 unchanged, 0 rows with errors" in outcome.text


def test_a_file_over_5_mb_is_a_page_saying_so_not_json(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    page = upload(client, token, SMALL.encode() + b"x" * (6 * 1024 * 1024))
    assert page.status_code == 413  # type: ignore[attr-defined]
    assert page.headers["content-type"].startswith("text/html")  # type: ignore[attr-defined]
    assert "The file is over 5 MB: split it" in page.text  # type: ignore[attr-defined]
    assert 'href="/app/import"' in page.text  # type: ignore[attr-defined]
    assert "script-src 'self'" in page.headers["content-security-policy"]  # type: ignore[attr-defined]
    # The API's import keeps its JSON error.
    api = client.post(
        "/v1/patients/import",
        headers={**owner.headers, "content-type": "text/csv"},
        content=b"x" * (6 * 1024 * 1024),
    )
    assert api.status_code == 413 and api.json()["error"]["code"] == "too_large"
