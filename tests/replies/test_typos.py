"""Typos in red-flag words are read as the word; real words are left alone."""

import pytest

from coach.replies import typos
from coach.replies.parsing import parse_reply


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("desmmayo", "desmay"),
        ("contorlo", "controlo"),
        ("cueta", "cuesta"),
        ("breahting", "breathing"),
    ],
)
def test_near_misses_of_red_flag_words_are_corrected(typed: str, meant: str) -> None:
    assert typos.correct_word(typed) == meant


@pytest.mark.parametrize("word", ["cancelar", "weather", "lovely", "pillow", "stretch", "morning"])
def test_real_words_are_left_alone(word: str) -> None:
    assert typos.correct_word(word) == word


def test_a_typo_in_a_symptom_still_raises_its_red_flag() -> None:
    assert parse_reply("me dio un desmmayo al girar la cabeza").red_flag
    assert parse_reply("no contorlo la orina").red_flag
    assert not parse_reply("Cancelar").red_flag
