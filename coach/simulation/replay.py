"""`coach simulate --weeks N --profile NAME`: replay programmes and print the timeline."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from coach.content.library import Library
from coach.errors import InvalidInput
from coach.settings import Settings
from coach.simulation import checks, engine, timeline
from coach.simulation.profiles import PROFILES, Profile, by_key

START_AT = time(14, 0)  # UTC: morning in the Americas, afternoon in Europe, night in NZ
MAX_WEEKS = 12


def next_monday(today: date) -> date:
    """The Monday after `today` (a week on when today is a Monday)."""
    return today + timedelta(days=7 - today.weekday())


def choose(names: Sequence[str]) -> list[Profile]:
    """The profiles named (or every one for "all" or none); InvalidInput for unknown ones."""
    if not names or "all" in names:
        return list(PROFILES)
    chosen = []
    for name in names:
        try:
            chosen.append(by_key(name))
        except KeyError as exc:
            raise InvalidInput(str(exc.args[0]), field="profile") from None
    return chosen


def replay(
    *,
    library: Library,
    settings: Settings,
    weeks: int,
    profiles: Sequence[Profile],
    start: date,
    echo: Callable[[str], None],
) -> list[str]:
    """Run, print the timeline and the checks; returns the problems found."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise InvalidInput(f"--weeks must be 1 to {MAX_WEEKS}", field="weeks")
    with tempfile.TemporaryDirectory(prefix="coach-sim-") as workdir:
        result = engine.run(
            profiles=profiles,
            weeks=weeks,
            start=datetime.combine(start, START_AT, tzinfo=UTC),
            library=library,
            settings=settings,
            workdir=Path(workdir),
        )
        for line in timeline.lines(result):
            echo(line)
        problems = checks.check(result, library)
        result.engine.dispose()
    if problems:
        echo(f"checks: {len(problems)} problem(s)")
        for problem in problems:
            echo(f"  - {problem}")
    else:
        echo(
            "checks: OK (quiet hours, caps, channel consent, nothing after the end, "
            "every red-flag category alerted, no feedback twice in a row)"
        )
    return problems
