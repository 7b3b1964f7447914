"""Questions about massage and stress get their own answers, in English and Spanish."""

from __future__ import annotations

import re

import pytest

from coach.content.loader import get_library
from coach.replies.parsing import Intent, parse_reply
from tests.helpers import patient
from tests.replies.test_webhook import PHONE, texts

# "cures", "will cure", "heals", "fixes"; Spanish "cura"/"curara", unless negated ("no cura").
CURE_CLAIM = re.compile(
    r"\bcures\b|\bwill (?:cure|fix)\b|\bheals?\b|\bfixes\b|(?<!no )\bcura(?:ra)?\b"
)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("is massage good for neck pain?", "massage"),
        ("MASSAGE", "massage"),
        ("how often should I use the foam roller?", "massage"),
        ("¿me sirve un masaje?", "massage"),
        ("can stress cause neck pain?", "stress"),
        ("my shoulders are so tense, what can I do?", "stress"),
        ("¿el estres empeora el dolor?", "stress"),
        ("estoy muy tenso, que hago?", "stress"),
        # Other topics keep their answers.
        ("should I see a physio for a massage?", "see_doctor"),
        ("should I use heat or ice?", "heat_or_ice"),
    ],
)
def test_massage_and_stress_questions_have_topics(text: str, topic: str) -> None:
    parsed = parse_reply(text)
    assert parsed.intent == Intent.question
    assert parsed.question_topic == topic


def test_a_massage_mention_in_a_score_is_still_a_score() -> None:
    parsed = parse_reply("dying for a massage lol 5")
    assert parsed.intent == Intent.pain_report and parsed.pain == 5


@pytest.mark.parametrize(
    ("language", "question", "answer_id"),
    [
        ("en", "would a massage help?", "faq.massage"),
        ("es", "¿me vendria bien un masaje?", "faq.massage"),
        ("en", "could stress be making it worse?", "faq.stress"),
        ("es", "¿puede ser por el estres?", "faq.stress"),
    ],
)
def test_the_answer_is_sent(webhooks, language: str, question: str, answer_id: str) -> None:
    with webhooks.session() as s:
        patient(s, phone=PHONE, language=language)
    (reply,) = texts(webhooks.sms(PHONE, question))
    assert reply == get_library().render(answer_id, language)


def test_massage_is_never_called_a_cure() -> None:
    library = get_library()
    for template in library.iter_templates():
        text = template.text.lower()
        if "massage" in text or "masaje" in text:
            assert not CURE_CLAIM.search(text), template.id
