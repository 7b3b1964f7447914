"""Dashboard sign-in: invitations, passwords, lockout, sessions, CSRF and revocation."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from coach.clinicians import service as clinicians
from coach.clock import get_now
from coach.dashboard.models import WebPassword, WebSession
from coach.settings import get_settings, load_settings
from tests import factories
from tests.dashboard.pagehelp import PASSWORD, csrf, invite, sign_in


def test_pages_redirect_to_sign_in_without_a_session(client: TestClient) -> None:
    response = client.get("/app", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/app/login"
    response = client.get("/app/patients?q=sam&page=2", follow_redirects=False)
    assert response.headers["location"] == "/app/login?next=/app/patients%3Fq%3Dsam%26page%3D2"


def test_after_an_expired_session_sign_in_goes_back_to_the_page(
    app: FastAPI, client: TestClient, db: Session, owner: factories.Key
) -> None:
    sign_in(client, db, owner.clinician)
    app.dependency_overrides[get_now] = lambda: factories.NOW + timedelta(minutes=31)
    away = client.get("/app/patients?q=sam", follow_redirects=False)
    page = client.get(away.headers["location"])
    assert '<input type="hidden" name="next" value="/app/patients?q=sam">' in page.text
    data = {"csrf_token": csrf(page), "email": owner.clinician.email, "password": PASSWORD}
    back = client.post("/app/login", data={**data, "next": "/app/patients?q=sam"})
    assert back.status_code == 303 and back.headers["location"] == "/app/patients?q=sam"


def test_sign_in_never_sends_the_browser_to_another_site(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    sign_in(client, db, owner.clinician)
    for bad in [
        "https://evil.example/app",
        "//evil.example/app",
        "/\\evil.example/app",
        "/app\\..\\..\\evil",
        "https:/app",
        "/app/../v1/patients",
        "/app/%2e%2e/v1/patients",
        "/apple",
        "/app/logout",
        "/app/login?next=https://evil.example",
        "/app\n\rLocation: https://evil.example",
        "javascript:alert(1)",
        "",
    ]:
        client.cookies.delete("coach_session", path="/app")
        page = client.get("/app/login", params={"next": bad})
        assert 'name="next"' not in page.text, bad
        data = {"csrf_token": csrf(page), "email": owner.clinician.email, "password": PASSWORD}
        signed = client.post("/app/login", data={**data, "next": bad})
        assert signed.status_code == 303 and signed.headers["location"] == "/app", bad


def test_invite_sets_an_argon2_password_once_and_signs_in(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    path = invite(db, owner.clinician)
    form = client.get(path)
    token = csrf(form)
    # Password managers learn which account the new password is for.
    assert f'autocomplete="username" value="{owner.clinician.email}"' in form.text
    assert 'href="/app/static/favicon.svg"' in form.text
    assert client.get("/app/static/favicon.svg").headers["content-type"] == "image/svg+xml"
    short = client.post(path, data={"csrf_token": token, "password": "short", "confirm": "short"})
    assert short.status_code == 422 and "at least 12 characters" in short.text
    ok = client.post(
        path,
        data={"csrf_token": token, "password": PASSWORD, "confirm": PASSWORD},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    stored = db.exec(select(WebPassword)).one()
    assert stored.password_hash.startswith("$argon2") and PASSWORD not in stored.password_hash
    assert client.get(path).status_code == 404  # one use only
    page = client.get("/app/login")
    signed = client.post(
        "/app/login", data={"csrf_token": csrf(page), "email": owner.clinician.email,
                            "password": PASSWORD},
    )  # fmt: skip
    assert signed.status_code == 303
    cookie = signed.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/app" in cookie
    assert "<h1>Inbox</h1>" in client.get("/app").text


def test_an_invitation_expires_after_72_hours(
    app: FastAPI, client: TestClient, db: Session, owner: factories.Key
) -> None:
    path = invite(db, owner.clinician)
    app.dependency_overrides[get_now] = lambda: factories.NOW + timedelta(hours=72, seconds=1)
    assert client.get(path).status_code == 404


def test_five_wrong_passwords_lock_the_email_even_for_the_right_one(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    sign_in(client, db, owner.clinician)
    client.cookies.clear()
    token = csrf(client.get("/app/login"))
    email = owner.clinician.email
    for _ in range(5):
        bad = client.post("/app/login", data={"csrf_token": token, "email": email,
                                              "password": "wrong password!"})  # fmt: skip
        assert bad.status_code == 401 and "wrong email or password" in bad.text
    locked = client.post(
        "/app/login", data={"csrf_token": token, "email": email, "password": PASSWORD}
    )
    assert locked.status_code == 429 and "try again in 15 minutes" in locked.text


def test_a_session_expires_after_30_idle_minutes(
    app: FastAPI, client: TestClient, db: Session, owner: factories.Key
) -> None:
    sign_in(client, db, owner.clinician)
    app.dependency_overrides[get_now] = lambda: factories.NOW + timedelta(minutes=29)
    assert client.get("/app/alerts", follow_redirects=False).status_code == 200
    app.dependency_overrides[get_now] = lambda: factories.NOW + timedelta(minutes=60)
    assert client.get("/app/alerts", follow_redirects=False).status_code == 303


def test_disabling_a_clinician_ends_every_session(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    sign_in(client, db, owner.clinician)
    clinicians.disable_clinician(session=db, email=owner.clinician.email, now=factories.NOW)
    assert client.get("/app/alerts", follow_redirects=False).status_code == 303
    assert db.exec(select(WebSession)).all() == []


def test_sign_out_ends_the_session_on_the_server(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    cookie = client.cookies.get("coach_session")
    out = client.post("/app/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    client.cookies.set("coach_session", str(cookie), path="/app")
    assert client.get("/app/alerts", follow_redirects=False).status_code == 303


def test_posts_without_the_csrf_token_or_from_another_site_are_refused(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    token = sign_in(client, db, owner.clinician)
    refused = client.post("/app/logout", data={})
    assert refused.status_code == 403
    # A page of the dashboard saying what to do, not the API's JSON.
    assert refused.headers["content-type"].startswith("text/html")
    assert "<h1>Refused</h1>" in refused.text and "reload the page" in refused.text
    assert client.post("/app/logout", data={"csrf_token": "forged"}).status_code == 403
    cross = client.post(
        "/app/logout", data={"csrf_token": token}, headers={"Origin": "https://evil.example"}
    )
    assert cross.status_code == 403
    assert client.get("/app/alerts", follow_redirects=False).status_code == 200  # still in


def test_pages_get_a_csp_without_inline_scripts(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    sign_in(client, db, owner.clinician)
    page = client.get("/app/alerts")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in page.text
    assert page.headers["cache-control"] == "no-store"


def test_wrong_addresses_under_app_are_dashboard_pages_not_json(
    client: TestClient, db: Session, owner: factories.Key
) -> None:
    sign_in(client, db, owner.clinician)
    for path, status in [
        ("/app/patients/abc", 422),
        ("/app/patients/0", 422),
        ("/app/inbox?status=bogus", 422),
        ("/app/no-such-page", 404),
        ("/app/static/missing.css", 404),
        ("/app/inbox/1/reply", 405),  # a reply's address typed again in the address bar
    ]:
        page = client.get(path)
        assert page.status_code == status, path
        assert page.headers["content-type"].startswith("text/html"), path
        assert "No such page" in page.text and 'href="/app"' in page.text, path
        assert "script-src 'self'" in page.headers["content-security-policy"]
    # The API keeps its JSON errors.
    api = client.get("/v1/patients/abc", headers=owner.headers)
    assert api.status_code == 422 and api.json()["error"]["field"] == "patient_id"
    assert client.get("/nowhere").json()["error"]["code"] == "not_found"


def test_cookies_are_secure_when_the_public_url_is_https(
    app: FastAPI, db: Session, owner: factories.Key
) -> None:
    https = load_settings(
        database_url="sqlite://", transport="console", public_url="https://coach.clinic.example",
        clinic_name="Riverside Physio", clinic_phone="+1 212 555 0100", default_region="US",
    )  # fmt: skip
    app.dependency_overrides[get_settings] = lambda: https
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        page = client.get("/app/login")
        assert "; secure" in page.headers["set-cookie"].lower()
        path = invite(db, owner.clinician)
        token = csrf(client.get(path))
        client.post(path, data={"csrf_token": token, "password": PASSWORD, "confirm": PASSWORD})
        signed = client.post(
            "/app/login",
            data={"csrf_token": token, "email": owner.clinician.email, "password": PASSWORD},
        )
    assert signed.status_code == 303
    cookie = signed.headers["set-cookie"].lower()
    assert cookie.startswith("coach_session=") and "; secure" in cookie and "httponly" in cookie
