"""`coach replies ...`: try the reply parser on phrasings from the terminal."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from coach.replies.parsing import ReplyContext, parse_reply

app = typer.Typer(help="Try the reply parser on patients' phrasings.", no_args_is_help=True)


@app.callback()
def main() -> None:
    """Try the reply parser on patients' phrasings."""


class ContextKind(StrEnum):
    """What the coach last sent, as the parser's context."""

    checkin = "checkin"
    exercise = "exercise"


@app.command()
def classify(
    context: Annotated[
        ContextKind | None,
        typer.Option(help="Pretend the last message sent was a check-in or an exercise."),
    ] = None,
) -> None:
    """Read replies, one a line, on stdin; write one JSON object a line on stdout.

    Every line gives an object, blank ones included (they parse as `other`), so output line N
    always answers input line N.
    """
    reply_context = ReplyContext(last_outbound_kind=str(context) if context else None)
    for line in sys.stdin:
        text = line.rstrip("\r\n")
        parsed = parse_reply(text, reply_context)
        row = {
            "text": text,
            "intent": str(parsed.intent),
            "pain": parsed.pain,
            "red_flag": parsed.red_flag,
            "red_flags": [str(flag) for flag in parsed.red_flags],
            "airway": parsed.airway,
            "red_flag_categories": [str(category) for category in parsed.categories],
            "self_harm": parsed.self_harm,
            "opt_out_exact": parsed.opt_out_exact,
            "pause_days": parsed.pause_days,
            "question_topic": parsed.question_topic,
            "language_hint": parsed.language_hint,
            "checkin_time": parsed.checkin_time.strftime("%H:%M") if parsed.checkin_time else None,
        }
        typer.echo(json.dumps(row, ensure_ascii=False))
