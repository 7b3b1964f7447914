"""Properties of the reply parser that hold for any text (hypothesis)."""

from __future__ import annotations

import time

from hypothesis import example, given, settings
from hypothesis import strategies as st

from coach.replies.intents import TWILIO_OPT_OUT
from coach.replies.parsing import Intent, ReplyContext, parse_reply

contexts = st.sampled_from(
    [None, ReplyContext(), ReplyContext("checkin"), ReplyContext("exercise", "chin_tuck")]
)
# Phrases that steer generated text into the parser's interesting paths.
fragments = st.sampled_from(
    ["7", "10", "6.5", "5-6", "/10", " out of ", "pain", "no ", "numb", "dizzy", "stop",
     "fever", "days", "my kid", "3pm", "-", "siete", "sin ", "?", "\u20e3", "\ufe0f", "\U0001f51f",
     " ", ",", ".", "but", "was", "now", "want to die", "cant breathe"]
)  # fmt: skip
mixed = st.lists(st.one_of(fragments, st.text(max_size=8)), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(), mixed), context=contexts)
@example(text="\ud800\udfff\x00", context=None)
@example(text="", context=None)
@example(text="9" * 5000, context=None)
def test_never_raises_and_fields_are_well_formed(text: str, context: ReplyContext | None) -> None:
    parsed = parse_reply(text, context)
    assert isinstance(parsed.intent, Intent)
    assert parsed.pain is None or (isinstance(parsed.pain, int) and 0 <= parsed.pain <= 10)
    assert parsed.red_flag == bool(parsed.red_flags)
    if parsed.self_harm or parsed.airway:
        assert parsed.red_flag
    if parsed.opt_out_exact:
        assert parsed.intent == Intent.opt_out and not parsed.red_flag
    if parsed.pause_days is not None:
        assert parsed.intent == Intent.pause and 0 < parsed.pause_days <= 366


@given(
    keyword=st.sampled_from(sorted(TWILIO_OPT_OUT)),
    case=st.sampled_from([str.upper, str.lower, str.title, lambda s: s]),
    before=st.text(alphabet=" \t\n.!,", max_size=3),
    after=st.text(alphabet=" \t\n.!?,", max_size=3),
    context=contexts,
)
def test_exact_opt_out_keyword_always_opts_out(
    keyword: str, case, before: str, after: str, context: ReplyContext | None
) -> None:
    parsed = parse_reply(before + case(keyword) + after, context)
    assert parsed.intent == Intent.opt_out
    assert parsed.opt_out_exact


@given(score=st.integers(0, 10), context=contexts)
def test_a_bare_score_is_the_score(score: int, context: ReplyContext | None) -> None:
    assert parse_reply(str(score), context).pain == score
    assert parse_reply(f"{score}/10", context).pain == score


@given(number=st.integers(11, 10**9))
def test_numbers_above_ten_are_never_a_score(number: int) -> None:
    assert parse_reply(str(number)).pain is None


@given(text=st.text(max_size=300))
def test_deterministic(text: str) -> None:
    assert parse_reply(text) == parse_reply(text)


def test_fast_on_a_huge_body() -> None:
    body = "my neck hurts, no numbness, about a 6 but was 8 yesterday? " * 10_000
    start = time.perf_counter()
    parsed = parse_reply(body)
    assert time.perf_counter() - start < 1.0
    assert parsed.pain is not None
