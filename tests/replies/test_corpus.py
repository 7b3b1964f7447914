"""Per-field accuracy of the reply parser on the labelled corpus (`pytest -s` prints it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from coach.replies.parsing import ParsedReply, ReplyContext, parse_reply

CORPUS = Path(__file__).with_name("corpus.jsonl")
FIELDS = {"text", "intent", "pain", "red_flag", "context"}


@dataclass(frozen=True)
class Case:
    text: str
    intent: str
    pain: int | None
    red_flag: bool
    context: str | None


def load() -> list[Case]:
    cases = []
    for number, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines(), start=1):
        row = json.loads(line)
        assert set(row) <= FIELDS, f"line {number}: unknown keys {set(row) - FIELDS}"
        cases.append(
            Case(row["text"], row["intent"], row["pain"], row["red_flag"], row.get("context"))
        )
    return cases


def parse(case: Case) -> ParsedReply:
    return parse_reply(case.text, ReplyContext(last_outbound_kind=case.context))


@pytest.fixture(scope="module")
def results() -> list[tuple[Case, ParsedReply]]:
    return [(case, parse(case)) for case in load()]


def test_corpus_is_big_varied_and_unique() -> None:
    cases = load()
    assert len(cases) >= 220
    assert len({(c.text, c.context) for c in cases}) == len(cases)
    assert {c.intent for c in cases} >= {
        "pain_report", "opt_out", "opt_in", "help", "exercise_done", "exercise_skip",
        "pause", "resume", "wrong_number", "question", "other", "fewer", "more", "checkin_time",
    }  # fmt: skip
    assert sum(c.red_flag for c in cases) >= 60
    assert sum(c.pain is not None for c in cases) >= 60


def test_accuracy(results: list[tuple[Case, ParsedReply]]) -> None:
    total = len(results)
    intent_ok = sum(str(parsed.intent) == case.intent for case, parsed in results)
    pain_ok = sum(parsed.pain == case.pain for case, parsed in results)
    flag_ok = sum(parsed.red_flag == case.red_flag for case, parsed in results)
    true_pos = sum(case.red_flag and parsed.red_flag for case, parsed in results)
    actual = sum(case.red_flag for case, _ in results)
    predicted = sum(parsed.red_flag for _, parsed in results)
    recall = true_pos / actual
    precision = true_pos / predicted
    # The figures are the point of this test: `pytest tests/replies/test_corpus.py -s` shows them.
    print(  # noqa: T201
        f"\nreply corpus: {total} replies; intent {intent_ok / total:.1%}, "
        f"pain {pain_ok / total:.1%}, red_flag {flag_ok / total:.1%} "
        f"(recall {recall:.1%}, precision {precision:.1%})"
    )
    misses = [case.text for case, parsed in results if case.red_flag and not parsed.red_flag]
    assert not misses, f"red flags missed: {misses}"
    assert precision >= 0.95
    assert pain_ok / total >= 0.97
    assert intent_ok / total >= 0.90
