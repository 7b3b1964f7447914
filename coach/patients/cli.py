"""`coach patients …`: bulk enrollment from a CSV file, with a progress bar."""

from __future__ import annotations

from pathlib import Path

import typer

from coach.errors import CoachError, ConfigError

app = typer.Typer(help="Enroll patients in bulk; show a patient's schedule.", no_args_is_help=True)


@app.command("import")
def import_file(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, readable=True, help="A UTF-8 CSV with a header row."
    ),
    clinician: str | None = typer.Option(
        None,
        "--clinician",
        help="Email of the clinician who will own the patients (default: the only clinician).",
    ),
) -> None:
    """Enroll every valid row of FILE, 1,000 rows a transaction; report the others by row
    number (exit 1 if any).

    Columns (header row, any order, any case): phone, language (en|es), channel
    (sms|voice), program (e.g. neck-4wk), consent_given_at (ISO time with offset) and
    consent_method are required; first_name, timezone (IANA), start_date (YYYY-MM-DD),
    quiet_start and quiet_end ("HH:MM") and alert_phone are optional.
    """
    from sqlmodel import Session

    from coach.content.loader import get_library
    from coach.db import get_engine, session_scope, utcnow
    from coach.patients import import_jobs, importer
    from coach.patients.schemas import ImportOut
    from coach.settings import get_settings

    try:
        settings = get_settings()
        library = get_library()
    except ConfigError as exc:
        typer.echo(f"coach: {exc.message}", err=True)
        raise typer.Exit(2) from None
    try:
        with session_scope() as session:
            owner = importer.owner_by_email(session=session, email=clinician)
            assert owner.id is not None
        with file.open("rb") as raw:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: raw.read(1 << 20), b""))
        with (
            file.open("rb") as stream,
            typer.progressbar(length=max(lines - 1, 1), label="Importing rows", file=None) as bar,
        ):
            done = 0

            def advance(_totals: ImportOut, processed: int) -> None:
                nonlocal done
                bar.update(processed - done)
                done = processed

            result = import_jobs.import_in_chunks(
                session_for=lambda: Session(get_engine(), expire_on_commit=False),
                actor_id=owner.id,
                rows=importer.iter_csv(stream),
                settings=settings,
                library=library,
                now=utcnow(),
                progress=advance,
            )
    except CoachError as exc:
        typer.echo(f"coach: {exc.message}", err=True)
        raise typer.Exit(1) from None
    for error in result.errors:
        where = f" [{error.field}]" if error.field else ""
        typer.echo(f"row {error.row}{where}: {error.message}", err=True)
    typer.echo(
        f"enrolled {result.enrolled}, unchanged {result.unchanged}, errors {len(result.errors)}"
    )
    if result.errors:
        raise typer.Exit(1)


@app.command("schedule")
def schedule_command(
    patient_id: int = typer.Argument(..., min=1, help="The patient's id."),
    days: int = typer.Option(7, "--days", min=1, max=31, help="How many days ahead."),
) -> None:
    """Print a patient's planned texts and calls, at their local time, as a table."""
    from coach.db import session_scope, utcnow
    from coach.patients import schedule
    from coach.patients.models import Patient
    from coach.settings import get_settings

    try:
        get_settings()
    except ConfigError as exc:
        typer.echo(f"coach: {exc.message}", err=True)
        raise typer.Exit(2) from None
    with session_scope() as session:
        patient = session.get(Patient, patient_id)
        if patient is None:
            typer.echo(f"coach: no patient {patient_id}", err=True)
            raise typer.Exit(1)
        result = schedule.schedule(session=session, patient=patient, now=utcnow(), days=days)
    typer.echo(
        f"Patient {patient_id}, {result.timezone}: {len(result.items)} in the next {days} day(s)"
    )
    if not result.items:
        typer.echo("(nothing planned: the worker plans 48 hours ahead every 15 minutes)")
        return
    for line in schedule.table(result):
        typer.echo(line)
