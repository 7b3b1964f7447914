"""The parser's vocabulary: what a reply means (Intent) and which red flags it raises."""

from __future__ import annotations

from enum import StrEnum


class Intent(StrEnum):
    """What the patient wants from one reply."""

    pain_report = "pain_report"
    opt_out = "opt_out"
    opt_in = "opt_in"
    help = "help"
    exercise_done = "exercise_done"
    exercise_skip = "exercise_skip"
    pause = "pause"
    resume = "resume"
    wrong_number = "wrong_number"
    question = "question"
    fewer = "fewer"  # FEWER / MENOS: fewer texts besides the check-in
    more = "more"  # MORE / MAS: the usual number of texts again
    checkin_time = "checkin_time"  # TIME 8pm / HORA 20: a preferred check-in time
    other = "other"


class RedFlag(StrEnum):
    """Red-flag symptom groups from CLINICAL.md (each one escalates)."""

    neuro = "neuro"
    bladder_bowel = "bladder_bowel"
    electric_shock = "electric_shock"
    infection = "infection"
    airway = "airway"
    trauma = "trauma"
    vascular = "vascular"
    cardiac = "cardiac"
    systemic = "systemic"
    self_harm = "self_harm"
    dizziness = "dizziness"  # dizzy, light-headed, blurred vision: neurological, not stroke-like
    swallowing = "swallowing"  # trouble swallowing without trouble breathing
    lump = "lump"  # a new lump or swelling in the neck
