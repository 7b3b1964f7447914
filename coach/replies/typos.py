"""Typos in the words that name a red flag: "desmmayo", "contorlo", "cueta tragar".

Patients type on phones; the rules' phrases are exact. The words the rules are built from
(every run of five or more letters in their patterns) are the vocabulary; a word of a
reply that is not in it but is very close to one of them (difflib's ratio ≥ 0.85, the same
first letter, a length within one, doubled letters collapsed first) is read as that word,
and the rules run once more on the corrected text. Only used when the exact text raised
nothing.
"""

from __future__ import annotations

import difflib
import functools
import re

from coach.replies.redflag_rules import RULES

_LETTERS = re.compile(r"[a-z]{5,}")
_WORD = re.compile(r"[a-z]+")
_DOUBLED = re.compile(r"([a-z])\1+")
CUTOFF = 0.85


def _vocabulary() -> frozenset[str]:
    words: set[str] = set()
    for rule in RULES:
        # Letters in a character class or after a backslash are regex syntax, not words.
        source = re.sub(r"\[[^\]]*\]|\\[a-z]", " ", rule.pattern.pattern)
        words.update(_LETTERS.findall(source))
    return frozenset(words)


VOCABULARY = _vocabulary()
_SORTED = sorted(VOCABULARY)


@functools.lru_cache(maxsize=8192)
def correct_word(word: str) -> str:
    """The vocabulary word `word` most likely is, or `word` itself."""
    if len(word) < 5 or word in VOCABULARY:
        return word
    single = _DOUBLED.sub(r"\1", word)
    if single in VOCABULARY:
        return single
    for close in difflib.get_close_matches(single, _SORTED, n=3, cutoff=CUTOFF):
        # A typo keeps the first letter and the length within one ("cancelar" is a word
        # of its own, not a misspelt "cancer").
        if close[0] == single[0] and abs(len(close) - len(single)) <= 1:
            return close
    return word


def corrected(text: str) -> str:
    """`text` (normalized) with its near-miss words replaced; the same text when none."""
    return _WORD.sub(lambda m: correct_word(m.group(0)), text)
