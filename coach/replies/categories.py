"""Red-flag categories (CLINICAL.md): each has its own urgency, safety text and alert.

A reply's red flags (`RedFlag`, one per symptom group the rules know) fall into categories.
Alerts are deduplicated within a category and never across categories, so a cardiac message
an hour after a numbness message is a new alert; self-harm and airway always alert.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from coach.replies.labels import RedFlag


class Urgency(IntEnum):
    """How soon the patient should get help (higher is sooner)."""

    soon = 1  # see a clinician within days
    today = 2  # see a clinician or urgent care today
    now = 3  # call the emergency number now


class Category(StrEnum):
    """A red-flag category; its value is stored as the alert's category."""

    self_harm = "self_harm"
    airway = "airway"
    cardiac = "cardiac"
    stroke = "stroke"
    infection = "infection"
    neurological = "neurological"
    trauma = "trauma"
    serious_illness = "serious_illness"
    swallowing_lump = "swallowing_lump"
    unspecified = "unspecified"  # a caller pressed "today" on the phone without saying what


@dataclass(frozen=True)
class Spec:
    """How a category is handled."""

    urgency: Urgency
    label: str  # clinician-facing, short, no patient detail
    always_alert: bool = False  # never deduplicated


SPECS: dict[Category, Spec] = {
    Category.self_harm: Spec(Urgency.now, "self-harm statement", always_alert=True),
    Category.airway: Spec(Urgency.now, "breathing or airway", always_alert=True),
    Category.cardiac: Spec(Urgency.now, "possible cardiac symptoms"),
    Category.stroke: Spec(Urgency.now, "stroke-like or arterial signs"),
    Category.infection: Spec(Urgency.today, "possible infection signs"),
    Category.neurological: Spec(Urgency.today, "neurological symptoms"),
    Category.trauma: Spec(Urgency.today, "recent injury"),
    Category.serious_illness: Spec(Urgency.soon, "possible serious illness signs"),
    Category.swallowing_lump: Spec(Urgency.soon, "swallowing trouble or a new lump"),
    Category.unspecified: Spec(Urgency.today, "red flag reported by keypad"),
}

_OF_FLAG: dict[RedFlag, Category] = {
    RedFlag.self_harm: Category.self_harm,
    RedFlag.airway: Category.airway,
    RedFlag.cardiac: Category.cardiac,
    RedFlag.vascular: Category.stroke,
    RedFlag.infection: Category.infection,
    RedFlag.neuro: Category.neurological,
    RedFlag.bladder_bowel: Category.neurological,
    RedFlag.electric_shock: Category.neurological,
    RedFlag.dizziness: Category.neurological,
    RedFlag.trauma: Category.trauma,
    RedFlag.systemic: Category.serious_illness,
    RedFlag.swallowing: Category.swallowing_lump,
    RedFlag.lump: Category.swallowing_lump,
}

# Most urgent first; self-harm leads because its reply names the crisis line too.
ORDER: tuple[Category, ...] = tuple(Category)


def categories(flags: Iterable[RedFlag]) -> tuple[Category, ...]:
    """The categories of a reply's red flags, most urgent first.

    Swallowing trouble together with a swelling is an airway emergency (CLINICAL.md); on its
    own each is "see a clinician soon".
    """
    found = set(flags)
    cats = {_OF_FLAG[flag] for flag in found}
    if RedFlag.swallowing in found and RedFlag.lump in found:
        cats.add(Category.airway)
    if Category.airway in cats:
        cats.discard(Category.swallowing_lump)
    return tuple(sorted(cats, key=_rank))


def _rank(category: Category) -> tuple[int, int]:
    return (-SPECS[category].urgency, ORDER.index(category))


def template_id(category: Category) -> str:
    """The content id of the category's safety reply."""
    return "safety.red_flag" if category is Category.unspecified else f"safety.{category.value}"


def reason(category: Category) -> str:
    """The alert's reason for a category: what it is and how urgent, no patient detail."""
    spec = SPECS[category]
    return f"red flag: {spec.label} ({category.value}, {spec.urgency.name})"
