"""Run Alembic migrations programmatically (no alembic.ini needed)."""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at our migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` up to `revision`."""
    command.upgrade(alembic_config(url), revision)


@functools.cache
def current_head() -> str:
    """The newest revision id shipped with this code."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


UNREACHABLE = "unreachable"
PENDING = "migrations pending"


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (None when it was never migrated)."""
    from alembic.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def schema_problem(engine: Engine) -> str | None:
    """None when the database answers and is at head; else UNREACHABLE or PENDING."""
    return check(engine)[0]


def check(engine: Engine) -> tuple[str | None, str]:
    """(None, "") when the database answers and is at head; else the problem and one line
    saying what is wrong and what to do about it."""
    try:
        with engine.connect() as connection:
            at = current_revision(connection)
    except (SQLAlchemyError, OSError) as exc:
        lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        reason = f" ({lines[0]})" if lines else ""
        return UNREACHABLE, (
            f"cannot connect to the database at DATABASE_URL{reason}: "
            "check the setting and that the server is up"
        )
    if at == current_head():
        return None, ""
    return PENDING, "database at DATABASE_URL is not migrated: run `coach db upgrade`"
