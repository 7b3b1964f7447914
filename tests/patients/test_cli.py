"""`coach patients import FILE [--clinician EMAIL]` on a migrated SQLite file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from coach import cli, migrate
from coach.clinicians import service as clinicians
from coach.db import get_engine, make_engine
from coach.patients.models import Patient
from coach.settings import get_settings
from tests.factories import NOW

CSV = (
    "phone,language,channel,program,consent_given_at,consent_method\n"
    "+12125550101,en,sms,neck-4wk,2026-06-01T10:00:00Z,verbal\n"
    "+12125550102,es,sms,neck-4wk,2026-06-01T10:00:00Z,verbal\n"
    "oops,en,sms,neck-4wk,2026-06-01T10:00:00Z,verbal\n"
)


@pytest.fixture
def database(tmp_path, monkeypatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate.upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("COACH_TRANSPORT", "console")
    get_settings.cache_clear()
    get_engine.cache_clear()
    engine = make_engine(url)
    with Session(engine) as session:
        clinicians.create_clinician(session=session, name="Ana", email="ana@clinic.org", now=NOW)
    engine.dispose()
    yield url
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def _patients(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        count = int(session.exec(select(func.count()).select_from(Patient)).one())
    engine.dispose()
    return count


def test_import_reports_rows_and_is_idempotent(database, tmp_path):
    path = tmp_path / "patients.csv"
    path.write_text(CSV, encoding="utf-8")
    args = ["patients", "import", str(path), "--clinician", "ana@clinic.org"]
    first = CliRunner().invoke(cli.app, args)
    assert first.exit_code == 1, first.output
    assert "enrolled 2, unchanged 0, errors 1" in first.stdout
    assert "row 4 [phone]:" in first.stderr
    assert _patients(database) == 2
    second = CliRunner().invoke(cli.app, args)
    assert "enrolled 0, unchanged 2, errors 1" in second.stdout
    assert _patients(database) == 2


def test_unknown_clinician_and_bad_file(database, tmp_path):
    path = tmp_path / "patients.csv"
    path.write_text(CSV, encoding="utf-8")
    nobody = CliRunner().invoke(
        cli.app, ["patients", "import", str(path), "--clinician", "x@y.org"]
    )
    assert nobody.exit_code == 1
    assert "no clinician with email x@y.org" in nobody.stderr
    path.write_bytes(b"\xff\xfe\x00binary")
    bad = CliRunner().invoke(
        cli.app, ["patients", "import", str(path), "--clinician", "ana@clinic.org"]
    )
    assert bad.exit_code == 1
    assert "UTF-8" in bad.stderr
    assert _patients(database) == 0


def test_the_only_clinician_owns_an_import_without_clinician(database, tmp_path):
    path = tmp_path / "patients.csv"
    path.write_text(CSV, encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["patients", "import", str(path)])
    assert "enrolled 2, unchanged 0, errors 1" in result.stdout
    engine = make_engine(database)
    with Session(engine) as session:
        clinicians.create_clinician(session=session, name="Bo", email="bo@clinic.org", now=NOW)
    engine.dispose()
    ambiguous = CliRunner().invoke(cli.app, ["patients", "import", str(path)])
    assert ambiguous.exit_code == 1
    assert "several clinicians" in ambiguous.stderr and "--clinician" in ambiguous.stderr
