"""Fail fast and clearly: a bad or unmigrated database is one line, not a traceback."""

import os
import subprocess
import sys
import time

import httpx
import pytest

from coach import migrate
from tests.services import ROOT, free_port, fresh_postgres_database

COACH = ROOT / ".venv" / "bin" / "coach"


def _env(**extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TWILIO_", "COACH_", "DATABASE_URL"))
    }
    return {**env, **extra}


def coach(*args, cwd, timeout=30, **extra):
    """Run the `coach` command in `cwd`; returns the finished process."""
    command = [str(COACH)] if COACH.exists() else [sys.executable, "-m", "coach"]
    return subprocess.run(
        [*command, *args],
        cwd=cwd,
        env=_env(**extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def one_line(result):
    """The single line a failed command printed (and nothing else)."""
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


@pytest.mark.parametrize("command", [["serve"], ["worker"], ["db", "upgrade"]])
def test_a_nonsense_database_url_stops_every_process_in_one_line(tmp_path, command):
    started = time.monotonic()
    result = coach(*command, cwd=tmp_path, DATABASE_URL="nonsense", timeout=10)
    assert time.monotonic() - started < 10
    line = one_line(result)
    assert "DATABASE_URL" in line and "not a database URL" in line


def test_an_unsupported_dialect_is_named(tmp_path):
    line = one_line(coach("worker", cwd=tmp_path, DATABASE_URL="mysql://coach@db/coach"))
    assert "DATABASE_URL" in line and "mysql" in line


def test_worker_on_an_empty_sqlite_file_says_to_migrate(tmp_path):
    line = one_line(coach("worker", cwd=tmp_path))
    assert line == "coach: database at DATABASE_URL is not migrated: run `coach db upgrade`"


@pytest.mark.parametrize(
    "command",
    [
        ["clinicians", "create", "--name", "Ana", "--email", "ana@clinic.example"],
        ["clinicians", "list"],
        ["simulate", "--phone", "+12125550123"],
    ],
)
def test_commands_that_need_tables_say_so_before_any_migration(tmp_path, command):
    line = one_line(coach(*command, cwd=tmp_path))
    assert "not migrated: run `coach db upgrade`" in line


def test_patients_import_before_any_migration_is_one_line(tmp_path):
    csv = tmp_path / "p.csv"
    csv.write_text(
        "phone,language,channel,program,consent_given_at,consent_method\n"
        "+12125550123,en,sms,neck-4wk,2026-11-20T10:00:00-05:00,verbal\n"
    )
    line = one_line(coach("patients", "import", str(csv), cwd=tmp_path))
    assert "not migrated: run `coach db upgrade`" in line


def test_db_upgrade_says_whether_it_did_anything(tmp_path):
    first = coach("db", "upgrade", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    head = migrate.current_head()
    assert first.stdout.strip() == f"database upgraded from revision (empty) to {head}"
    again = coach("db", "upgrade", cwd=tmp_path)
    assert again.stdout.strip() == f"database already at revision {head}: nothing to do"


def test_serve_on_sqlite_it_cannot_open_is_one_line(tmp_path):
    result = coach("serve", cwd=tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/no/such/dir/c.db")
    assert "cannot open the SQLite database at DATABASE_URL" in result.stderr.splitlines()[-1]
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_simulate_with_a_valid_number_nobody_has(tmp_path):
    assert coach("db", "upgrade", cwd=tmp_path).returncode == 0
    line = one_line(coach("simulate", "--phone", "(212) 555-0188", cwd=tmp_path))
    assert "no patient with phone +12125550188 (typed as (212) 555-0188): enroll" in line
    assert "E.164" not in line


@pytest.mark.postgres
def test_a_database_that_does_not_exist_is_one_line(tmp_path):
    with fresh_postgres_database() as url:
        missing = url.rsplit("/", 1)[0] + "/coach_no_such_database"
        for command in (["db", "upgrade"], ["worker"], ["serve"]):
            line = one_line(coach(*command, cwd=tmp_path, DATABASE_URL=missing))
            assert "cannot" in line and "DATABASE_URL" in line
            assert 'database "coach_no_such_database" does not exist' in line


@pytest.mark.postgres
def test_serve_and_worker_refuse_an_unmigrated_postgres_database(tmp_path):
    with fresh_postgres_database() as url:
        for command in (["worker"], ["serve"]):
            line = one_line(coach(*command, cwd=tmp_path, DATABASE_URL=url))
            assert line == "coach: database at DATABASE_URL is not migrated: run `coach db upgrade`"


@pytest.mark.postgres
def test_uvicorn_on_an_unmigrated_postgres_database_is_503_migrations_pending(tmp_path):
    with fresh_postgres_database() as url:
        port = free_port()
        web = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "coach.main:app", "--port", str(port)],
            cwd=tmp_path,
            env=_env(DATABASE_URL=url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline, response = time.monotonic() + 30, None
            while response is None and time.monotonic() < deadline:
                try:
                    response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                except httpx.TransportError:
                    time.sleep(0.2)
            assert response is not None
            assert response.status_code == 503
            assert response.json() == {"status": "unavailable", "database": "migrations pending"}
            migrate.upgrade(url)
            time.sleep(0.1)
            assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
        finally:
            web.terminate()
            web.wait(timeout=30)


def test_the_procfile_web_process_stops_on_a_nonsense_database_url(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "uvicorn", "coach.main:app", "--port", str(free_port())],
        cwd=tmp_path,
        env=_env(DATABASE_URL="nonsense"),
        capture_output=True,
        text=True,
        timeout=10,
    )
    assert result.returncode == 2
    assert "DATABASE_URL: is not a database URL" in one_line(result)
