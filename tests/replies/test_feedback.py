"""Feedback by trend: never the exact same text twice in a row, good news at low scores."""

from datetime import timedelta
from itertools import pairwise

import pytest

from coach.content.loader import get_library
from coach.replies.feedback import KINDS, variants
from tests.replies.test_webhook import PHONE, enrolled, texts


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_feedback_kind_has_several_variants(language):
    library = get_library()
    for kind in KINDS:
        ids = variants(library, kind, language)
        minimum = 2 if kind == "feedback.first" else 3
        assert len(ids) >= minimum, kind
        assert len({library.render(i, language) for i in ids}) == len(ids)


@pytest.mark.parametrize(
    ("scores", "language"),
    [
        ([4] * 12, "en"),  # about the same, day after day
        ([1] * 8, "en"),  # low and steady
        ([8, 9, 8, 9, 8, 9, 8], "es"),  # high pain, again and again
        ([6, 5, 4, 3, 2, 1, 0], "en"),  # better each time
        ([0, 1, 2, 3, 4, 5, 6], "es"),  # worse each time
    ],
)
def test_no_feedback_text_twice_in_a_row(webhooks, scores, language):
    enrolled(webhooks, language=language)
    answers = []
    for score in scores:
        webhooks.clock.now += timedelta(days=1)
        (reply, *_) = texts(webhooks.sms(PHONE, str(score)))
        answers.append(reply)
    for before, after in pairwise(answers):
        assert before != after


def test_a_steady_low_score_is_good_news_not_about_the_same(webhooks):
    enrolled(webhooks)
    library = get_library()
    texts(webhooks.sms(PHONE, "1"))
    webhooks.clock.now += timedelta(days=1)
    (reply,) = texts(webhooks.sms(PHONE, "1"))
    low = {library.render(i, "en") for i in variants(library, "feedback.low", "en")}
    same = {library.render(i, "en") for i in variants(library, "feedback.same", "en")}
    assert reply in low and reply not in same


def test_voice_feedback_never_points_to_tips():
    library = get_library()
    for kind in (*KINDS, "see_clinician"):
        for ident in variants(library, kind, "en") or [kind]:
            assert (
                "tip" not in library.render(ident, "en", clinic_name="C", clinic_phone="1").lower()
            )
            assert (
                "consejo"
                not in library.render(ident, "es", clinic_name="C", clinic_phone="1").lower()
            )
