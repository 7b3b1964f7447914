"""Helpers for the dashboard tests: invite, set a password and sign in through the pages."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from coach.clinicians.models import Clinician
from coach.dashboard import accounts
from tests import factories

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(page: Any) -> str:
    """The CSRF token of the first form on a page."""
    found = _CSRF.search(page.text)
    assert found, page.text
    return found.group(1)


def invite(db: Session, clinician: Clinician) -> str:
    """An invitation path for `clinician`."""
    return "/app/invite/" + accounts.create_invite(
        session=db, clinician=clinician, now=factories.NOW
    )


def sign_in(client: TestClient, db: Session, clinician: Clinician) -> str:
    """Set a password through an invitation and sign in; returns the session's CSRF token."""
    path = invite(db, clinician)
    page = client.get(path)
    token = csrf(page)
    done = client.post(
        path,
        data={"csrf_token": token, "password": PASSWORD, "confirm": PASSWORD},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    page = client.get("/app/login")
    signed = client.post(
        "/app/login",
        data={"csrf_token": csrf(page), "email": clinician.email, "password": PASSWORD},
    )
    assert signed.status_code == 303, signed.text
    return csrf(client.get("/app/alerts"))
