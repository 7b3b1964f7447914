"""Text clean-up shared by every reply rule: one lower-case, accent-free, ASCII-ish form."""

from __future__ import annotations

import functools
import re
import unicodedata

# Longer texts are not replies a person typed; cap the work so a huge body stays fast.
MAX_CHARS = 2000

_KEYCAP = re.compile("([0-9])\ufe0f?\u20e3")
_KEYCAPS = re.compile("(?:[0-9]\ufe0f?\u20e3)+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lower-case, strip accents and apostrophes, expand keycap emoji, collapse spaces.

    The rules normalize the same text several times over (a reply, its `bare` form, a
    rule's own check): texts of a usual length are kept once done."""
    if len(text) > _CACHED_CHARS:
        return _normalize(text)
    return _normalized(text)


_CACHED_CHARS = 320


def _normalize(text: str) -> str:
    text = text[:MAX_CHARS]
    # Lone surrogates (invalid UTF-16 halves) cannot be encoded: turn them into "?".
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = text.replace("\U0001f51f", " 10 ")
    # Keycaps side by side are one number ("1️⃣0️⃣" is 10), then each digit stands alone.
    text = _KEYCAPS.sub(lambda m: " " + "".join(_KEYCAP.findall(m.group(0))) + " ", text)
    text = text.translate(_QUOTES)
    text = unicodedata.normalize("NFKD", text)
    chars: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Mn":
            continue  # accents: "daño" -> "dano", "sí" -> "si", as most Spanish texting does
        if category[0] in "CZ":
            chars.append(" ")  # control, format and separator characters
            continue
        chars.append(ch)
    text = "".join(chars).casefold()
    # "can't" -> "cant", "I'm" -> "im": patients drop apostrophes anyway, so rules need one form.
    text = text.replace("'", "")
    return _SPACES.sub(" ", text).strip()


_normalized = functools.lru_cache(maxsize=1024)(_normalize)


def bare(text: str) -> str:
    """The normalized text with punctuation removed, for whole-message keyword checks."""
    return " ".join(re.findall(r"[a-z0-9]+", normalize(text)))


def wordset(words: str) -> frozenset[str]:
    """A set of the space-separated words in one string (long vocabularies stay readable)."""
    return frozenset(words.split())
