"""Call answers as parsed replies, so voice and SMS share the safety and pain rules."""

from __future__ import annotations

import dataclasses

from coach.replies.categories import Category
from coach.replies.parsing import ParsedReply, parse_reply
from coach.voice.flows import KEYPAD_RED_FLAGS

SPEECH_MAX = 500  # a spoken answer is a sentence or two; more is not an answer


def understand(text: str) -> ParsedReply | None:
    """What the deterministic reply parser makes of a speech result (None when silent)."""
    text = text.strip()[:SPEECH_MAX]
    return parse_reply(text, None) if text else None


def with_pain(parsed: ParsedReply | None, score: int) -> ParsedReply:
    """`parsed` (or an empty reply) carrying the keypad or spoken score."""
    base = parsed if parsed is not None else parse_reply(str(score), None)
    return dataclasses.replace(base, pain=score)


def keypad_red_flag(digits: str) -> ParsedReply:
    """A key pressed at the red-flag question (or a bare spoken yes) as a parsed red flag."""
    base = parse_reply("", None)
    name = KEYPAD_RED_FLAGS.get(digits)
    found = (Category(name),) if name else (Category.unspecified,)
    return dataclasses.replace(
        base, red_flag=True, red_flags=(), categories=found, airway=name == "airway"
    )
