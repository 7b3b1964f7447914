"""Call flows without HTTP: reading answers, exercise scripts and their length."""

import xml.etree.ElementTree as ET

import pytest

from coach.content.loader import get_library
from coach.content.models import Exercise
from coach.content.models import Step as ExerciseStep
from coach.voice import flows, twiml
from coach.voice.exercise import MAX_EXERCISE_SECONDS, exercise_turn, seconds
from coach.voice.flows import Answer, Outcome, Pause, Speak, Step


def say(template_id: str, **values: str) -> str:
    # A US patient: emergency and crisis numbers are the US ones.
    base = {
        "clinic_name": "Riverside Physio",
        "clinic_phone": "+1 212 555 0100",
        "emergency_number": "911",
        "crisis_line": "988",
    }
    return get_library().render(template_id, "en", **(base | values))


@pytest.mark.parametrize(
    ("step", "answer", "expected"),
    [
        (Step.identify, Answer(digits="1"), (Outcome.identified, None)),
        (Step.identify, Answer(digits="2"), (Outcome.invalid, None)),
        (Step.score, Answer(digits="0"), (Outcome.pain, 0)),
        (Step.score, Answer(digits="7"), (Outcome.pain, 7)),
        (Step.score, Answer(digits="10"), (Outcome.pain, 10)),
        (Step.score, Answer(digits="11"), (Outcome.invalid, None)),
        (Step.score, Answer(digits="*"), (Outcome.invalid, None)),
        (Step.score, Answer(), (Outcome.invalid, None)),
        (Step.score, Answer(pain=6), (Outcome.pain, 6)),
        (Step.score, Answer(pain=6, red_flag=True), (Outcome.red_flag, 6)),
        (Step.score_retry, Answer(digits="9"), (Outcome.pain, 9)),  # 9 is a score here
        (Step.redflag, Answer(digits="9"), (Outcome.red_flag, None)),
        (Step.redflag, Answer(digits="1"), (Outcome.no_red_flag, None)),
        (Step.redflag, Answer(yes=True), (Outcome.red_flag, None)),
        (Step.redflag, Answer(yes=False), (Outcome.no_red_flag, None)),
        (Step.redflag, Answer(digits="5"), (Outcome.invalid, None)),
        (Step.exercise, Answer(digits="1"), (Outcome.repeat, None)),
        (Step.exercise, Answer(digits="2"), (Outcome.next, None)),
        (Step.exercise, Answer(digits="3"), (Outcome.finish, None)),
        (Step.menu, Answer(digits="4"), (Outcome.stop, None)),
        (Step.menu, Answer(digits="6"), (Outcome.invalid, None)),
    ],
)
def test_answers_are_read_per_step(step, answer, expected):
    assert flows.read(step, answer) == expected


@pytest.mark.parametrize(
    ("speech", "expected"),
    [("yes", True), ("Sí, tengo", True), ("si", True), ("no", False), ("maybe", None)],
)
def test_spoken_yes_and_no(speech, expected):
    assert flows.yes_or_no(speech) is expected


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_exercise_call_stays_under_five_minutes(language):
    library = get_library()
    exercises = library.exercises(language)
    assert exercises
    for exercise in exercises:
        turn = exercise_turn(exercise, 0, say, intro=True)
        assert turn.ask is not None
        total = seconds([*turn.segments, *turn.ask.prompt])
        assert total < MAX_EXERCISE_SECONDS, (exercise.id, total)
        pauses = [s.seconds for s in turn.segments if isinstance(s, Pause)]
        holds = [s.hold_seconds for s in exercise.steps if s.hold_seconds]
        for hold in holds:
            assert hold in pauses


def test_holds_are_real_pauses_and_repetitions_are_counted():
    chin = get_library().exercise("exercise.chin_tuck", "en")
    turn = exercise_turn(chin, 0, say, intro=False)
    texts = [s.text for s in turn.segments if isinstance(s, Speak)]
    assert texts[0] == chin.name
    assert [t for t in texts if t.isdigit()] == [str(n) for n in range(1, 11)]
    assert sum(1 for s in turn.segments if s == Pause(5)) == 10
    assert texts.count(say("voice.relax")) == 10


def test_each_side_is_announced():
    turns = get_library().exercise("exercise.rotation", "en")
    texts = [
        s.text for s in exercise_turn(turns, 3, say, intro=False).segments if isinstance(s, Speak)
    ]
    assert say("voice.side_left") in texts and say("voice.side_right") in texts
    assert texts.count("5") == 2


def test_a_too_long_exercise_is_trimmed_under_five_minutes():
    long = Exercise(
        id="exercise.long",
        language="en",
        name="Long holds",
        sms_text="x",
        steps=(
            ExerciseStep(say="Hold it.", hold_seconds=60, repetitions=10, sides=["left", "right"]),
        ),
        cautions=("Stop if it hurts.",),
        tags=(),
        sources=("test",),
        day_range=None,
    )
    turn = exercise_turn(long, 0, say, intro=True)
    assert turn.ask is not None
    assert seconds([*turn.segments, *turn.ask.prompt]) < MAX_EXERCISE_SECONDS
    assert sum(1 for s in turn.segments if s == Pause(60)) >= 2  # each side at least once


def test_the_score_gather_takes_two_digits_or_speech_in_the_patients_language():
    ask = flows.score_question(say)
    turn = flows.Turn((), ask)
    xml = twiml.render(
        turn, language="es", public_url="https://x.example", next_turn=3, outbox_id=7
    )
    gather = ET.fromstring(xml).find("Gather")
    assert gather is not None
    assert gather.get("input") == "dtmf speech"
    assert gather.get("numDigits") == "2" and gather.get("finishOnKey") == "#"
    assert gather.get("language") == "es-US"
    assert gather.get("actionOnEmptyResult") == "true"
    assert gather.get("action") == "https://x.example/twilio/voice/gather?outbox=7&step=score&t=3"
    spoken = gather.find("Say")
    assert spoken is not None and spoken.get("language") == "es-US"


def test_a_turn_without_a_question_hangs_up():
    xml = twiml.render(flows.voicemail(say), language="en", public_url="https://x", next_turn=1)
    root = ET.fromstring(xml)
    assert [child.tag for child in root] == ["Say", "Hangup"]
    assert "+1 212 555 0100" in (root[0].text or "")
