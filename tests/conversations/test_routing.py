"""Which texts go to a person (issue 12's rule until the understanding triage lands)."""

import pytest

from coach.conversations.routing import needs_human, third_party
from coach.replies.parsing import parse_reply


@pytest.mark.parametrize(
    "text",
    [
        "Can I still go to the gym?",
        "call me please",
        "these exercises make it worse",
        "I can't feel my left hand",
        "This is his wife, he is in hospital and can't text",
        "soy su hija, ella no puede escribir",
        "my mom can't text back, she is resting. DONE",
        "mi padre no puede contestar, hizo los ejercicios",
        "¿puedo ir al gimnasio?",
    ],
)
def test_texts_the_coach_cannot_act_on_go_to_a_person(text):
    assert needs_human(parse_reply(text), text)


@pytest.mark.parametrize(
    "text",
    ["8", "DONE", "ok thanks", "gracias", "STOP", "PAUSE", "what pillow is best?", "HELP", "👍"],
)
def test_texts_the_coach_answers_itself_stay_with_the_coach(text):
    assert not needs_human(parse_reply(text), text)


def test_how_the_neck_feels_in_words_is_answered_by_the_coach_with_a_request_for_a_score():
    for text in ("my neck is stiff today", "worse than yesterday", "un poco adolorido"):
        parsed = parse_reply(text)
        assert parsed.intent == "pain_report" and parsed.pain is None, text
        assert not needs_human(parsed, text)


def test_someone_writing_for_the_patient_goes_to_a_person_even_with_a_known_intent():
    text = "I am her husband, she did the exercises today. DONE"
    assert third_party(text)
    assert needs_human(parse_reply(text), text)
