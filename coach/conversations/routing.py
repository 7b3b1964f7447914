"""Which inbound texts need a human: the one rule the reply pipeline asks.

A reply triaged `review` (rules and model together: a possible red flag, or nothing the
coach can act on with confidence), any red flag, a reply the coach has no answer for
(intent `other` that is not a plain acknowledgement or a bare pain score, a question on no
known topic), and anyone writing for the patient.
"""

from __future__ import annotations

import re

from coach.replies.normalize import normalize
from coach.replies.parsing import Intent, ParsedReply, Triage

# Someone writing for the patient ("this is his wife", "soy la hija de Ana", "on behalf of").
_THIRD_PARTY = re.compile(
    r"\b(?:this is (?:his|her|their) \w+|(?:i am|im) (?:his|her|their) \w+|on (?:his|her|their)"
    r" behalf|on behalf of|writing for (?:my|him|her|them)|texting for (?:my|him|her|them)|"
    r"(?:he|she|my \w+) (?:can ?not|cant|is unable to|isnt able to) (?:text|reply|answer|write)|"
    r"(?:el|ella|mi \w+) no puede (?:escribir|responder|contestar)|"
    r"soy (?:su|la|el) (?:espos[oa]|hij[oa]|madre|padre|herman[oa]|marido|mujer|pareja)|"
    r"escribo por (?:mi|el|ella)|de parte de|en nombre de)\b"
)


def third_party(text: str) -> bool:
    """Whether the text reads as written by someone else for the patient."""
    return bool(_THIRD_PARTY.search(normalize(text)))


def needs_human(parsed: ParsedReply, text: str) -> bool:
    """Whether a clinician must read this reply (it opens or joins a conversation)."""
    if parsed.red_flag or parsed.triage == Triage.review or third_party(text):
        return True
    if parsed.intent == Intent.question:
        return parsed.question_topic is None
    return parsed.intent == Intent.other and not parsed.acknowledgement and parsed.pain is None
