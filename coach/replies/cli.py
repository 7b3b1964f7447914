"""`coach replies ...`: try the reply parser, train its model and measure it on a corpus."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coach.replies.parsing import ReplyContext, parse_reply

app = typer.Typer(help="Try the reply parser on patients' phrasings.", no_args_is_help=True)

# The labelled corpus ships with the repository (tests/replies/corpus), next to the tests.
CORPUS = Path("tests/replies/corpus")


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
            "triage": str(parsed.triage),
            "confidence": parsed.confidence,
        }
        typer.echo(json.dumps(row, ensure_ascii=False))


@app.command()
def train(
    corpus: Annotated[
        Path, typer.Option(help="The corpus folder (train.jsonl, dev.jsonl, test.jsonl).")
    ] = CORPUS,
    output: Annotated[
        Path | None, typer.Option(help="Where to write the model (default: the package's).")
    ] = None,
) -> None:
    """Train the triage model on the corpus' train and dev splits and write the artefact.

    Deterministic: the same corpus always builds the same model. The test split is never
    used, so `coach replies evaluate` on it stays a fair measure.
    """
    from coach.replies.model.runtime import ARTEFACT
    from coach.replies.model.train import build

    target = output or ARTEFACT
    count = build(corpus, path=target)
    typer.echo(f"trained on {count} replies -> {target}")


@app.command()
def evaluate(
    file: Annotated[
        Path | None,
        typer.Argument(help="A labelled JSONL file (default: the corpus' test split)."),
    ] = None,
) -> None:
    """Per-field figures and the intent confusion table of rules + model on a labelled file.

    Each line: {"text", "intent", "pain", "red_flag"} and optionally "context"
    ("checkin"/"exercise"); see tests/replies/corpus/README.md.
    """
    from coach.replies.model.corpus import read
    from coach.replies.model.evaluate import evaluate as run
    from coach.replies.model.evaluate import render

    path = file or CORPUS / "test.jsonl"
    try:
        examples = read(path)
    except (OSError, ValueError) as error:
        typer.echo(f"cannot read {path}: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(render(run(examples)))
