import logging

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event
from sqlmodel import Session

from coach import main, migrate
from coach.db import get_session, make_engine
from coach.main import create_app


def _app_on(engine):
    app = create_app()

    def session():
        with Session(engine) as s:
            yield s

    app.dependency_overrides[get_session] = session
    return app


def test_healthz_ok_with_a_migrated_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate.upgrade(url)
    response = TestClient(_app_on(make_engine(url))).get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_503_when_the_database_is_not_migrated(tmp_path):
    empty = TestClient(_app_on(make_engine("sqlite://"))).get("/healthz")
    assert empty.status_code == 503
    assert empty.json() == {"status": "unavailable", "database": "migrations pending"}

    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate.upgrade(url, "0003")  # one migration behind
    behind = TestClient(_app_on(make_engine(url))).get("/healthz")
    assert behind.json()["database"] == "migrations pending"


def test_healthz_reads_the_revision_again_only_after_a_while(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    client = TestClient(_app_on(engine))
    for _ in range(5):
        assert client.get("/healthz").status_code == 200
    assert sum("FROM alembic_version" in s for s in statements) == 1, statements
    assert sum(s == "SELECT 1" for s in statements) == 5

    # The schema moved back (a restore from an old dump): seen once the check is due.
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0003'")
    assert client.get("/healthz").status_code == 200  # still cached
    monkeypatch.setattr(main, "HEAD_CHECK_SECONDS", 0.0)
    assert client.get("/healthz").json()["database"] == "migrations pending"


def test_the_root_redirects_to_the_dashboard():
    response = TestClient(create_app()).get("/", follow_redirects=False)
    assert response.status_code in (302, 307)
    assert response.headers["location"] == "/app"


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


def test_an_api_call_on_an_unmigrated_database_is_a_json_503(owner):
    app = _app_on(make_engine("sqlite://"))  # no tables at all
    response = TestClient(app).get("/v1/patients", headers=owner.headers)
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "database_unavailable" and "/healthz" in error["message"]


def test_the_placeholder_clinic_is_a_warning_even_on_the_console(caplog, settings):
    from coach import cli
    from coach.settings import load_settings

    caplog.set_level(logging.INFO, logger="coach")
    cli._warn_demo_clinic(load_settings(database_url="sqlite://", transport="console"))
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "COACH_CLINIC_NAME" in caplog.records[0].getMessage()
    caplog.clear()
    cli._warn_demo_clinic(settings)  # a named clinic: nothing to say
    assert caplog.records == []
