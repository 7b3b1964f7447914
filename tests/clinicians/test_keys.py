from datetime import UTC, datetime

import pytest
from sqlmodel import Session, SQLModel, select

import coach.models  # noqa: F401
from coach.clinicians import service
from coach.clinicians.models import Clinician
from coach.db import make_engine
from coach.errors import Conflict, InvalidInput, Unauthorized

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
def session():
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as s:
        yield s
    engine.dispose()


def test_only_the_hash_is_stored_and_the_key_authenticates(session):
    clinician, key = service.create_clinician(
        session=session, name="Dr Ana", email="Ana@Clinic.org", now=NOW
    )
    stored = session.exec(select(Clinician)).one()
    assert key not in (stored.api_key_hash, stored.key_prefix)
    assert stored.api_key_hash == service.hash_key(key)
    assert stored.email == "ana@clinic.org"
    assert len(key) > 40
    assert service.authenticate(session=session, key=key).id == clinician.id


def test_keys_are_unique(session):
    _, k1 = service.create_clinician(session=session, name="A", email="a@c.org", now=NOW)
    _, k2 = service.create_clinician(session=session, name="B", email="b@c.org", now=NOW)
    assert k1 != k2


@pytest.mark.parametrize("key", [None, "", "nck_wrong", "Bearer x"])
def test_bad_keys_are_unauthorized(session, key):
    service.create_clinician(session=session, name="A", email="a@c.org", now=NOW)
    with pytest.raises(Unauthorized):
        service.authenticate(session=session, key=key)


def test_disabled_then_rotated(session):
    _, old = service.create_clinician(session=session, name="A", email="a@c.org", now=NOW)
    service.disable_clinician(session=session, email="a@c.org", now=NOW)
    with pytest.raises(Unauthorized, match="disabled"):
        service.authenticate(session=session, key=old)
    _, new = service.rotate_key(session=session, email="a@c.org")
    assert service.authenticate(session=session, key=new).email == "a@c.org"
    with pytest.raises(Unauthorized):
        service.authenticate(session=session, key=old)


def test_duplicate_email_and_bad_input(session):
    service.create_clinician(session=session, name="A", email="a@c.org", now=NOW)
    with pytest.raises(Conflict):
        service.create_clinician(session=session, name="B", email="A@c.org", now=NOW)
    with pytest.raises(InvalidInput):
        service.create_clinician(session=session, name="B", email="not-an-email", now=NOW)


def test_cli_create_prints_the_key_alone_on_its_last_line(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from coach import cli, db, migrate
    from coach.settings import get_settings

    url = f"sqlite:///{tmp_path / 'c.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    try:
        migrate.upgrade(url)
        result = CliRunner().invoke(
            cli.app, ["clinicians", "create", "--name", "Dr Lee", "--email", "lee@c.org", "--admin"]
        )
        assert result.exit_code == 0, result.output
        key = result.stdout.strip().splitlines()[-1]
        assert key.startswith("nck_") and " " not in key
        with db.session_scope() as s:
            assert service.authenticate(session=s, key=key).role == "admin"
        listing = CliRunner().invoke(cli.app, ["clinicians", "list"])
        assert "lee@c.org" in listing.stdout and key not in listing.stdout
    finally:
        db.get_engine().dispose()
        get_settings.cache_clear()
        db.get_engine.cache_clear()
