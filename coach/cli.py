"""The `coach` command line."""

from __future__ import annotations

import logging
import sys
from typing import Annotated, Any

import typer

from coach import __version__
from coach.content.cli import app as content_app
from coach.errors import CoachError, ConfigError
from coach.patients.cli import app as patients_app
from coach.replies.cli import app as replies_app
from coach.settings import Settings, get_settings


class _Coach(typer.Typer):
    """The root command: a database that is away or not migrated is one line, whatever
    command met it (not a traceback)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line."""
        from sqlalchemy.exc import OperationalError, ProgrammingError

        try:
            return super().__call__(*args, **kwargs)
        except (OperationalError, ProgrammingError):
            from coach import migrate
            from coach.db import get_engine

            problem, message = migrate.check(get_engine())
            if problem is None:
                raise
            typer.echo(f"coach: {message}", err=True)
            raise SystemExit(1) from None


app = _Coach(
    help="Neck Coach: an SMS and voice coach for neck pain, run by a clinic.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    # Plain help: typer's rich panel shows every flag as `--voice <bool>`.
    rich_markup_mode=None,
)
db_app = typer.Typer(help="Database schema commands.", no_args_is_help=True)
clinicians_app = typer.Typer(help="Manage clinicians and their API keys.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(clinicians_app, name="clinicians")
app.add_typer(patients_app, name="patients")
app.add_typer(content_app, name="content")
app.add_typer(replies_app, name="replies")


def _settings() -> Settings:
    try:
        return get_settings()
    except ConfigError as exc:
        typer.echo(f"coach: {exc.message}", err=True)
        raise typer.Exit(2) from None


def _fail(exc: CoachError) -> typer.Exit:
    typer.echo(f"coach: {exc.message}", err=True)
    return typer.Exit(1)


def _warn_demo_clinic(settings: Settings) -> None:
    if settings.demo_clinic:
        logging.getLogger("coach").warning(
            "texts name %r with phone %r: set COACH_CLINIC_NAME and COACH_CLINIC_PHONE",
            settings.clinic_name,
            settings.clinic_phone,
        )


def _require_database() -> None:
    """Exit 1 with one line unless the database answers and is migrated to head."""
    from coach import migrate
    from coach.db import get_engine

    problem, message = migrate.check(get_engine())
    if problem is not None:
        typer.echo(f"coach: {message}", err=True)
        raise typer.Exit(1)


def _configure_logging(level: str = "INFO") -> None:
    # Redacts phone numbers, API keys and the auth token; the twilio library (which logs
    # request bodies at INFO) is raised to WARNING. See coach/logging.py.
    from coach.logging import configure

    settings = get_settings()
    configure(level, secrets=settings.secrets)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coach {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Neck Coach: an SMS and voice coach for neck pain, run by a clinic."""


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Option("head", help="Target revision.")) -> None:
    """Apply database migrations (Alembic) up to the newest schema."""
    from sqlalchemy.exc import SQLAlchemyError

    from coach import migrate
    from coach.db import make_engine

    settings = _settings()
    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            before = migrate.current_revision(connection)
        migrate.upgrade(settings.database_url, revision)
        with engine.connect() as connection:
            after = migrate.current_revision(connection)
    except (SQLAlchemyError, OSError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        typer.echo(f"coach: cannot migrate the database at DATABASE_URL: {reason}", err=True)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    if before == after:
        typer.echo(f"database already at revision {after}: nothing to do")
    else:
        typer.echo(f"database upgraded from revision {before or '(empty)'} to {after}")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int | None = typer.Option(None, help="Port (default: the PORT setting, 8000)."),
    worker: bool = typer.Option(True, help="Also run the scheduler worker in this process."),
) -> None:
    """Run the API and the worker together on one machine (the embedded default)."""
    import uvicorn

    from coach import migrate
    from coach.worker import build_scheduler

    settings = _settings()
    if not settings.is_sqlite:
        _require_database()
    _configure_logging()
    log = logging.getLogger("coach.serve")
    if settings.is_sqlite:
        _migrate_sqlite(settings.database_url, migrate)
        _require_database()
    log.info("database: %s", "SQLite file" if settings.is_sqlite else "server")
    log.info("transport: %s", settings.transport_name)
    _warn_demo_clinic(settings)
    scheduler = None
    if worker:
        scheduler = build_scheduler(settings, background=True)
        scheduler.start()
        log.info("worker: scheduler started in this process")
    try:
        # log_config=None: uvicorn's loggers go through our redacting handler; no access
        # log (its lines carry client addresses and query strings).
        uvicorn.run(
            "coach.main:app",
            host=host,
            port=port or settings.port,
            log_level="info",
            log_config=None,
            access_log=False,
        )
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=True)


def _migrate_sqlite(url: str, migrate: Any) -> None:
    """`coach serve` on SQLite brings the file to head itself; a failure is one line."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        migrate.upgrade(url)
    except (SQLAlchemyError, OSError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        typer.echo(f"coach: cannot open the SQLite database at DATABASE_URL: {reason}", err=True)
        raise typer.Exit(1) from None


@app.command("worker")
def worker_command() -> None:
    """Run the scheduler worker: plan, dispatch, sweep and reconcile jobs."""
    from coach.worker import run_worker

    settings = _settings()
    _require_database()
    _configure_logging()
    _warn_demo_clinic(settings)
    run_worker(settings)


@app.command("plan")
def plan_command(
    everyone: bool = typer.Option(
        False, "--all", help="Re-plan every active patient (after a content or programme change)."
    ),
    processes: int | None = typer.Option(
        None,
        "--processes",
        min=1,
        max=32,
        help="Split a big run over this many processes, one core each (PostgreSQL only; "
        "default: the COACH_PLAN_PROCESSES setting, 1).",
    ),
) -> None:
    """Plan the next 48 hours now: the patients whose plan runs short, or --all."""
    from coach.content.loader import get_library
    from coach.db import session_scope, utcnow
    from coach.scheduling import planner

    settings = _settings()
    count = processes or settings.plan_processes
    if count > 1 and settings.is_sqlite:
        typer.echo(
            f"coach: --processes {count} needs PostgreSQL: SQLite takes one writer at a time "
            "(plan without --processes)",
            err=True,
        )
        raise typer.Exit(2)
    try:
        with session_scope() as session:
            added = planner.plan(
                session=session,
                library=get_library(),
                now=utcnow(),
                everyone=everyone,
                processes=count,
            )
    except CoachError as exc:
        raise _fail(exc) from None
    typer.echo(f"planned {added} message(s)")


@clinicians_app.command("create")
def clinicians_create(
    name: str = typer.Option(..., help="The clinician's name."),
    email: str = typer.Option(..., help="The clinician's email (unique)."),
    admin: bool = typer.Option(False, "--admin", help="May see every clinician's patients."),
    invite: bool = typer.Option(
        False, "--invite", help="Also print a one-time link (72 h) to set a dashboard password."
    ),
) -> None:
    """Create a clinician and print their API key once (only its hash is kept)."""
    from coach.clinicians import service
    from coach.dashboard import accounts
    from coach.db import session_scope, utcnow

    settings = _settings()
    _require_database()
    link = None
    try:
        with session_scope() as session:
            clinician, key = service.create_clinician(
                session=session, name=name, email=email, admin=admin, now=utcnow()
            )
            if invite:
                token = accounts.create_invite(session=session, clinician=clinician, now=utcnow())
                link = f"{settings.public_url.rstrip('/')}/app/invite/{token}"
    except CoachError as exc:
        raise _fail(exc) from None
    typer.echo(f"created {clinician.role} {clinician.email} (id {clinician.id})")
    if link:
        typer.echo(f"dashboard invitation (one use, valid 72 hours): {link}")
    typer.echo("API key (shown once; store it now):", err=True)
    typer.echo(key)


@clinicians_app.command("invite")
def clinicians_invite(
    email: str = typer.Argument(..., help="The clinician's email."),
    reset_two_step: bool = typer.Option(
        False, "--reset-two-step", help="Also turn two-step sign-in off (a lost phone)."
    ),
) -> None:
    """Print a new one-time link (72 h) to set a dashboard password; older links stop working."""
    from coach.clinicians import service
    from coach.dashboard import accounts
    from coach.db import session_scope, utcnow

    settings = _settings()
    _require_database()
    try:
        with session_scope() as session:
            clinician = service.clinician_by_email(session=session, email=email)
            token = accounts.reinvite(
                session=session, clinician=clinician, now=utcnow(), reset_two_step=reset_two_step
            )
    except CoachError as exc:
        raise _fail(exc) from None
    if reset_two_step:
        typer.echo(f"two-step sign-in is off for {clinician.email}; every session ended")
    link = f"{settings.public_url.rstrip('/')}/app/invite/{token}"
    typer.echo(f"dashboard invitation (one use, valid 72 hours): {link}")


@clinicians_app.command("list")
def clinicians_list() -> None:
    """List clinicians with their role, key prefix and whether they are disabled."""
    from coach.clinicians import service
    from coach.db import session_scope

    _settings()
    _require_database()
    with session_scope() as session:
        for c in service.list_clinicians(session=session):
            state = "disabled" if c.disabled_at else "active"
            typer.echo(f"{c.id}\t{c.email}\t{c.name}\t{c.role}\t{c.key_prefix}…\t{state}")


@clinicians_app.command("disable")
def clinicians_disable(email: str = typer.Argument(..., help="The clinician's email.")) -> None:
    """Disable a clinician's API key and end their dashboard sessions at once."""
    from coach.clinicians import service
    from coach.dashboard import accounts
    from coach.db import session_scope, utcnow

    _settings()
    _require_database()
    try:
        with session_scope() as session:
            clinician = service.disable_clinician(session=session, email=email, now=utcnow())
            # Now, not at their next use: a later rotate-key re-enables the clinician.
            assert clinician.id is not None
            accounts.revoke_all(session=session, clinician_id=clinician.id)
    except CoachError as exc:
        raise _fail(exc) from None
    typer.echo(f"disabled {email}")


@clinicians_app.command("rotate-key")
def clinicians_rotate_key(email: str = typer.Argument(..., help="The clinician's email.")) -> None:
    """Issue a new API key for a clinician (the old one stops working); prints it once."""
    from coach.clinicians import service
    from coach.db import session_scope

    _settings()
    _require_database()
    try:
        with session_scope() as session:
            _, key = service.rotate_key(session=session, email=email)
    except CoachError as exc:
        raise _fail(exc) from None
    typer.echo(f"new API key for {email} (shown once; store it now):", err=True)
    typer.echo(key)


@app.command()
def simulate(
    phone: str | None = typer.Option(
        None, help="The enrolled patient's phone, in any common format."
    ),
    voice: bool = typer.Option(False, "--voice", help="Call the phone menu; answer by keypad."),
    weeks: int | None = typer.Option(
        None, help="Replay whole programmes for this many weeks instead (no --phone)."
    ),
    profile: list[str] = typer.Option(
        [], help="With --weeks: a profile to replay (repeat it; default all)."
    ),
    start: str | None = typer.Option(None, help="With --weeks: start date (default next Monday)."),
) -> None:
    """Chat as an enrolled patient, or replay whole programmes with --weeks."""
    if weeks is not None:
        _replay(weeks, profile, start)
        return
    if phone is None:
        typer.echo(
            "coach: give --phone (chat as a patient) or --weeks (replay programmes)", err=True
        )
        raise typer.Exit(2)
    from coach.content.loader import get_library
    from coach.patients.phone import normalise
    from coach.replies.simulate import chat

    settings = _settings()
    typed = phone
    try:
        phone = normalise(phone, region=settings.default_region)
    except CoachError as exc:
        raise _fail(exc) from None
    _require_database()
    if voice:
        from coach.voice.simulate import call

        if sys.stdin.isatty():
            typer.echo(f"Calling as {phone}. Type digits and press Enter; Ctrl-D hangs up.")
        try:
            call(
                library=get_library(),
                settings=settings,
                phone=phone,
                lines=sys.stdin,
                echo=typer.echo,
            )
        except CoachError as exc:
            raise _fail(exc) from None
        return
    _require_enrolled(phone, typed)  # (a call from a stranger is a case to try: voice only)
    if sys.stdin.isatty():
        typer.echo(f"Texting as {phone}. Type a reply and press Enter; Ctrl-D to end.")
    try:
        chat(
            library=get_library(), settings=settings, phone=phone, lines=sys.stdin, echo=typer.echo
        )
    except CoachError as exc:
        raise _fail(exc) from None


def _require_enrolled(phone: str, typed: str) -> None:
    """Exit 1 saying so when no patient has this (valid) number."""
    from sqlmodel import select

    from coach.db import session_scope
    from coach.patients.models import Patient

    with session_scope() as session:
        found = session.exec(select(Patient.id).where(Patient.phone == phone)).first()
    if found is None:
        typer.echo(
            f"coach: no patient with phone {phone}"
            + (f" (typed as {typed.strip()})" if typed.strip() != phone else "")
            + ": enroll one first "
            "(POST /v1/patients or `coach patients import`)",
            err=True,
        )
        raise typer.Exit(1)


def _replay(weeks: int, profiles: list[str], start: str | None) -> None:
    """`coach simulate --weeks`: a temporary database, the real services, a timeline."""
    from datetime import date

    from coach.content.loader import get_library
    from coach.db import utcnow
    from coach.simulation import replay

    settings = _settings()
    try:
        first = date.fromisoformat(start) if start else replay.next_monday(utcnow().date())
    except ValueError:
        typer.echo(f"coach: --start {start!r} is not a date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None
    try:
        chosen = replay.choose(profiles)
        problems = replay.replay(
            library=get_library(),
            settings=settings,
            weeks=weeks,
            profiles=chosen,
            start=first,
            echo=typer.echo,
        )
    except CoachError as exc:
        raise _fail(exc) from None
    if problems:
        raise typer.Exit(1)


@app.command()
def inbox(
    email: str = typer.Option(..., help="Your clinician email: you see and reply as yourself."),
) -> None:
    """The clinic inbox in the terminal: open conversations, read a thread, reply by SMS."""
    from sqlmodel import Session

    from coach.content.loader import get_library
    from coach.conversations.terminal import run
    from coach.db import get_engine, utcnow

    settings = _settings()
    if sys.stdin.isatty():
        typer.echo("Type a number to open a conversation, then a reply and Enter (/quit ends).")
    try:
        run(
            sessions=lambda: Session(get_engine(), expire_on_commit=False),
            library=get_library(),
            settings=settings,
            email=email,
            lines=sys.stdin,
            echo=typer.echo,
            clock=utcnow,
        )
    except CoachError as exc:
        raise _fail(exc) from None
