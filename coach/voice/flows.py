"""Call flows as data: what is said, what is asked next, and how an answer is read (pure).

A call is a chain of turns. Each turn speaks some segments and either asks one question
(a `<Gather>` whose answer comes back to us with its step) or hangs up. Answers are read
into an `Outcome`; the service applies its effects and stores the outcome and the texts
it spoke, so a retried webhook can be answered again with the very same turn.

Keypad conventions: the score question takes up to two digits (`numDigits=2`), so "10"
ends the question at once and a single digit is taken after a short silence (or `#`).
The red-flag question is asked on its own after the score ("9 for trouble breathing or
swallowing, 8 for new numbness or weakness, 1 if not"), so 9 is never confused with a pain
score of 9.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

Say = Callable[..., str]  # renders a content id in the patient's language


@dataclass(frozen=True)
class Speak:
    """Text read aloud."""

    text: str


@dataclass(frozen=True)
class Pause:
    """Silence, in whole seconds."""

    seconds: int


Segment = Speak | Pause


class Step(StrEnum):
    """The question a `<Gather>` asked; its answer comes back with this step."""

    identify = "identify"
    identify_retry = "identify_retry"
    score = "score"
    score_retry = "score_retry"
    redflag = "redflag"
    redflag_retry = "redflag_retry"
    exercise = "exercise"
    exercise_retry = "exercise_retry"
    menu = "menu"
    menu_retry = "menu_retry"


class Outcome(StrEnum):
    """How an answer was understood (stored as the answer's intent)."""

    identified = "voice_identified"
    pain = "pain_report"
    red_flag = "red_flag"
    no_red_flag = "voice_no_red_flag"
    repeat = "voice_exercise_repeat"
    next = "voice_exercise_next"
    finish = "voice_exercise_finish"
    report_pain = "voice_menu_pain"
    hear_exercise = "voice_menu_exercise"
    heat_ice = "voice_menu_heat_ice"
    stop = "opt_out"
    restart = "opt_in"
    clinic_number = "voice_menu_clinic_number"
    invalid = "voice_invalid"


@dataclass(frozen=True)
class Ask:
    """One `<Gather>`: its prompt and how the answer is collected."""

    step: Step
    prompt: tuple[Segment, ...]
    index: int | None = None  # the exercise the answer is about
    digits: int = 1
    speech: bool = False
    timeout: int = 6


@dataclass(frozen=True)
class Turn:
    """What one webhook answers: segments spoken, then a question or a hang-up."""

    segments: tuple[Segment, ...] = ()
    ask: Ask | None = None


@dataclass(frozen=True)
class Answer:
    """What the caller gave: keypad digits and what speech recognition understood."""

    digits: str = ""
    pain: int | None = None  # a score found in the speech
    red_flag: bool = False  # a red flag found in the speech
    yes: bool | None = None  # a spoken yes or no


_SCORE = re.compile(r"^(10|[0-9])$")
_YES = re.compile(r"^\s*(yes|yeah|yep|s[ií])\b", re.IGNORECASE)
_NO = re.compile(r"^\s*(no|nope|nah)\b", re.IGNORECASE)


def yes_or_no(speech: str) -> bool | None:
    """True for a spoken yes (English or Spanish), False for no, None otherwise."""
    if _YES.match(speech):
        return True
    if _NO.match(speech):
        return False
    return None


STOP_KEY = "4"
RESTART_KEY = "7"  # offered only to a caller who stopped calls (`stopped_menu`)
_MENU = {
    "1": Outcome.report_pain,
    "2": Outcome.hear_exercise,
    "3": Outcome.heat_ice,
    "4": Outcome.stop,
    "5": Outcome.clinic_number,
    RESTART_KEY: Outcome.restart,
}
# The red-flag question's keys: 9 is "call the emergency number now" (breathing or
# swallowing), 8 is "see a clinician today" (new numbness or weakness); 1 is "no".
KEYPAD_RED_FLAGS = {"9": "airway", "8": "neurological"}
_AFTER_EXERCISE = {"1": Outcome.repeat, "2": Outcome.next, "3": Outcome.finish}


def read(step: Step, answer: Answer) -> tuple[Outcome, int | None]:
    """The outcome of an answer to `step`, with the pain score when there is one."""
    if step in (Step.identify, Step.identify_retry):
        if answer.digits == STOP_KEY:  # "to stop these calls, press 4" (as in the menu)
            return Outcome.stop, None
        return (Outcome.identified, None) if answer.digits == "1" else (Outcome.invalid, None)
    if step in (Step.score, Step.score_retry):
        if answer.red_flag:
            return Outcome.red_flag, answer.pain
        if _SCORE.match(answer.digits):
            return Outcome.pain, int(answer.digits)
        if not answer.digits and answer.pain is not None:
            return Outcome.pain, answer.pain
        return Outcome.invalid, None
    if step in (Step.redflag, Step.redflag_retry):
        if answer.digits in KEYPAD_RED_FLAGS or (
            not answer.digits and (answer.red_flag or answer.yes)
        ):
            return Outcome.red_flag, None
        if answer.digits == "1" or (not answer.digits and answer.yes is False):
            return Outcome.no_red_flag, None
        return Outcome.invalid, None
    if step in (Step.exercise, Step.exercise_retry):
        return _AFTER_EXERCISE.get(answer.digits, Outcome.invalid), None
    return _MENU.get(answer.digits, Outcome.invalid), None


def identify(say: Say, first_name: str | None) -> Ask:
    """Who is there? No clinical detail until the right person presses 1."""
    text = say("voice.identify", first_name=first_name) if first_name else None
    return Ask(Step.identify, (Speak(text or say("voice.identify_generic")),), timeout=8)


def score_question(say: Say, step: Step = Step.score) -> Ask:
    """The 0-10 question: keypad (up to two digits) or speech."""
    return Ask(step, (Speak(say("voice.checkin_question")),), digits=2, speech=True, timeout=4)


def red_flag_question(say: Say, step: Step = Step.redflag) -> Ask:
    """Its own question, so that 9 is never a pain score: 9 for red flags, 1 for none."""
    return Ask(step, (Speak(say("voice.red_flag_option")),), speech=True)


def menu(say: Say, step: Step = Step.menu) -> Ask:
    """The inbound menu: pain, exercise, heat and ice, stop calls, the clinic's number."""
    return Ask(step, (Speak(say("voice.menu")),), timeout=8)


def stopped_menu(say: Say, step: Step = Step.menu) -> Ask:
    """For a caller who stopped calls: start them again, or hear the clinic's number."""
    return Ask(step, (Speak(say("voice.stopped_menu")),), timeout=8)


def after_exercise(say: Say, index: int, step: Step = Step.exercise) -> Ask:
    """1 to repeat, 2 for the next exercise, 3 to finish."""
    return Ask(step, (Speak(say("voice.exercise_next")),), index=index)


def goodbye(say: Say, before: Sequence[str] = ()) -> Turn:
    """Speak `before`, say goodbye and hang up."""
    return Turn(tuple(Speak(t) for t in [*before, say("voice.goodbye")]))


def voicemail(say: Say) -> Turn:
    """For an answering machine: no clinical detail, only the clinic's number."""
    return Turn((Speak(say("voice.voicemail")),))


def unknown_caller(say: Say) -> Turn:
    """A caller we don't know: a polite message, then hang up."""
    return Turn((Speak(say("voice.unknown_caller")),))


def inbound(say: Say, *, stopped: bool = False) -> Turn:
    """An enrolled patient calls: a greeting and the menu (the way back if they stopped)."""
    return Turn((Speak(say("voice.inbound_greeting")),), (stopped_menu if stopped else menu)(say))


@dataclass(frozen=True)
class Context:
    """What a flow needs to know about the call beyond the answer."""

    say: Say
    first_name: str | None
    kind: str  # the outbox kind of an outbound call ("checkin", "exercise"); "inbound"
    exercise: Callable[[int, bool], Turn]  # (index, with intro) -> the exercise turn
    today: int  # the exercise to start with
    count: int  # how many exercises there are
    stopped: bool = False  # the patient stopped calls: the menu offers the way back


_RETRY = {
    Step.identify: Step.identify_retry,
    Step.score: Step.score_retry,
    Step.redflag: Step.redflag_retry,
    Step.exercise: Step.exercise_retry,
    Step.menu: Step.menu_retry,
}


def _ask(step: Step, ctx: Context, index: int | None) -> Ask:
    say = ctx.say
    if step in (Step.identify, Step.identify_retry):
        return replace(identify(say, ctx.first_name), step=step)
    if step in (Step.score, Step.score_retry):
        return score_question(say, step)
    if step in (Step.redflag, Step.redflag_retry):
        return red_flag_question(say, step)
    if step in (Step.exercise, Step.exercise_retry):
        return after_exercise(say, index or 0, step)
    return (stopped_menu if ctx.stopped else menu)(say, step)


def respond(
    step: Step, outcome: Outcome, index: int | None, texts: Sequence[str], ctx: Context
) -> Turn:
    """The turn that answers `outcome` at `step`; `texts` are what its effects said."""
    say = ctx.say
    if outcome is Outcome.invalid:
        retry = _RETRY.get(step)
        if retry is None:  # asked twice already
            return goodbye(say, [say("voice.invalid")])
        return Turn((Speak(say("voice.invalid")),), _ask(retry, ctx, index))
    if outcome is Outcome.identified and ctx.kind == "exercise":
        return ctx.exercise(ctx.today, True)
    if outcome in (Outcome.identified, Outcome.report_pain):
        return Turn((), score_question(say))
    if outcome is Outcome.pain:
        return Turn(tuple(Speak(t) for t in texts), red_flag_question(say))
    if outcome is Outcome.hear_exercise:
        return ctx.exercise(ctx.today, True)
    current = index or 0
    if outcome is Outcome.repeat:
        return ctx.exercise(current, False)
    if outcome is Outcome.next:
        return ctx.exercise((current + 1) % max(ctx.count, 1), False)
    if outcome is Outcome.finish:
        return goodbye(say, [say("voice.exercise_done"), say("voice.stop_calls")])
    if outcome is Outcome.heat_ice:
        return Turn((Speak(say("faq.heat_or_ice")),), menu(say))
    if outcome is Outcome.clinic_number:
        return Turn((Speak(say("voice.clinic_number")),), menu(say))
    if outcome is Outcome.stop:
        return Turn((Speak(say("voice.optout_confirm")),))
    if outcome is Outcome.restart:
        return goodbye(say, [say("voice.restart_confirm")])
    if outcome is Outcome.no_red_flag:  # a safety message ends on itself, nothing after
        return goodbye(say, [*texts, say("voice.stop_calls")])
    return goodbye(say, texts)  # red flag: the safety text first
