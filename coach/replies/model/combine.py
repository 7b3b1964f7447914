"""Rules and model together: the final intent, how sure the coach is, and the triage level.

The rules overrule the model: a red flag the rules find is `urgent`, an intent the rules
name stands. The model speaks where the rules are silent (their intent is `other`, or a
pain report they only guessed from a score) and raises `review` when it thinks a reply may
describe a red flag the rules did not see. Opt-out stays conservative: the model can opt a
patient out only when it is very sure and the request is not negated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from coach.replies.intents import NEGATED_STOP, refused_opt_in, refused_opt_out
from coach.replies.labels import Intent
from coach.replies.model.runtime import Scores


class Triage(StrEnum):
    """Who handles a reply."""

    urgent = "urgent"  # a red flag the rules are sure of: safety reply and urgent alert
    review = "review"  # a possible red flag, or the coach cannot act with confidence
    auto = "auto"  # the coach handles it


# Chosen on train + dev only (never on test): 4-fold cross-validation by family, see
# README "Understanding patients' replies". Keeping the rules' `other` (-> review) unless the
# model is sure also catches red flags both miss, so the adoption bars are high.
RED_FLAG_REVIEW = 0.33  # model probability of a red flag that sends a reply to a human
RED_FLAG_UNREAD = 0.2  # ... for chat or a question the coach has no answer for
RED_FLAG_DISMISSED = 0.7  # ... when the rules saw a symptom and found it negated or not theirs
ADOPT = 0.75  # the model's intent replaces the rules' `other` from this probability
ADOPT_PAIN = 0.75  # ... when it reads a report on the neck (the commonest class: be surer)
ADOPT_STRICT = 0.85  # ... and for opting out or back in
LOW_CONFIDENCE = 0.45  # below this the coach is not sure what the patient wants
RULES_SURE = 0.9  # an intent the rules matched is at least this sure
RULES_READ = 0.6  # ... a report on the neck without a score, the model having no other idea

# The model may opt a patient out or back in only when it is very sure and the words ask for
# it; other intents that change the texts (pause, fewer, a check-in time, wrong number) are
# left to the rules: when the model alone sees one, a person reviews the reply instead.
_CUES = {
    Intent.opt_out: re.compile(
        r"stop|unsub|subscri|suscri|quit|cancel|opt|interest|alone|enough|text|messag|msg|sms|"
        r"program|list|number|numero|mensaj|texto|lista|baja|basta|salir|alto"
    ),
    Intent.opt_in: re.compile(
        r"start|back|again|rejoin|resub|join|volver|vuelv|otra vez|de nuevo|empez|activ|inscrib|"
        r"apunt|comenz"
    ),
}
_RULES_ONLY = frozenset(
    {Intent.wrong_number, Intent.pause, Intent.resume, Intent.fewer, Intent.more,
     Intent.checkin_time}
)  # fmt: skip


@dataclass(frozen=True)
class Decision:
    """The final intent, its confidence and the triage level."""

    intent: Intent
    confidence: float
    triage: Triage


def intent(
    rules: Intent, scores: Scores, *, text: str, has_pain: bool, has_flag: bool
) -> tuple[Intent, float]:
    """The intent to act on and how sure of it the coach is."""
    if rules not in (Intent.other, Intent.pain_report) or (
        rules == Intent.pain_report and has_pain
    ):
        return rules, max(scores.intents.get(rules, 0.0), RULES_SURE)
    name, prob = scores.top()
    guess = Intent(name)
    if rules == Intent.pain_report and guess in (Intent.pain_report, Intent.other, Intent.question):
        # The rules read a report on the neck ("meh", "a bit sore"): the model has nothing
        # better to offer.
        return rules, max(scores.intents.get(rules, 0.0), RULES_READ)
    if guess == rules:
        return rules, prob
    if guess in _RULES_ONLY:
        return rules, 1.0 - prob  # the model sees a request the rules do not: not sure
    if guess in _CUES:
        refused = (
            NEGATED_STOP.search(text)
            or (guess == Intent.opt_out and refused_opt_out(text))
            or (guess == Intent.opt_in and refused_opt_in(text))
            or not _CUES[guess].search(text)
            or has_flag
        )
        if prob >= ADOPT_STRICT and not refused:
            return guess, prob
        return rules, scores.intents.get(rules, 0.0)
    if prob >= (ADOPT_PAIN if guess == Intent.pain_report else ADOPT):
        return guess, prob
    return rules, scores.intents.get(rules, 0.0)


def triage(
    *,
    intent: Intent,
    confidence: float,
    rules_flag: bool,
    rules_dismissed: bool,
    model_flag: float,
    rules_possible: bool = False,
    acknowledgement: bool,
    has_topic: bool,
) -> Triage:
    """`urgent`, `review` or `auto` (CLINICAL.md: when unsure between auto and review, review).

    `review` is for a possible red flag and for a reply whose meaning the coach may have
    wrong. Chat, thanks and a question with no known topic are understood well enough: they
    stay `auto` and still reach a person as a conversation (`conversations.routing`); a
    symptom-like word in them makes them `review` from a lower model score.
    """
    if rules_flag:
        return Triage.urgent
    if model_flag >= (RED_FLAG_DISMISSED if rules_dismissed else RED_FLAG_REVIEW):
        return Triage.review
    if rules_possible:
        return Triage.review
    if acknowledgement:
        return Triage.auto
    unread = intent == Intent.other or (intent == Intent.question and not has_topic)
    if unread and not rules_dismissed and model_flag >= RED_FLAG_UNREAD:
        return Triage.review
    if confidence < LOW_CONFIDENCE and intent != Intent.other:
        return Triage.review
    return Triage.auto
