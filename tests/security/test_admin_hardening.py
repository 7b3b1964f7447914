"""Admin API hardening: repeated bad keys are rate-limited per address; security headers."""

from __future__ import annotations

import pytest

from coach.clinicians import service
from coach.security import AuthLimiter
from tests import factories


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(app) -> FakeClock:
    fake = FakeClock()
    app.state.auth_limiter = AuthLimiter(limit=10, window=60.0, clock=fake)
    return fake


BAD = factories.bearer("nck_" + "x" * 43)


def test_ten_bad_keys_then_429_with_retry_after_but_a_valid_key_still_passes(client, owner, clock):
    for _ in range(10):
        assert client.get("/v1/patients", headers=BAD).status_code == 401
    response = client.get("/v1/patients", headers=BAD)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "too_many_requests"
    assert int(response.headers["Retry-After"]) == 60
    # Someone else's failures from this address never lock out a valid key.
    assert client.get("/v1/patients", headers=owner.headers).status_code == 200
    clock.now += 30
    assert client.get("/v1/patients", headers=BAD).headers["Retry-After"] == "30"
    clock.now += 30
    assert client.get("/v1/patients", headers=owner.headers).status_code == 200


def test_the_window_slides(client, clock):
    for _ in range(9):
        client.get("/v1/patients", headers=BAD)
    clock.now += 59
    assert client.get("/v1/patients", headers=BAD).status_code == 401  # the tenth
    assert client.get("/v1/patients", headers=BAD).status_code == 429
    clock.now += 1  # the first nine are 60 s old and expire; the tenth still counts
    for _ in range(9):
        assert client.get("/v1/patients", headers=BAD).status_code == 401
    assert client.get("/v1/patients", headers=BAD).status_code == 429


@pytest.mark.usefixtures("clock")
def test_missing_keys_and_good_keys_are_not_counted(client, owner):
    for _ in range(30):
        assert client.get("/v1/patients").status_code == 401
        assert client.get("/v1/patients", headers=owner.headers).status_code == 200
    assert client.get("/v1/patients", headers=BAD).status_code == 401


@pytest.mark.usefixtures("clock")
def test_a_disabled_key_counts_as_bad(client, db):
    gone = factories.clinician(db, "gone@clinic.example")
    service.disable_clinician(session=db, email="gone@clinic.example", now=factories.NOW)
    for _ in range(10):
        assert client.get("/v1/patients", headers=gone.headers).status_code == 401
    assert client.get("/v1/patients", headers=gone.headers).status_code == 429


def test_addresses_are_counted_apart_and_bounded():
    clock = FakeClock()
    limiter = AuthLimiter(limit=2, window=60, clock=clock, max_clients=3)
    for address in ("a", "a", "b"):
        limiter.failed(address)
    assert limiter.retry_after("a") == 60
    assert limiter.retry_after("b") is None
    for address in ("c", "d"):  # 4 addresses > max_clients: the least recent ("a") goes
        limiter.failed(address)
    assert limiter.retry_after("a") is None
    clock.now += 60
    limiter.failed("b")
    assert limiter.retry_after("b") is None  # its first failure expired


def test_each_app_has_its_own_limiter():
    from coach.main import create_app

    assert create_app().state.auth_limiter is not create_app().state.auth_limiter


COMMON = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


@pytest.mark.parametrize("path", ["/v1/patients", "/v1/nowhere", "/healthz", "/openapi.json"])
def test_api_responses_carry_security_headers(client, owner, path):
    response = client.get(path, headers=owner.headers)
    for name, value in COMMON.items():
        assert response.headers[name] == value
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    if path.startswith("/v1"):
        assert response.headers["cache-control"] == "no-store"


def test_patient_records_and_errors_are_not_cacheable(client, owner, enrolled):
    for path in (f"/v1/patients/{enrolled['id']}", f"/v1/patients/{enrolled['id']}/fhir"):
        response = client.get(path, headers=owner.headers)
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"
    assert client.get("/v1/patients").headers["cache-control"] == "no-store"


def test_the_chart_may_style_itself_but_load_nothing(client, owner, enrolled):
    response = client.get(f"/v1/patients/{enrolled['id']}/pain.svg", headers=owner.headers)
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "style-src 'unsafe-inline'" in csp
    assert "script-src" not in csp


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_docs_still_load_their_cdn_scripts(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "cdn.jsdelivr.net" in response.text
    assert "content-security-policy" not in response.headers
    assert response.headers["x-frame-options"] == "DENY"


def test_twilio_webhooks_carry_the_headers_too(client):
    response = client.post("/twilio/sms", data={"Body": "hi"})
    assert response.status_code == 403
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.usefixtures("clock")
def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(client):
    # The test client's peer is "testclient": not a trusted proxy, so any X-Forwarded-For is
    # the client's own word and changes nothing: 40 bad keys from "different" addresses.
    for n in range(10):
        headers = BAD | {"X-Forwarded-For": f"198.51.100.{n}"}
        assert client.get("/v1/patients", headers=headers).status_code == 401
    assert (
        client.get("/v1/patients", headers=BAD | {"X-Forwarded-For": "9.9.9.9"}).status_code == 429
    )


def test_behind_a_trusted_proxy_the_client_is_the_last_untrusted_hop():
    from starlette.requests import Request

    from coach.security import client_address, parse_networks

    class State:
        trusted_proxies = parse_networks("10.0.0.0/8, 127.0.0.1")

    class App:
        state = State()

    def request(peer: str, xff: str) -> Request:
        scope = {
            "type": "http",
            "headers": [(b"x-forwarded-for", xff.encode())],
            "client": (peer, 1234),
            "app": App(),
        }
        return Request(scope)

    # The client wrote "6.6.6.6" itself; our proxy 10.0.0.5 appended the real address.
    assert client_address(request("10.0.0.5", "6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    assert client_address(request("10.0.0.5", "203.0.113.7, 10.0.0.9")) == "203.0.113.7"
    # An untrusted peer's header is never read.
    assert client_address(request("198.51.100.1", "203.0.113.7")) == "198.51.100.1"


def test_the_bad_key_count_is_shared_by_every_web_process(memory_engine, settings, now, owner):
    """Two apps on one database (as `--workers 2` or two hosts): failures add up."""
    from collections.abc import Iterator

    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from coach.clock import get_now
    from coach.db import get_session
    from coach.main import create_app
    from coach.settings import get_settings

    def web_process() -> TestClient:
        app = create_app()

        def session() -> Iterator[Session]:
            with Session(memory_engine, expire_on_commit=False) as s:
                yield s

        app.dependency_overrides[get_session] = session
        app.dependency_overrides[get_settings] = lambda: settings
        app.dependency_overrides[get_now] = lambda: now
        return TestClient(app)

    first, second = web_process(), web_process()
    for n in range(10):
        assert (first if n % 2 else second).get("/v1/patients", headers=BAD).status_code == 401
    assert first.get("/v1/patients", headers=BAD).status_code == 429
    assert second.get("/v1/patients", headers=BAD).status_code == 429
    assert second.get("/v1/patients", headers=owner.headers).status_code == 200
