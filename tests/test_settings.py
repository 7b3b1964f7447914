import pytest

from coach.errors import ConfigError
from coach.settings import load_settings

SID = "AC" + "0" * 32


def test_defaults_to_console_without_credentials(monkeypatch):
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "COACH_TRANSPORT", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(_env_file=None)
    assert settings.transport_name == "console"
    assert settings.database_url.startswith("sqlite:///")
    assert settings.default_region == "US"


def test_defaults_to_twilio_with_credentials():
    settings = load_settings(
        twilio_account_sid=SID, twilio_auth_token="tok-123", twilio_from_number="+15005550006"
    )
    assert settings.transport_name == "twilio"


def test_reads_the_documented_environment_names(monkeypatch):
    monkeypatch.setenv("COACH_CLINIC_NAME", "Riverside Physio")
    monkeypatch.setenv("COACH_PUBLIC_URL", "https://coach.example.org/")
    monkeypatch.setenv("PORT", "9001")
    settings = load_settings()
    assert settings.clinic_name == "Riverside Physio"
    assert settings.public_url == "https://coach.example.org"
    assert settings.port == 9001


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"transport": "twilio"}, "needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"),
        (
            {"twilio_account_sid": SID, "twilio_auth_token": "tok-123"},
            "TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID",
        ),
        ({"twilio_account_sid": "nope"}, "AC followed by 32 hex"),
        ({"twilio_auth_token": "changeme"}, "placeholder"),
        ({"public_url": "coach.example.org"}, "http"),
        ({"default_region": "ZZ"}, "region"),
        ({"port": 0}, "PORT"),
        ({"clinic_hours": "weekdays 9 to 5"}, "Mon-Fri 08:00-17:00"),
        ({"clinic_hours": "Mon-Fri 17:00-08:00"}, "closing time must be after"),
        ({"clinic_timezone": "Mars/Olympus"}, "IANA time zone"),
        (
            {"plan_processes": 2, "database_url": "sqlite:///coach.db"},
            "COACH_PLAN_PROCESSES above 1 needs PostgreSQL",
        ),
        ({"plan_processes": 0}, "PLAN_PROCESSES"),
        ({"database_url": "nonsense"}, "DATABASE_URL: is not a database URL"),
        ({"database_url": "mysql://coach@db/coach"}, "DATABASE_URL: names 'mysql'"),
        ({"database_url": "postgresql+asyncpg://db/coach"}, "DATABASE_URL: names the driver"),
    ],
)
def test_bad_settings_are_one_clear_message(overrides, fragment):
    with pytest.raises(ConfigError) as caught:
        load_settings(**overrides)
    message = caught.value.message
    assert message.startswith("invalid configuration")
    assert fragment in message
    assert "\n" not in message and "Traceback" not in message


def test_cli_reports_a_bad_setting_without_a_traceback(monkeypatch):
    from typer.testing import CliRunner

    from coach import cli
    from coach.settings import get_settings

    monkeypatch.setenv("COACH_TRANSPORT", "twilio")
    monkeypatch.delenv("TWILIO_ACCOUNT_SID", raising=False)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli.app, ["db", "upgrade"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "COACH_TRANSPORT=twilio needs TWILIO_ACCOUNT_SID" in result.output
    assert "Traceback" not in result.output


def test_clinic_hours_are_parsed_into_openings():
    settings = load_settings(clinic_hours="Mon-Fri 08:00-17:00, Sat 09:00-12:00")
    days = sorted({o.weekday for o in settings.clinic_openings})
    assert days == [0, 1, 2, 3, 4, 5]


def test_api_docs_can_be_turned_off(monkeypatch):
    from fastapi.testclient import TestClient

    from coach.main import create_app
    from coach.settings import get_settings

    monkeypatch.setenv("COACH_API_DOCS", "false")
    get_settings.cache_clear()
    try:
        client = TestClient(create_app())
        assert client.get("/docs").status_code == 404
        assert client.get("/openapi.json").status_code == 404
    finally:
        monkeypatch.delenv("COACH_API_DOCS")
        get_settings.cache_clear()
    assert TestClient(create_app()).get("/openapi.json").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///coach.db",
        "sqlite://",
        "postgresql://coach@db.example/coach",
        "postgres://coach:pw@db.example:5433/coach?sslmode=require",
        "postgresql+psycopg://coach@db.example/coach",
    ],
)
def test_supported_database_urls_are_accepted(url):
    assert load_settings(database_url=url).database_url == url
