"""Sign-in hardening: failures counted per client address too; TOTP secrets sealed at rest."""

from __future__ import annotations

import re

import pyotp
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from coach.dashboard import accounts, sealing
from coach.dashboard.models import WebPassword
from coach.errors import ConfigError, Unauthorized
from coach.settings import get_settings, load_settings
from tests import factories
from tests.dashboard.conftest import SECRET_KEY
from tests.dashboard.pagehelp import PASSWORD, csrf, sign_in
from tests.dashboard.test_totp import login


def test_twenty_failures_from_one_address_lock_it_whatever_email_is_tried(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    sign_in(client, db, owner.clinician)
    client.cookies.clear()
    token = csrf(client.get("/app/login"))
    for n in range(20):  # four tries each on five addresses: no single email reaches five
        bad = client.post(
            "/app/login",
            data={
                "csrf_token": token,
                "email": f"x{n % 5}@a.example",
                "password": "wrong password!",
            },
        )
        assert bad.status_code == 401, n
    right = client.post(
        "/app/login",
        data={"csrf_token": token, "email": owner.clinician.email, "password": PASSWORD},
    )
    assert right.status_code == 429 and "from this address" in right.text


def test_an_address_lock_holds_for_that_address_and_an_email_lock_for_every_address(
    db: Session, owner: factories.Key
) -> None:
    def attempt(email: str, client: str, password: str = "wrong password!") -> object:
        return accounts.check_password(
            session=db, email=email, password=password, now=factories.NOW, client=client
        )

    for n in range(20):
        with pytest.raises(Unauthorized) as failed:
            attempt(f"x{n % 4}@a.example", "203.0.113.9")  # five tries each of four emails
        assert not isinstance(failed.value, accounts.LockedOut), n
    with pytest.raises(accounts.LockedOut, match="from this address"):
        attempt(owner.clinician.email, "203.0.113.9", PASSWORD)
    # From another address the clinician's own email is not locked (it never failed) ...
    with pytest.raises(Unauthorized, match="wrong email or password"):
        attempt(owner.clinician.email, "198.51.100.7")
    # ... while an email that failed five times is locked from every address.
    with pytest.raises(accounts.LockedOut, match="this email"):
        attempt("x0@a.example", "198.51.100.7")


def _turn_on(client: TestClient) -> pyotp.TOTP:
    page = client.get("/app/account")
    found = re.search(r'id="totp-secret">([A-Z2-7]{32})<', page.text)
    assert found, page.text
    totp = pyotp.TOTP(found.group(1))
    done = client.post(
        "/app/account/totp",
        data={"csrf_token": csrf(page), "secret": found.group(1), "code": totp.at(factories.NOW)},
    )
    assert done.status_code == 303, done.text
    return totp


def test_the_totp_secret_is_stored_sealed_and_bound_to_its_clinician(
    client: TestClient, db: Session, owner: factories.Key, other: factories.Key
) -> None:
    sign_in(client, db, owner.clinician)
    totp = _turn_on(client)
    db.expire_all()
    stored = db.get(WebPassword, owner.id)
    assert stored is not None and stored.totp_secret is not None
    assert stored.totp_secret.startswith("v1:") and totp.secret not in stored.totp_secret
    assert (
        sealing.unseal(stored.totp_secret, secret_key=SECRET_KEY, context=f"totp:{owner.id}")
        == totp.secret
    )
    # Copied into another clinician's row it does not open; a wrong key neither.
    wrong = ((SECRET_KEY, f"totp:{other.id}"), ("another key " * 4, f"totp:{owner.id}"))
    for key, context in wrong:
        with pytest.raises(sealing.Unreadable):
            sealing.unseal(stored.totp_secret, secret_key=key, context=context)


def test_a_plain_secret_from_before_still_works_and_is_sealed_at_next_sign_in(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    sign_in(client, db, owner.clinician)
    secret = pyotp.random_base32(32)
    stored = db.get(WebPassword, owner.id)
    assert stored is not None
    stored.totp_secret = secret  # as the first release stored it
    db.add(stored)
    db.commit()
    assert login(client, owner.clinician.email, "123456") == 401
    assert login(client, owner.clinician.email, pyotp.TOTP(secret).at(factories.NOW)) == 303
    db.expire_all()
    sealed = db.exec(select(WebPassword)).one().totp_secret
    assert sealed is not None and sealed.startswith("v1:") and secret not in sealed


def test_without_a_secret_key_totp_cannot_be_turned_on_and_a_sealed_one_says_why(
    app: FastAPI, client: TestClient, db: Session, owner: factories.Key
) -> None:
    sign_in(client, db, owner.clinician)
    _turn_on(client)
    keyless = load_settings(
        database_url="sqlite://",
        transport="console",
        clinic_name="Riverside Physio",
        clinic_phone="+1 212 555 0100",
    )
    app.dependency_overrides[get_settings] = lambda: keyless
    code = "123456"
    client.cookies.clear()
    token = csrf(client.get("/app/login"))
    refused = client.post(
        "/app/login",
        data={
            "csrf_token": token,
            "email": owner.clinician.email,
            "password": PASSWORD,
            "code": code,
        },
    )
    assert refused.status_code == 401 and "secret key" in refused.text
    # A second clinician on the keyless server is told two-step sign-in is unavailable.
    second = factories.clinician(db, "c@clinic.example")
    sign_in(client, db, second.clinician)
    page = client.get("/app/account")
    assert "COACH_SECRET_KEY" in page.text and "Turn on two-step sign-in" not in page.text
    forced = client.post(
        "/app/account/totp", data={"csrf_token": csrf(page), "secret": "A" * 32, "code": "123456"}
    )
    assert forced.status_code == 422 and "COACH_SECRET_KEY" in forced.text


def test_a_short_or_placeholder_secret_key_is_a_configuration_error() -> None:
    for bad in ("short", "changeme"):
        with pytest.raises(ConfigError, match="SECRET_KEY"):
            load_settings(database_url="sqlite://", secret_key=bad)
    assert load_settings(database_url="sqlite://", secret_key="k" * 32).secrets == ["k" * 32]
