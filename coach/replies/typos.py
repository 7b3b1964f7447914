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
from collections.abc import Iterable
from dataclasses import dataclass, field

from coach.replies.normalize import wordset
from coach.replies.redflag_rules import RULES

_LETTERS = re.compile(r"[a-z]{4,}")
_WORD = re.compile(r"[a-z]+")
_DOUBLED = re.compile(r"([a-z])\1+")
# Endings a stem takes ("passed", "feverish", "mareado"); not "er", which makes other words
# ("numb" + "er").
_ENDINGS = wordset("s es ed d ing ish y ness o a os as ado ada ados adas ido ida ando iendo")


def _words_of(sources: Iterable[str]) -> frozenset[str]:
    """Runs of four or more letters in regex sources; character classes and escapes (regex
    syntax, not words) are left out."""
    words: set[str] = set()
    for source in sources:
        words.update(_LETTERS.findall(re.sub(r"\[[^\]]*\]|\\[a-z]", " ", source)))
    return frozenset(words)


@dataclass(frozen=True)
class _Vocabulary:
    """Words a typo may be a slip of, and how they are matched."""

    words: frozenset[str]
    stems: bool  # the words are stems ("desmay"): a de-doubled word may start with one
    whole_endings: bool  # a word one letter short at its end is a slip ("fver" of "fever")
    by_start: dict[str, list[str]] = field(default_factory=dict)
    # Each slip of a word (a letter dropped, two neighbours swapped) -> the words it is a
    # slip of, in sorted order: one look-up instead of a scan of the vocabulary.
    slips: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for word in sorted(self.words):
            self.by_start.setdefault(word[0], []).append(word)
            variants = {word[:i] + word[i + 1 :] for i in range(len(word))}
            variants |= {
                word[:i] + word[i + 1] + word[i] + word[i + 2 :]
                for i in range(len(word) - 1)
                if word[i] != word[i + 1]
            }
            for variant in variants:
                self.slips.setdefault(variant, []).append(word)

    def slip(self, typed: str, *, ending: str = "") -> str | None:
        """The first word (same first letter) `typed` is a slip of, or None."""
        for word in self.slips.get(typed, ()):
            if word[0] == typed[0] and (self.whole_endings or ending or word[:-1] != typed):
                return word
        return None


VOCABULARY = _words_of(rule.pattern.pattern for rule in RULES)
_RED_FLAG_WORDS = _Vocabulary(VOCABULARY, stems=True, whole_endings=True)


@functools.cache
def _keyword_words() -> _Vocabulary:
    """The words of the keyword and intent rules (pause, resume, unsubscribe, texts...)."""
    from coach.replies import controls, intents

    sources: list[str] = []
    for module in (intents, controls):
        for value in vars(module).values():
            if isinstance(value, re.Pattern):
                sources.append(value.pattern)
            elif isinstance(value, frozenset):
                sources.extend(item for item in value if isinstance(item, str))
    # A word one letter short of a keyword at its end is another form of a word ("continua"
    # is not a slip of "continuar").
    return _Vocabulary(_words_of(sources), stems=False, whole_endings=False)


@functools.cache
def _dictionary() -> frozenset[str]:
    """Real words: every word of the coach's own texts, in both languages."""
    from coach.content.loader import get_library
    from coach.replies.normalize import normalize

    words: set[str] = set()
    for template in get_library().iter_templates():
        words.update(_WORD.findall(normalize(template.text)))
    return frozenset(words)


@functools.cache
def _real_or_red_flag_words() -> frozenset[str]:
    """Words a keyword correction leaves alone: real words and red-flag words."""
    return _dictionary() | VOCABULARY


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


# Letters Spanish typists swap by sound ("braso", "desmalle", "entumesido", "bomito"): one
# such swap is read like a thumb's slip, for words of five letters or more.
_SOUNDS = (("s", "z"), ("z", "s"), ("s", "c"), ("c", "s"), ("ll", "y"), ("y", "ll"), ("b", "v"),
           ("v", "b"))  # fmt: skip


def _sounds_like(word: str, vocabulary: _Vocabulary) -> str | None:
    """The vocabulary word `word` becomes with one sound-alike letter swapped, or None."""
    for old, new in _SOUNDS:
        start = word.find(old, 1)
        while start != -1:
            variant = word[:start] + new + word[start + len(old) :]
            if variant in vocabulary.words:
                return variant
            if vocabulary.stems and any(
                variant.startswith(stem) and len(stem) >= 5
                for stem in vocabulary.by_start.get(variant[0], ())
            ):
                return variant
            start = word.find(old, start + 1)
    return None


def _correct(word: str, vocabulary: _Vocabulary, real: frozenset[str]) -> str:
    if len(word) < 4 or word in vocabulary.words:
        return word
    single = _DOUBLED.sub(r"\1", word)
    starts = vocabulary.by_start.get(single[0], ())
    if single != word and (
        single in vocabulary.words
        or (vocabulary.stems and any(single.startswith(v) for v in starts))
    ):
        return single  # "desmmayo": the rules' stem "desmay" then matches
    if word in real or single in real:
        return word
    forms = tuple(dict.fromkeys((single, word)))  # "pssed" is "passed" with a letter dropped
    for form in forms:
        found = vocabulary.slip(form)
        if found:
            return found
    if len(word) >= 5:
        sounded = _sounds_like(word, vocabulary)
        if sounded:
            return sounded
    if vocabulary.stems:
        # A slip inside a stem with an ending after it: "fevreish" (feverish), "mraeado".
        for form in forms:
            for cut in range(3, len(form)):
                stem = vocabulary.slip(form[:cut], ending=form[cut:])
                # "quito" is not a slip of "quita" + "o": a stem's last letter swapped for an
                # ending is another form of the word.
                if stem and form[cut:] in _ENDINGS and stem[:-1] != form[:cut]:
                    return stem + form[cut:]
    return word


@functools.lru_cache(maxsize=8192)
def correct_word(word: str) -> str:
    """The red-flag rule word `word` most likely is, or `word` itself."""
    return _correct(word, _RED_FLAG_WORDS, _dictionary())


def corrected(text: str) -> str:
    """`text` (normalized) with its near-miss words replaced; the same text when none."""
    return _WORD.sub(lambda m: correct_word(m.group(0)), text)


@functools.lru_cache(maxsize=8192)
def correct_keyword(word: str) -> str:
    """`word` as the keyword or intent word it is a slip of, or `word` itself."""
    return _correct(word, _keyword_words(), _real_or_red_flag_words())


def corrected_keywords(text: str) -> str:
    """`text` with slips of keyword and intent words corrected ("RESUMME", "usnubscribe")."""
    return _WORD.sub(lambda m: correct_keyword(m.group(0)), text)
