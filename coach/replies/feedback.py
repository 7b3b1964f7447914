"""The feedback text that answers a pain score: never the same text twice in a row.

Each feedback kind (`feedback.same`, ...) has variants in content (`feedback.same.2`,
`feedback.same.3`, ...). The one chosen differs from the last feedback text the patient
got (read back from the replies recorded on their inbound messages, texts and calls), and
a score that stays at 0-2 gets `feedback.low` rather than "about the same".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlmodel import Session, col, func, select

from coach.content.library import Library
from coach.messaging.models import InboundMessage
from coach.patients.models import Patient

Say = Callable[..., str]

KINDS: tuple[str, ...] = (
    "feedback.first", "feedback.better", "feedback.same", "feedback.worse",
    "feedback.high_pain", "feedback.low",
)  # fmt: skip
LOW_MAX = 2  # a score this low that holds steady is good news, not "about the same"
MAX_VARIANTS = 9
LOOK_BACK = 10  # replies read back to find the last feedback text


def variants(library: Library, base_id: str, language: str) -> list[str]:
    """The template ids of one feedback kind: the base id, then `.2`, `.3`, ... that exist."""
    key = ("feedback variants", base_id, language)
    found = library.memo.get(key)
    if found is None:
        ids = [base_id] if library.has_template(base_id, "en") else []
        for n in range(2, MAX_VARIANTS + 1):
            ident = f"{base_id}.{n}"
            if library.has_template(ident, language) or library.has_template(ident, "en"):
                ids.append(ident)
        found = library.memo[key] = tuple(ids)
    assert isinstance(found, tuple)
    return list(found)


def _last_feedback(
    session: Session, patient: Patient, texts: set[str], skip: int | None
) -> set[str]:
    """The feedback texts in the latest reply that contained any (empty if none)."""
    replies = session.exec(
        select(InboundMessage.reply)
        .where(InboundMessage.patient_id == patient.id)
        .where(col(InboundMessage.reply).is_not(None))
        .where(col(InboundMessage.id) != (skip if skip is not None else -1))
        .order_by(col(InboundMessage.received_at).desc(), col(InboundMessage.id).desc())
        .limit(LOOK_BACK)
    ).all()
    return _latest_of(texts, replies)


def _latest_of(texts: set[str], replies: Iterable[str | None]) -> set[str]:
    """The feedback texts in the first of `replies` (newest first) holding any."""
    for reply in replies:
        found = {text for text in texts if reply and text in reply}
        if found:
            return found
    return set()


def reply(
    *,
    session: Session,
    library: Library,
    patient: Patient,
    feedback_id: str,
    score: int,
    previous: int | None,
    say: Say,
    skip: int | None = None,
    recent_replies: list[str] | None = None,
    scored_texts: int | None = None,
) -> str:
    """The feedback text for a new score: a variant of `feedback_id` (from triage) unlike
    the last feedback text the patient got; `skip` is the inbound message being answered.

    `recent_replies` (newest first, without `skip`'s) and `scored_texts` (the patient's
    inbound messages with a score, this one included) are read here unless given.
    """
    if feedback_id == "feedback.same" and score <= LOW_MAX and previous is not None:
        feedback_id = "feedback.low"
    language = patient.language
    rendered = {ident: say(ident) for kind in KINDS for ident in variants(library, kind, language)}
    own = variants(library, feedback_id, language) or [feedback_id]
    feedback_texts = set(rendered.values())
    if recent_replies is None:
        last = _last_feedback(session, patient, feedback_texts, skip)
    else:
        last = _latest_of(feedback_texts, recent_replies[:LOOK_BACK])
    texts = {ident: rendered[ident] if ident in rendered else say(ident) for ident in own}
    fresh = [ident for ident in own if texts[ident] not in last] or own
    # Rotate through the variants from one report to the next, stable for a given history.
    reports = scored_texts
    if reports is None:
        reports = session.exec(
            select(func.count())
            .select_from(InboundMessage)
            .where(col(InboundMessage.patient_id) == patient.id)
            .where(col(InboundMessage.pain).is_not(None))
        ).one()
    return texts[fresh[int(reports) % len(fresh)]]
