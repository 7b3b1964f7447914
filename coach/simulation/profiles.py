"""The patient profiles a programme is replayed for: who they are and how they behave.

Each profile is a patient (phone, zone, language, channel, programme) and a script: how they
answer check-ins (a score by programme day, or silence), texts they send at set local times,
and what their clinician does (unenroll). Scores and words are ours, chosen to exercise the
rules: improvement, high pain, red flags minutes apart, opt-out, silence across DST.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time


@dataclass(frozen=True)
class Scripted:
    """Something that happens on a programme day at a local time."""

    day: int  # programme day, 1 = the start date
    at: time
    text: str = ""  # an SMS the patient sends
    action: str = ""  # or a clinician action: "unenroll"


@dataclass(frozen=True)
class Profile:
    """A patient and how they behave."""

    key: str
    label: str
    phone: str
    timezone: str
    language: str = "en"
    channel: str = "sms"
    program: str = "neck-4wk"
    quiet_hours: tuple[str, str] | None = None
    sms_consent: bool = False
    # The answer to a check-in on a programme day (a text, or keypad digits on a call);
    # None: no answer.
    answer: Callable[[int], str | None] = lambda _day: None
    scripted: tuple[Scripted, ...] = field(default_factory=tuple)


def _improving(day: int) -> str | None:
    if day % 9 == 0:
        return None  # a missed day now and then
    score = max(2, 6 - day // 6)
    return ("about a {}", "{}", "{} today", "{}/10", "prob a {}")[day % 5].format(score)


def _spanish_acute(day: int) -> str | None:
    scores = [8, 8, 7, 7, 6, 6, 5, 5, 4, 4, 4, 3, 3, 3]
    score = scores[(day - 1) % len(scores)]
    return ("{}", "hoy un {}", "un {} mas o menos", "dolor {}")[day % 4].format(score)


def _desk(day: int) -> str | None:
    if day in (3, 4, 5):
        return "8"  # three high days in a row: "see your clinician" and an alert
    return None if day % 4 == 0 else str(max(2, 5 - day // 8))


def _voice(day: int) -> str | None:
    return None if day % 3 == 0 else str(max(1, 5 - day // 7))


PROFILES: tuple[Profile, ...] = (
    Profile(
        key="new-york",
        label="New York, default programme, replies most days and improves",
        phone="+12125550101",
        timezone="America/New_York",
        answer=_improving,
        scripted=(
            Scripted(2, time(12, 40), "done"),
            Scripted(9, time(12, 45), "skipped it today"),
        ),
    ),
    Profile(
        key="madrid",
        label="Madrid, Spanish, acute 2 weeks, quiet hours 22:00-09:00",
        phone="+34612345678",
        timezone="Europe/Madrid",
        language="es",
        program="acute-spasm-2wk",
        quiet_hours=("22:00", "09:00"),
        answer=_spanish_acute,
    ),
    Profile(
        key="auckland",
        label="Auckland, across the DST change, never replies",
        phone="+6421555012",
        timezone="Pacific/Auckland",
    ),
    Profile(
        key="chicago",
        label="Chicago desk worker: high pain, then red flags minutes apart",
        phone="+13125550102",
        timezone="America/Chicago",
        program="desk-worker-4wk",
        answer=_desk,
        scripted=(
            Scripted(12, time(9, 0), "chest pressure going up into my jaw"),
            Scripted(12, time(9, 15), "and now my speech is slurred"),
            Scripted(12, time(9, 30), "honestly i want to end it all"),
            Scripted(12, time(9, 45), "i cant breathe properly"),
        ),
    ),
    Profile(
        key="los-angeles",
        label="Los Angeles, voice calls only (no SMS consent)",
        phone="+13105550103",
        timezone="America/Los_Angeles",
        channel="voice",
        answer=_voice,
    ),
    Profile(
        key="opt-out",
        label="Boston, asks to stop on day 5",
        phone="+16175550104",
        timezone="America/New_York",
        answer=lambda day: "4" if day < 5 else None,
        scripted=(Scripted(5, time(10, 0), "please stop texting me"),),
    ),
    Profile(
        key="unenrolled",
        label="Denver, unenrolled by the clinician on day 10",
        phone="+17205550105",
        timezone="America/Denver",
        answer=lambda _day: "5",
        scripted=(Scripted(10, time(11, 0), action="unenroll"),),
    ),
)


def by_key(key: str) -> Profile:
    """The profile called `key`; KeyError naming the known ones."""
    for profile in PROFILES:
        if profile.key == key:
            return profile
    known = ", ".join(p.key for p in PROFILES)
    raise KeyError(f"no profile {key!r} (known: {known})")
