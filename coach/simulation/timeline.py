"""A run as a readable timeline: one line per event, in each patient's local time."""

from __future__ import annotations

from collections.abc import Iterator

from coach.scheduling.localtime import local_now
from coach.simulation.engine import Result

_ARROWS = {
    "sent": "->",
    "call": "->",
    "coach": "  ",
    "patient": "<-",
    "alert": "!!",
    "clinician": "=>",
}


def lines(result: Result, *, width: int = 110) -> Iterator[str]:
    """The timeline of each profile in turn, with a heading per profile."""
    for profile in result.profiles:
        yield f"== {profile.key}: {profile.label} ({profile.timezone}, {profile.program})"
        day = None
        for event in result.events:
            if event.profile != profile.key:
                continue
            local = local_now(event.at, profile.timezone)
            if local.date() != day:
                day = local.date()
                yield f"  {local:%a %d %b %Y}"
            arrow = _ARROWS.get(event.what, "  ")
            text = event.text.replace("\n", " ")
            if len(text) > width:
                text = text[: width - 3] + "..."
            yield f"    {local:%H:%M} {arrow} {event.what:<9} {text}"
        yield ""
