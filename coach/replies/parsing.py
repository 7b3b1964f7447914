"""The deterministic reply parser: intent, 0-10 pain score and red flags from one SMS.

Conventions are CLINICAL.md's. Choices made here:
- Red flags are found whatever the intent; only an exact Twilio keyword ("STOP") skips them.
- A red flag next to a bare "stop" ("stop, I can't feel my arm") is not read as an opt-out:
  the word is ambiguous there and the safety reply matters more. A clear opt-out phrase
  ("stop texting me") stays opt_out, with red_flag also set.
- A report on how the neck feels or a symptom, without a score ("neck is stiff today",
  "my hand went numb"), is `pain_report` with `pain` None (issue 11); a self-harm
  statement stays `other`.
- An explicit intent (DONE, a question, PAUSE) wins over `pain_report`; `pain` is still set,
  so "done, pain 3" logs the exercise and the score.
- Beside the rules a trained model (coach/replies/model) scores intent and red flag; the rules
  overrule it (model/combine.py). Each reply gets a triage level: `urgent` (a red flag the
  rules are sure of), `review` (a possible red flag, or the coach cannot act with
  confidence) or `auto`, and a `confidence` in the intent.
- In a check-in time request ("TIME 8pm", "HORA 20") the hour is not a pain score; a score
  elsewhere in the message still is ("check in at 8pm. pain 3").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from coach.replies import controls, intents, redflags, typos
from coach.replies.categories import Category
from coach.replies.labels import Intent, RedFlag
from coach.replies.language import language_hint
from coach.replies.model import combine, runtime
from coach.replies.normalize import bare, normalize
from coach.replies.numbers import extract_pain
from coach.replies.questions import question_topic

__all__ = [
    "Intent",
    "ParsedReply",
    "Reading",
    "RedFlag",
    "ReplyContext",
    "Triage",
    "parse_reply",
    "read",
]

Triage = combine.Triage

# Replies that only say "got it" (in normalized, punctuation-free form); an emoji-only reply
# counts too. The coach stays quiet rather than answer them with "didn't catch that".
_ACKNOWLEDGEMENTS = frozenset(
    {
        "ok", "okay", "k", "kk", "ok thanks", "ok thank you", "thanks", "thank you", "thx",
        "ty", "thank u", "thanks so much", "great", "great thanks", "cool", "got it",
        "will do", "sounds good", "perfect", "nice", "good", "gracias", "ok gracias",
        "muchas gracias", "vale", "perfecto", "entendido", "de acuerdo", "bueno", "listo gracias",
    }
)  # fmt: skip
# Emoji of distress, pain or sickness: a row of them is someone to read, not a "got it".
_DISTRESS = re.compile("[\U0001f616\U0001f61e-\U0001f62b\U0001f62d\U0001f630\U0001f61f"
                       "\U0001f614\U0001f615\U0001f641\u2639\U0001f494\U0001f198\U0001f912"
                       "\U0001f915\U0001f635\U0001f922\U0001f92e\U0001f97a]")  # fmt: skip


@dataclass(frozen=True)
class ReplyContext:
    """What the coach last sent this patient, which can change a reply's meaning."""

    last_outbound_kind: str | None = None  # e.g. "checkin", "exercise", "posture_tip"
    last_outbound_exercise_id: str | None = None


@dataclass(frozen=True)
class ParsedReply:
    """Everything the coach understood from one reply."""

    intent: Intent
    pain: int | None
    red_flag: bool
    red_flags: tuple[RedFlag, ...]
    airway: bool
    self_harm: bool
    opt_out_exact: bool
    pause_days: int | None
    question_topic: str | None
    language_hint: str | None
    acknowledgement: bool = False  # "ok", "thanks", a thumbs-up: needs no answer
    categories: tuple[Category, ...] = ()  # red-flag categories, most urgent first
    # The local time asked for by a checkin_time reply; None there means "explain TIME".
    checkin_time: time | None = None
    triage: Triage = Triage.auto  # urgent | review | auto: who handles the reply
    confidence: float = 1.0  # how sure the coach is of `intent` (0..1)
    # `review` because the reply may describe a red flag (not only a misread request): the
    # patient gets the safety net with every such reply (`conversations.inbound`).
    possible_red_flag: bool = False


@dataclass(frozen=True)
class Reading:
    """What a reply says before its context is known: the costly part of parsing (the
    red-flag rules and the model), which the webhook does before its turn at the database."""

    text: str
    norm: str
    words: str
    language: str | None
    keyword_opt_out: bool  # an exact Twilio keyword: nothing else is read
    findings: redflags.Findings | None
    pain: int | None
    scores: runtime.Scores | None


def read(text: str, *, use_model: bool = True, scorer: runtime.Scorer | None = None) -> Reading:
    """Read one reply without its context (see `parse_reply`)."""
    text = text if isinstance(text, str) else ""
    norm = normalize(text)
    words = bare(norm)
    language = language_hint(words)
    if intents.is_twilio_opt_out(words):
        return Reading(text, norm, words, language, True, None, None, None)
    model = scorer or (runtime.scorer() if use_model else None)
    return Reading(
        text,
        norm,
        words,
        language,
        False,
        redflags.detect(norm),
        extract_pain(norm),
        model.score(norm) if model else None,
    )


def parse_reply(
    text: str,
    context: ReplyContext | None = None,
    *,
    use_model: bool = True,
    scorer: runtime.Scorer | None = None,
    reading: Reading | None = None,
) -> ParsedReply:
    """Parse one inbound reply; never raises, and `pain` is always 0..10 or None.

    `use_model=False` gives the rules alone (benchmarks); `scorer` swaps in another model
    (evaluation of a freshly trained one); `reading` is `read(text)` done beforehand.
    """
    context = context or ReplyContext()
    if reading is None or reading.text != text:
        reading = read(text, use_model=use_model, scorer=scorer)
    norm, words, language = reading.norm, reading.words, reading.language
    if reading.findings is None:
        # Twilio already stopped the number and answered; no symptoms in one keyword.
        return ParsedReply(
            Intent.opt_out, None, False, (), False, False, True, None, None, language
        )
    findings, pain, scores = reading.findings, reading.pain, reading.scores
    intent = intents.classify(
        norm,
        words,
        has_pain=pain is not None,
        after_exercise=context.last_outbound_kind == "exercise",
        raw_stripped=reading.text.strip(),
    )
    at = None
    if intent == Intent.checkin_time:
        # "ok so TIME 8pm": the request may follow a greeting.
        where = norm if controls.time_request(norm) else intents.strip_opening(norm)
        request = controls.time_request(where)
        assert request is not None
        at = request.at
        start, end = request.span
        pain = extract_pain(f"{where[:start]} . {where[end:]}")
    if intent != Intent.opt_out and not findings.flags:
        # A slip in a keyword ("RESUMME", "puse for a week", "usnubscribe me"): read the
        # corrected words; an opt-out only when it is a clear request, never on a guess. A
        # slip can also leave a lesser intent ("no quiro mas mensajes" reads as "more",
        # "done with thees texts" as done): a clear opt-out in the corrected words wins.
        fixed = typos.corrected_keywords(norm)
        if fixed != norm:
            again = intents.classify(
                fixed,
                bare(fixed),
                has_pain=pain is not None,
                after_exercise=context.last_outbound_kind == "exercise",
                raw_stripped=fixed,
            )
            clear = again == Intent.opt_out and (
                intents.clear_opt_out(fixed) or intents.stop_keyword(bare(fixed))
            )
            if clear or (intent == Intent.other and again != Intent.opt_out):
                intent = again
    if findings.self_harm:
        # "i want 2 die" holds no pain score, and "done with life" is not an exercise.
        pain = extract_pain(redflags.without_self_harm(norm))
        if intent in (Intent.exercise_done, Intent.exercise_skip, Intent.pain_report):
            intent = Intent.pain_report if pain is not None else Intent.other
    if findings.flags and intent == Intent.opt_out and not intents.clear_opt_out(norm):
        intent = Intent.pain_report if pain is not None else Intent.other
    if intent == Intent.other and (findings.flags or findings.resolved) and not findings.self_harm:
        intent = Intent.pain_report  # a symptom report, even without a score or gone now
    confidence = 1.0
    if scores is not None:
        # No opt-out on the model's word when the reply may describe a red flag.
        maybe_flag = bool(findings.flags) or scores.red_flag >= combine.RED_FLAG_REVIEW
        intent, confidence = combine.intent(
            intent, scores, text=norm, has_pain=pain is not None, has_flag=maybe_flag
        )
    topic = question_topic(norm, words) if intent == Intent.question else None
    plain = intent == Intent.other and pain is None and not findings.flags
    said = bare(intents.strip_opening(norm)) or words  # "hola, gracias" is thanks
    acknowledgement = plain and (
        words in _ACKNOWLEDGEMENTS
        or said in _ACKNOWLEDGEMENTS
        or (not words and bool(norm) and not _DISTRESS.search(norm))
    )
    model_flag = scores.red_flag if scores else 0.0
    level = combine.triage(
        intent=intent,
        confidence=confidence,
        rules_flag=bool(findings.flags),
        rules_dismissed=findings.dismissed,
        rules_possible=findings.possible,
        model_flag=model_flag,
        acknowledgement=acknowledgement,
        has_topic=topic is not None,
    )
    possible = level == Triage.review and (
        findings.possible or model_flag >= combine.RED_FLAG_REVIEW
    )
    days = intents.pause_days(norm) if intent == Intent.pause else None
    return ParsedReply(
        intent=intent,
        pain=pain,
        red_flag=bool(findings.flags),
        red_flags=findings.flags,
        airway=findings.airway,
        self_harm=findings.self_harm,
        opt_out_exact=False,
        pause_days=days,
        question_topic=topic,
        language_hint=language,
        acknowledgement=acknowledgement,
        categories=findings.categories,
        checkin_time=at,
        triage=level,
        confidence=round(confidence, 3),
        possible_red_flag=possible,
    )
