"""`coach patients …`: bulk enrollment from a CSV file, with a progress bar."""

from __future__ import annotations

from pathlib import Path

import typer

from coach.errors import CoachError, ConfigError

app = typer.Typer(help="Enroll patients in bulk.", no_args_is_help=True)


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
    number (exit 1 if any)."""
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
