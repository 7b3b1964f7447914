"""Cross-file checks: ids, placeholders, GSM-7, Spanish coverage, programme references."""

from __future__ import annotations

import re
from collections import Counter
from datetime import time
from typing import TYPE_CHECKING

from coach.content import gsm
from coach.content.models import (
    LANGUAGES,
    ExerciseEntry,
    Problem,
    Program,
    ProgramItem,
    TemplateEntry,
    first_day_of_rule,
)

if TYPE_CHECKING:
    from coach.content.library import Library

PATIENT_PLACEHOLDERS = frozenset(
    {"first_name", "clinic_name", "clinic_phone", "days", "score", "emergency_number",
     "crisis_line", "nonurgent_line", "time", "from_score", "to_score"}
)  # fmt: skip
# Numbers some countries do not have: a text using one needs a variant without it.
OPTIONAL_PLACEHOLDERS: tuple[str, ...] = ("crisis_line", "nonurgent_line")
# Emergency, crisis and non-urgent numbers differ by country: texts use placeholders.
_HARD_CODED_NUMBER = re.compile(r"(?<![\d+])(?:911|988|112|999|024|111)(?!\d)")
CLINICIAN_PLACEHOLDERS = frozenset({"patient_ref", "reason"})
GENTLE_TAG = "gentle"
GENTLE_MINIMUM = 3

REQUIRED_PATIENT_IDS: tuple[str, ...] = (
    "welcome", "checkin.prompt", "checkin.nudge", "feedback.first", "feedback.better",
    "feedback.same", "feedback.worse", "feedback.high_pain", "safety.red_flag",
    "safety.airway", "safety.self_harm", "safety.cardiac", "safety.stroke", "safety.infection",
    "safety.neurological", "safety.trauma", "safety.serious_illness", "safety.swallowing_lump",
    "see_clinician", "help", "optout.confirm",
    "optin.confirm", "pause.confirm", "pause.confirm_open", "resume.confirm",
    "exercise.logged", "exercise.skipped", "wrong_number.confirm", "fallback",
    "not_enrolled", "pain.recorded", "faq.heat_or_ice", "faq.how_long",
    "faq.sleep_heat_pad", "faq.which_exercise", "faq.how_many", "faq.texting",
    "faq.see_doctor", "faq.medication", "faq.posture", "faq.pillow", "faq.massage",
    "faq.stress",
    "voice.identify", "voice.identify_generic", "voice.checkin_question", "voice.invalid",
    "voice.goodbye", "voice.voicemail", "voice.red_flag_option", "voice.menu",
    "voice.unknown_caller", "voice.exercise_intro", "voice.exercise_next", "voice.stop_calls",
    "progress.week.better", "progress.week.same", "progress.week.harder", "progress.week.first",
    "progress.week.no_scores", "progress.closing", "progress.closing.no_scores",
)  # fmt: skip
REQUIRED_CLINICIAN_IDS: tuple[str, ...] = (
    "alert.red_flag", "alert.persistent", "alert.no_response", "alert.wrong_number",
    "alert.undeliverable",
)  # fmt: skip


def variant_without(template_id: str, placeholder: str) -> str:
    """The id of the variant of a template for a country without `placeholder`'s line."""
    return f"{template_id}.no_{placeholder}"


def _sms_problems(file: str, key: str, text: str, reason: str | None) -> list[Problem]:
    bad = gsm.non_gsm_chars(text)
    if bad:
        shown = " ".join(repr(c) for c in bad)
        return [Problem(file=file, key=key, message=f"characters that force UCS-2: {shown}")]
    length = gsm.septets(gsm.worst_case(text))
    limit = gsm.TWO_SEGMENTS if reason else gsm.SINGLE_SEGMENT
    if length > limit:
        what = "two segments" if reason else "one GSM-7 segment (add two_segments_reason?)"
        msg = f"{length} septets with placeholders at max length; over {what} ({limit})"
        return [Problem(file=file, key=key, message=msg)]
    return []


def _placeholder_problems(file: str, key: str, text: str, allowed: frozenset[str]) -> list[Problem]:
    try:
        names = gsm.placeholders(text)
    except ValueError as exc:
        return [Problem(file=file, key=key, message=f"bad placeholder: {exc}")]
    return [
        Problem(file=file, key=key, message=f"unknown placeholder {{{name}}}")
        for name in dict.fromkeys(names)
        if name not in allowed
    ]


def _check_template(file: str, entry: TemplateEntry) -> list[Problem]:
    out: list[Problem] = []
    allowed = CLINICIAN_PLACEHOLDERS if entry.audience == "clinician" else PATIENT_PLACEHOLDERS
    for lang in LANGUAGES:
        text = getattr(entry, lang)
        key = f"{entry.id}.{lang}"
        if text is None:
            if entry.audience == "patient" or lang == "en":
                out.append(Problem(file=file, key=key, message=f"missing {lang} text"))
            continue
        if not text.strip():
            out.append(Problem(file=file, key=key, message="empty text"))
        out += _placeholder_problems(file, key, text, allowed)
        if entry.audience == "patient" and _HARD_CODED_NUMBER.search(text):
            msg = (
                "hard-coded emergency or crisis number: use {emergency_number}, "
                "{crisis_line} or {nonurgent_line} (they depend on the patient's country)"
            )
            out.append(Problem(file=file, key=key, message=msg))
        if entry.channel == "sms" and not any(p.key == key for p in out):
            out += _sms_problems(file, key, text, entry.two_segments_reason)
    return out


def _check_exercise(file: str, ex: ExerciseEntry) -> list[Problem]:
    out: list[Problem] = []
    for lang in LANGUAGES:
        body = getattr(ex, lang)
        key = f"{ex.id}.{lang}"
        if body is None:
            out.append(Problem(file=file, key=key, message=f"missing {lang} text"))
            continue
        for i, caution in enumerate(body.cautions):
            if gsm.non_gsm_chars(caution):
                msg = "cautions may be texted: no characters that force UCS-2"
                out.append(Problem(file=file, key=f"{key}.cautions[{i}]", message=msg))
        found = _placeholder_problems(file, f"{key}.sms", body.sms, frozenset())
        out += found
        if not found:
            out += _sms_problems(file, f"{key}.sms", body.sms, ex.two_segments_reason)
    if ex.en is not None and ex.es is not None:
        shape_en = [(s.hold_seconds, s.repetitions, s.sides) for s in ex.en.steps]
        shape_es = [(s.hold_seconds, s.repetitions, s.sides) for s in ex.es.steps]
        if shape_en != shape_es:
            msg = "es steps must match en steps (count, hold_seconds, repetitions, sides)"
            out.append(Problem(file=file, key=f"{ex.id}.es.steps", message=msg))
    return out


def _day_range_problem(file: str, key: str, rng: tuple[int, int] | None) -> list[Problem]:
    if rng is not None and not 1 <= rng[0] <= rng[1]:
        return [Problem(file=file, key=f"{key}.day_range", message="must be [first, last] >= 1")]
    return []


def _uses(text: str | None, name: str) -> bool:
    try:
        return text is not None and name in gsm.placeholders(text)
    except ValueError:  # reported by the placeholder check
        return False


def _variant_problems(
    templates: list[tuple[str, TemplateEntry]], first_file: dict[str, str]
) -> list[Problem]:
    """A text naming a crisis or non-urgent line needs a variant for countries without one."""
    by_id = {e.id: e for _f, e in templates}
    out: list[Problem] = []
    for file, entry in templates:
        for name in OPTIONAL_PLACEHOLDERS:
            if not any(_uses(getattr(entry, lang), name) for lang in LANGUAGES):
                continue
            variant = by_id.get(variant_without(entry.id, name))
            if variant is None:
                msg = (
                    f"uses {{{name}}}: add a template {variant_without(entry.id, name)!r} "
                    "for countries without that line"
                )
                out.append(Problem(file=file, key=entry.id, message=msg))
            elif any(_uses(getattr(variant, lang), name) for lang in LANGUAGES):
                msg = f"is the variant without {{{name}}} but uses it"
                out.append(Problem(file=first_file[variant.id], key=variant.id, message=msg))
    return out


def check_entries(
    templates: list[tuple[str, TemplateEntry]],
    exercises: list[tuple[str, ExerciseEntry]],
    library: Library,
) -> list[Problem]:
    """Problems in the template and exercise entries (ids, texts, coverage, required ids)."""
    out: list[Problem] = []
    first_file: dict[str, str] = {}
    items: list[tuple[str, str, TemplateEntry | ExerciseEntry]] = [
        (f, e.id, e) for f, e in templates
    ]
    items += [(f, e.id, e) for f, e in exercises]
    for file, ident, entry in items:
        if ident in first_file:
            msg = f"duplicate id (first defined in {first_file[ident]})"
            out.append(Problem(file=file, key=ident, message=msg))
        else:
            first_file[ident] = file
        out += _day_range_problem(file, ident, entry.day_range)
        if isinstance(entry, TemplateEntry):
            out += _check_template(file, entry)
        else:
            out += _check_exercise(file, entry)
    exercise_ids = {e.id for _f, e in exercises}
    for file, ident, entry in items:
        for tag in entry.tags:
            if tag.startswith("exercise.") and tag not in exercise_ids:
                msg = f"tag {tag!r} names no exercise (movement tags are exercise ids)"
                out.append(Problem(file=file, key=f"{ident}.tags", message=msg))
    out += _variant_problems(templates, first_file)
    for ident in (*REQUIRED_PATIENT_IDS, *REQUIRED_CLINICIAN_IDS):
        if ident not in first_file:
            out.append(Problem(file="content/", key=ident, message="required template missing"))
    for ident in REQUIRED_CLINICIAN_IDS:
        tpl = library.template(ident, "en") if library.has_template(ident, "en") else None
        if tpl is not None and tpl.audience != "clinician":
            msg = 'must have audience = "clinician"'
            out.append(Problem(file=first_file[ident], key=ident, message=msg))
    return out


def _in_quiet(program: Program, t: time) -> bool:
    return program.quiet_hours.contains(t)


def _item_times(item: ProgramItem) -> list[time]:
    """Local times an item may go out at: `at`, or its window every 15 minutes and its end."""
    if item.at is not None:
        return [item.at]
    assert item.window_start is not None and item.window_end is not None
    first = item.window_start.hour * 60 + item.window_start.minute
    last = item.window_end.hour * 60 + item.window_end.minute - 1
    return [time(m // 60, m % 60) for m in [*range(first, last, 15), last]]


def _rule_problems(file: str, program: Program) -> list[Problem]:
    """Each enabled persistence rule must be able to fire inside the programme."""
    out: list[Problem] = []
    enabled = program.persistent.enabled or []
    for rule, count in Counter(enabled).items():
        if count > 1:
            out.append(Problem(file=file, key="persistent.enabled", message=f"{rule} twice"))
    for rule in dict.fromkeys(enabled):
        first = first_day_of_rule(rule, program.persistent)
        if first > program.total_days:
            msg = (
                f"{rule} can first fire on day {first}, after the programme's last day "
                f"({program.total_days}): leave it out of `enabled` or change its threshold"
            )
            out.append(Problem(file=file, key="persistent.enabled", message=msg))
    return out


def _check_program(file: str, program: Program, library: Library) -> list[Problem]:
    out: list[Problem] = _rule_problems(file, program)
    if program.weekly_cap < program.daily_cap:
        out.append(Problem(file=file, key="weekly_cap", message="must be >= daily_cap"))
    if _in_quiet(program, program.welcome_at):
        out.append(Problem(file=file, key="welcome_at", message="falls in quiet hours"))
    for ident, count in Counter(item.id for item in program.items).items():
        if count > 1:
            out.append(Problem(file=file, key=f"items.{ident}", message="duplicate item id"))
    for item in program.items:
        key = f"items.{item.id}"
        times = [t for t in (item.at, item.window_start) if t is not None]
        if item.window_end is not None:
            minutes = item.window_end.hour * 60 + item.window_end.minute - 1
            times.append(time(minutes // 60, minutes % 60))
        if any(_in_quiet(program, t) for t in times):
            out.append(Problem(file=file, key=key, message="time falls in quiet hours"))
        if item.days is not None and item.days[1] > program.total_days:
            msg = f"days end after the programme's last day ({program.total_days})"
            out.append(Problem(file=file, key=f"{key}.days", message=msg))
        for lang in LANGUAGES:
            pool = library.templates_of_kind(item.kind, lang, "sms")
            if not pool:
                msg = f"no {lang} content of kind {item.kind!r}"
                out.append(Problem(file=file, key=f"{key}.kind", message=msg))
                continue
            times = _item_times(item)
            if not any(all(t.valid_at(at) for at in times) for t in pool):
                msg = f"no {lang} {item.kind!r} content fits the item's time (see `times`)"
                out.append(Problem(file=file, key=f"{key}.times", message=msg))
            known_tags = {tag for t in pool for tag in t.tags}
            for tag in item.tags:
                if tag not in known_tags:
                    msg = f"tag {tag!r} is on no {item.kind!r} content"
                    out.append(Problem(file=file, key=f"{key}.tags", message=msg))
            if len(pool) < item.no_repeat_days:
                msg = f"only {len(pool)} {lang} {item.kind!r} texts for no_repeat_days"
                out.append(Problem(file=file, key=f"{key}.no_repeat_days", message=msg))
            gentle = [t for t in pool if GENTLE_TAG in t.tags]
            if item.gentle_after_high_pain and len(gentle) < GENTLE_MINIMUM:
                msg = f"needs >= {GENTLE_MINIMUM} gentle {lang} {item.kind!r} texts"
                out.append(Problem(file=file, key=f"{key}.gentle_after_high_pain", message=msg))
    return out


def check_programs(programs: list[tuple[str, Program]], library: Library) -> list[Problem]:
    """Problems in programmes: caps, quiet hours, days, kinds, tags, rotation pools."""
    out: list[Problem] = []
    seen: dict[str, str] = {}
    for file, program in programs:
        if program.id in seen:
            msg = f"duplicate programme id (first in {seen[program.id]})"
            out.append(Problem(file=file, key="id", message=msg))
        seen.setdefault(program.id, file)
        out += _check_program(file, program, library)
    return out
