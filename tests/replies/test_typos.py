"""Typos in red-flag words are read as the word; real words and other slips are left alone."""

import pytest

from coach.replies import typos
from coach.replies.parsing import parse_reply


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("desmmayo", "desmayo"),  # doubled letter
        ("contorlo", "controlo"),  # neighbours swapped
        ("chset", "chest"),
        ("cueta", "cuesta"),  # a letter dropped
        ("fver", "fever"),
    ],
)
def test_thumb_slips_of_red_flag_words_are_corrected(typed: str, meant: str) -> None:
    assert typos.correct_word(typed) == meant


@pytest.mark.parametrize("word", ["cancel", "cancelar", "made", "weather", "pillow", "madarme"])
def test_real_words_and_changed_letters_are_left_alone(word: str) -> None:
    assert typos.correct_word(word) == word


def test_a_typo_in_a_symptom_still_raises_its_red_flag() -> None:
    assert parse_reply("me dio un desmmayo al girar la cabeza").red_flag
    assert parse_reply("no contorlo la orina").red_flag
    assert parse_reply("pressure in my chset going up to my jaw").red_flag


@pytest.mark.parametrize(
    "text",
    ["cancel my subscription", "ice made it feel better", "no dejen de madarme los mensajes"],
)
def test_ordinary_replies_are_not_turned_into_red_flags(text: str) -> None:
    assert not parse_reply(text).red_flag


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("RESUMME", "resume"),
        ("usnubscribe me", "opt_out"),
        ("too many texs", "fewer"),
    ],
)
def test_slips_in_keywords_are_understood(text: str, intent: str) -> None:
    assert parse_reply(text).intent == intent


@pytest.mark.parametrize("text", ["el dolor continua", "the weather is lovely", "stpo it hurts"])
def test_keyword_slips_never_invent_an_opt_out_or_a_resume(text: str) -> None:
    assert parse_reply(text).intent not in ("opt_out", "resume")
