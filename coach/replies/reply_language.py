"""The language of the coach's answer to a text: the one the patient wrote in.

A clinic enrolls a patient in one language, but a patient (or whoever helps them) may write
in the other. An answer they can read matters most in a safety reply, so the coach answers
in the language of the text when the words leave little doubt (`confident_language`) and
the content has that text; otherwise in the enrolled language. The enrolled language
itself is unchanged: planned texts keep it, and the clinician decides whether to change it.
"""

from __future__ import annotations

from coach.content.library import Library
from coach.replies.language import confident_language
from coach.replies.normalize import bare


def choose(*, body: str, enrolled: str, library: Library) -> str:
    """The language to answer `body` in."""
    written = confident_language(bare(body))
    if written is None or written == enrolled or written not in library.languages:
        return enrolled
    return written
