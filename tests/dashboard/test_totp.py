"""Two-step sign-in: a scanned secret turns it on; then sign-in needs a fresh code."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from coach.clock import get_now
from tests import factories
from tests.dashboard.pagehelp import PASSWORD, csrf, sign_in


def login(client: TestClient, email: str, code: str) -> int:
    """Post the sign-in form; the status code."""
    client.cookies.clear()
    token = csrf(client.get("/app/login"))
    data = {"csrf_token": token, "email": email, "password": PASSWORD, "code": code}
    return client.post("/app/login", data=data).status_code


def test_totp_turned_on_with_a_qr_code_then_required_once_per_code(
    app: FastAPI, client: TestClient, db: Session, owner: factories.Key
) -> None:
    sign_in(client, db, owner.clinician)
    page = client.get("/app/account")
    assert "<svg" in page.text and "QR code for your authenticator app" in page.text
    found = re.search(r'id="totp-secret">([A-Z2-7]{32})<', page.text)
    assert found
    totp = pyotp.TOTP(found.group(1))
    wrong = client.post(
        "/app/account/totp",
        data={"csrf_token": csrf(page), "secret": found.group(1), "code": "000000"},
    )
    assert wrong.status_code == 422 and "does not match" in wrong.text
    code = totp.at(factories.NOW)
    done = client.post(
        "/app/account/totp",
        data={"csrf_token": csrf(page), "secret": found.group(1), "code": code},
    )
    assert done.status_code == 303
    assert "Two-step sign-in is on" in client.get("/app/account").text

    email = owner.clinician.email
    later = factories.NOW + timedelta(minutes=5)
    app.dependency_overrides[get_now] = lambda: later
    assert login(client, email, "") == 401  # the password alone is no longer enough
    assert login(client, email, totp.at(later)) == 303
    assert login(client, email, totp.at(later)) == 401  # the same code cannot be replayed
    app.dependency_overrides[get_now] = lambda: later + timedelta(seconds=30)
    assert login(client, email, totp.at(later + timedelta(seconds=30))) == 303


def test_a_code_typed_with_its_space_works_and_an_active_secret_is_not_replaced(
    app: FastAPI, client: TestClient, db: Session, owner: factories.Key
) -> None:
    sign_in(client, db, owner.clinician)
    page = client.get("/app/account")
    assert 'maxlength="7"' in page.text  # room for "123 456" as the app shows it
    secret = re.findall(r'id="totp-secret">([A-Z2-7]{32})<', page.text)[0]
    code = pyotp.TOTP(secret).at(factories.NOW)
    spaced = f"{code[:3]} {code[3:]}"
    done = client.post(
        "/app/account/totp", data={"csrf_token": csrf(page), "secret": secret, "code": spaced}
    )
    assert done.status_code == 303
    # Someone holding the session posts a secret of their own: refused, the first one stays.
    theirs = pyotp.random_base32(32)
    swapped = client.post(
        "/app/account/totp",
        data={"csrf_token": csrf(page), "secret": theirs, "code": pyotp.TOTP(theirs).now()},
    )
    assert swapped.status_code == 409 and "already on" in swapped.text
    later = factories.NOW + timedelta(minutes=2)
    app.dependency_overrides[get_now] = lambda: later
    assert login(client, owner.clinician.email, pyotp.TOTP(theirs).at(later)) == 401
    code = pyotp.TOTP(secret).at(later)
    assert login(client, owner.clinician.email, f"{code[:3]} {code[3:]}") == 303
