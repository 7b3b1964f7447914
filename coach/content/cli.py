"""`coach content ...`: check, list and preview the content library and programmes."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from coach.content.library import Library
from coach.content.loader import check_library, load_library
from coach.content.models import ContentError
from coach.content.preview import preview as build_preview

app = typer.Typer(help="Check, list and preview message content and programmes.")

ContentDir = typer.Option(None, "--content-dir", help="Content folder (default: content/).")
SchedulesDir = typer.Option(None, "--schedules-dir", help="Programme folder (default: schedules/).")


@app.command()
def check(content_dir: Path | None = ContentDir, schedules_dir: Path | None = SchedulesDir) -> None:
    """Validate every content and programme file; exit 1 if anything is wrong."""
    problems = check_library(content_dir, schedules_dir)
    if problems:
        for problem in problems:
            typer.echo(f"{problem.file}: {problem.key}: {problem.message}")
        typer.echo(f"{len(problems)} problem(s) found.")
        raise typer.Exit(code=1)
    library = load_library(content_dir, schedules_dir)
    langs = Counter(t.language for t in library.iter_templates())
    per_lang = ", ".join(f"{lang} {n}" for lang, n in sorted(langs.items()))
    typer.echo(
        f"OK: {sum(langs.values())} templates ({per_lang}), "
        f"{len(library.exercises('en'))} exercises, {len(library.programs)} programmes."
    )


@app.command("list")
def list_templates(
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
    content_dir: Path | None = ContentDir,
    schedules_dir: Path | None = SchedulesDir,
) -> None:
    """List every template in every language and channel."""
    library = _load(content_dir, schedules_dir)
    for tpl in library.iter_templates():
        if as_json:
            row = dataclasses.asdict(tpl)
            typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            typer.echo(f"{tpl.id:28} {tpl.kind:12} {tpl.language} {tpl.channel:5} {tpl.text}")


@app.command()
def preview(
    program: str = typer.Option(..., "--program", help="Programme id, e.g. neck-4wk."),
    days: int = typer.Option(7, "--days", min=1, max=366, help="How many days to show."),
    tz: str = typer.Option(..., "--tz", help="IANA time zone, e.g. America/Chicago."),
    language: str = typer.Option("en", "--language", help="en or es."),
    start: str | None = typer.Option(None, "--start", help="First day, YYYY-MM-DD."),
    content_dir: Path | None = ContentDir,
    schedules_dir: Path | None = SchedulesDir,
) -> None:
    """Show what a new patient would receive, day by day, in local time."""
    library = _load(content_dir, schedules_dir)
    if program not in library.programs:
        known = ", ".join(sorted(library.programs))
        raise typer.BadParameter(f"unknown programme {program!r} (known: {known})")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise typer.BadParameter(f"unknown time zone {tz!r}") from None
    try:
        first = date.fromisoformat(start) if start else date.today()
    except ValueError:
        raise typer.BadParameter(f"--start must be YYYY-MM-DD, got {start!r}") from None
    result = build_preview(
        library,
        program,
        days=days,
        tz=tz,
        language=language,
        start=first,
        values=_clinic_values(),
    )
    typer.echo(f"Programme {program} ({library.program(program).name}), {tz}, {language}")
    for day in result:
        typer.echo(f"\nDay {day.day_number} - {day.date:%a %Y-%m-%d}")
        if not day.messages:
            typer.echo("  (nothing)")
        for msg in day.messages:
            zone = msg.utc.astimezone(ZoneInfo(tz)).tzname()
            typer.echo(f"  {msg.local_time:%H:%M} {zone} [{msg.kind}: {msg.template_id}]")
            typer.echo(f"    {msg.text}")


def _clinic_values() -> dict[str, str]:
    """The configured clinic's name and phone (COACH_CLINIC_NAME, COACH_CLINIC_PHONE)."""
    from coach.errors import ConfigError
    from coach.settings import get_settings

    try:
        settings = get_settings()
    except ConfigError as exc:
        typer.echo(f"coach: {exc.message}", err=True)
        raise typer.Exit(2) from None
    return {"clinic_name": settings.clinic_name, "clinic_phone": settings.clinic_phone}


def _load(content_dir: Path | None, schedules_dir: Path | None) -> Library:
    try:
        return load_library(content_dir, schedules_dir)
    except ContentError as exc:
        typer.echo(str(exc))
        raise typer.Exit(code=1) from None
