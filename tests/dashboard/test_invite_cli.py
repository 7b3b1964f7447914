"""`coach clinicians create --invite` prints a one-time link; only its hash is stored."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from coach import cli, migrate
from coach.clinicians.models import Clinician
from coach.dashboard import accounts
from coach.dashboard.models import WebInvite, WebPassword
from coach.db import get_engine, make_engine, utcnow
from coach.errors import NotFound
from coach.settings import get_settings


@pytest.fixture
def database(tmp_path, monkeypatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate.upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("COACH_PUBLIC_URL", "https://coach.clinic.example")
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield url
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_invite_link_printed_once_valid_72_hours_and_key_still_last(database: str) -> None:
    result = CliRunner().invoke(
        cli.app, ["clinicians", "create", "--name", "Ana", "--email", "ana@clinic.org", "--invite"]
    )
    assert result.exit_code == 0, result.output
    found = re.search(r"https://coach\.clinic\.example/app/invite/(\S+)", result.stdout)
    assert found
    token = found.group(1)
    assert result.stdout.strip().splitlines()[-1].startswith("nck_")  # the key, alone, last
    engine = make_engine(database)
    with Session(engine) as session:
        invite = session.exec(select(WebInvite)).one()
        assert invite.token_hash == accounts.digest(token) and token not in invite.token_hash
        created = invite.created_at
        assert invite.expires_at - created == timedelta(hours=72)
        clinician = accounts.invited_clinician(session=session, token=token, now=created)
        assert clinician.email == "ana@clinic.org"
        with pytest.raises(NotFound):
            accounts.invited_clinician(
                session=session, token=token, now=created + timedelta(hours=72)
            )
    engine.dispose()


def _create(email: str) -> None:
    args = ["clinicians", "create", "--name", "Ana", "--email", email]
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output


def test_disable_ends_dashboard_sessions_even_if_the_key_is_rotated_before_their_next_use(
    database: str,
) -> None:
    _create("ana@clinic.org")
    engine = make_engine(database)
    with Session(engine) as session:
        clinician = session.exec(select(Clinician)).one()
        opened = accounts.open_session(session=session, clinician=clinician, now=utcnow())
    for command in (["disable", "ana@clinic.org"], ["rotate-key", "ana@clinic.org"]):
        result = CliRunner().invoke(cli.app, ["clinicians", *command])
        assert result.exit_code == 0, result.output
    with Session(engine) as session:  # re-enabled by the new key, but that browser is out
        assert accounts.resume_session(session=session, token=opened.token, now=utcnow()) is None
    engine.dispose()


def _link(output: str) -> str:
    found = re.search(r"https://coach\.clinic\.example/app/invite/(\S+)", output)
    assert found, output
    return found.group(1)


def test_invite_again_gives_a_new_link_and_the_old_one_stops_working(database: str) -> None:
    result = CliRunner().invoke(
        cli.app, ["clinicians", "create", "--name", "Ana", "--email", "ana@clinic.org", "--invite"]
    )
    first = _link(result.stdout)
    again = CliRunner().invoke(cli.app, ["clinicians", "invite", " ANA@clinic.org "])
    assert again.exit_code == 0, again.output
    second = _link(again.stdout)
    engine = make_engine(database)
    with Session(engine) as session:
        with pytest.raises(NotFound):
            accounts.invited_clinician(session=session, token=first, now=utcnow())
        found = accounts.invited_clinician(session=session, token=second, now=utcnow())
        assert found.email == "ana@clinic.org"
    engine.dispose()
    missing = CliRunner().invoke(cli.app, ["clinicians", "invite", "nobody@clinic.org"])
    assert missing.exit_code == 1 and "no clinician with email" in missing.output


def test_invite_with_reset_two_step_turns_it_off_and_ends_sessions(database: str) -> None:
    _create("ana@clinic.org")
    engine = make_engine(database)
    with Session(engine) as session:
        clinician = session.exec(select(Clinician)).one()
        session.add(WebPassword(clinician_id=clinician.id or 0, password_hash="x", totp_secret="s"))
        session.commit()
        opened = accounts.open_session(session=session, clinician=clinician, now=utcnow())
    result = CliRunner().invoke(cli.app, ["clinicians", "invite", "ana@clinic.org"])
    assert result.exit_code == 0
    with Session(engine) as session:  # a plain invitation keeps the second factor
        assert session.exec(select(WebPassword)).one().totp_secret == "s"
    result = CliRunner().invoke(
        cli.app, ["clinicians", "invite", "ana@clinic.org", "--reset-two-step"]
    )
    assert result.exit_code == 0 and "two-step sign-in is off" in result.stdout
    with Session(engine) as session:
        assert session.exec(select(WebPassword)).one().totp_secret is None
        assert accounts.resume_session(session=session, token=opened.token, now=utcnow()) is None
    engine.dispose()
    CliRunner().invoke(cli.app, ["clinicians", "disable", "ana@clinic.org"])
    refused = CliRunner().invoke(cli.app, ["clinicians", "invite", "ana@clinic.org"])
    assert refused.exit_code == 1 and "is disabled" in refused.output
