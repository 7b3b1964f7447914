from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlmodel import Session

from coach.db import get_session, make_engine
from coach.main import create_app


def test_healthz_ok_with_a_database():
    app = create_app()
    engine = make_engine("sqlite://")

    def session():
        with Session(engine) as s:
            yield s

    app.dependency_overrides[get_session] = session
    response = TestClient(app).get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_503_when_the_database_is_unreachable():
    app = create_app()
    # Nothing listens on port 1: every connection is refused.
    engine = create_engine(
        "postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 2}
    )

    def session():
        with Session(engine) as s:
            yield s

    app.dependency_overrides[get_session] = session
    response = TestClient(app).get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_openapi_docs_are_served():
    client = TestClient(create_app())
    assert client.get("/openapi.json").json()["info"]["title"] == "Neck Coach"
    assert client.get("/docs").status_code == 200


def test_unknown_route_has_the_error_shape():
    response = TestClient(create_app()).get("/nope")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
