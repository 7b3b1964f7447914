"""Typos in the words that name a red flag: "desmmayo", "contorlo", "chset", "fver".

Patients type on phones; the rules' phrases are exact. The words the rules are built from
(every run of four or more letters in their patterns) are the vocabulary. A word of a
reply that is not in it, and is not a word the coach itself writes (the content library is
the dictionary of real words), is read as a vocabulary word it is a thumb's slip of: one
letter dropped or two neighbours swapped (doubled letters collapsed first), with the same
first letter. The rules then run once more on the corrected text, and
only when the exact text raised nothing.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from coach.replies.redflag_rules import RULES

_LETTERS = re.compile(r"[a-z]{4,}")
_WORD = re.compile(r"[a-z]+")
_DOUBLED = re.compile(r"([a-z])\1+")


def _vocabulary() -> frozenset[str]:
    words: set[str] = set()
    for rule in RULES:
        # Letters in a character class or after a backslash are regex syntax, not words.
        source = re.sub(r"\[[^\]]*\]|\\[a-z]", " ", rule.pattern.pattern)
        words.update(_LETTERS.findall(source))
    return frozenset(words)


VOCABULARY = _vocabulary()
_BY_START: dict[str, list[str]] = defaultdict(list)
for _word in sorted(VOCABULARY):
    _BY_START[_word[0]].append(_word)


@functools.cache
def _keyword_vocabulary() -> tuple[frozenset[str], dict[str, list[str]]]:
    """The words of the keyword and intent rules (pause, resume, unsubscribe, texts...)."""
    from coach.replies import controls, intents

    words: set[str] = set()
    for module in (intents, controls):
        for value in vars(module).values():
            if isinstance(value, re.Pattern):
                source = re.sub(r"\[[^\]]*\]|\\[a-z]", " ", value.pattern)
                words.update(_LETTERS.findall(source))
            elif isinstance(value, frozenset):
                words.update(w for item in value if isinstance(item, str)
                             for w in _LETTERS.findall(item))  # fmt: skip
    by_start: dict[str, list[str]] = defaultdict(list)
    for word in sorted(words):
        by_start[word[0]].append(word)
    return frozenset(words), dict(by_start)


@functools.cache
def _dictionary() -> frozenset[str]:
    """Real words: every word of the coach's own texts, in both languages."""
    from coach.content.loader import get_library
    from coach.replies.normalize import normalize

    words: set[str] = set()
    for template in get_library().iter_templates():
        words.update(_WORD.findall(normalize(template.text)))
    return frozenset(words)


def slip_of(typed: str, word: str) -> bool:
    """Whether `typed` is `word` with one letter dropped or two neighbours swapped.

    Those are the slips of a thumb; a changed or added letter is not read as a slip, since
    it so often makes another real word ("cancel", not "cancer"; "made", not "mare").
    """
    if len(typed) == len(word) - 1:
        return any(word[:i] + word[i + 1 :] == typed for i in range(len(word)))
    if len(typed) != len(word) or typed == word:
        return False
    diffs = [i for i, (x, y) in enumerate(zip(typed, word, strict=True)) if x != y]
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and typed[diffs[0]] == word[diffs[1]]
        and typed[diffs[1]] == word[diffs[0]]
    )


@functools.lru_cache(maxsize=8192)
def correct_word(word: str) -> str:
    """The vocabulary word `word` most likely is, or `word` itself."""
    if len(word) < 4 or word in VOCABULARY:
        return word
    single = _DOUBLED.sub(r"\1", word)
    starts = _BY_START.get(single[0], ())
    if single != word and (single in VOCABULARY or any(single.startswith(v) for v in starts)):
        return single  # "desmmayo": the rules' stem "desmay" then matches
    if word in _dictionary() or single in _dictionary():
        return word
    for candidate in starts:
        if slip_of(single, candidate):
            return candidate
    return word


def corrected(text: str) -> str:
    """`text` (normalized) with its near-miss words replaced; the same text when none."""
    return _WORD.sub(lambda m: correct_word(m.group(0)), text)


@functools.lru_cache(maxsize=8192)
def correct_keyword(word: str) -> str:
    """`word` as the keyword or intent word it is a slip of, or `word` itself."""
    vocabulary, by_start = _keyword_vocabulary()
    if len(word) < 4 or word in vocabulary:
        return word
    single = _DOUBLED.sub(r"\1", word)
    if single in vocabulary:
        return single
    if word in _dictionary() or single in _dictionary() or word in VOCABULARY:
        return word
    for candidate in by_start.get(single[0], ()):
        # A word one letter short of a keyword at its end is another form of a word
        # ("continua" is not a slip of "continuar"), not a slip.
        if slip_of(single, candidate) and candidate[:-1] != single:
            return candidate
    return word


def corrected_keywords(text: str) -> str:
    """`text` with slips of keyword and intent words corrected ("RESUMME", "usnubscribe")."""
    return _WORD.sub(lambda m: correct_keyword(m.group(0)), text)
