"""Guided exercises read aloud: real pauses for holds, counted repetitions, under five minutes."""

from __future__ import annotations

from collections.abc import Sequence

from coach.content.models import Exercise
from coach.voice.flows import Pause, Say, Segment, Speak, Turn, after_exercise

MAX_EXERCISE_SECONDS = 300  # a guided exercise turn stays under five minutes
WORDS_PER_SECOND = 2.5  # Twilio's neural voices speak about 150 words a minute
SAY_OVERHEAD = 0.5  # seconds of silence around each <Say>
MOVE_SECONDS = 3  # time for one repetition that has no hold
RELAX_SECONDS = 2  # rest after a hold before the next count


def seconds(segments: Sequence[Segment]) -> float:
    """Estimated spoken length of segments, pauses included."""
    total = 0.0
    for segment in segments:
        if isinstance(segment, Pause):
            total += segment.seconds
        else:
            total += len(segment.text.split()) / WORDS_PER_SECOND + SAY_OVERHEAD
    return total


def _script(exercise: Exercise, say: Say, max_reps: int) -> list[Segment]:
    out: list[Segment] = [Speak(exercise.name), *(Speak(c) for c in exercise.cautions)]
    relax: list[Segment] = [Speak(say("voice.relax")), Pause(RELAX_SECONDS)]
    for step in exercise.steps:
        sides: list[str | None] = [*step.sides] or [None]
        for side in sides:
            if side is not None:
                out.append(Speak(say(f"voice.side_{side}")))
            out.append(Speak(step.say))
            reps = min(step.repetitions, max_reps)
            for count in range(1, reps + 1):
                if reps > 1:
                    out.append(Speak(str(count)))
                if step.hold_seconds:
                    out += [Pause(step.hold_seconds), *relax]
                elif step.repetitions > 1:
                    out.append(Pause(MOVE_SECONDS))
    return out


def exercise_turn(exercise: Exercise, index: int, say: Say, *, intro: bool) -> Turn:
    """An exercise read step by step, with real pauses for holds and counted repetitions.

    Repetitions are trimmed when needed so that the whole turn stays under five minutes.
    """
    ask = after_exercise(say, index)
    lead: list[Segment] = [Speak(say("voice.exercise_intro"))] if intro else []
    max_reps = max(s.repetitions for s in exercise.steps)
    while True:
        body = [*lead, *_script(exercise, say, max_reps)]
        if max_reps == 1 or seconds([*body, *ask.prompt]) < MAX_EXERCISE_SECONDS:
            return Turn(tuple(body), ask)
        max_reps -= 1
