"""The labelled reply corpus: JSONL rows with text, intent, pain, red flag and family."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

SPLITS = ("train", "dev", "test")


@dataclass(frozen=True)
class Example:
    """One labelled reply."""

    text: str
    intent: str
    pain: int | None
    red_flag: bool
    categories: tuple[str, ...] = ()
    context: str | None = None
    lang: str | None = None
    family: str | None = None


def read(path: Path) -> list[Example]:
    """The examples of one JSONL file (blank lines skipped)."""
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            examples.append(
                Example(
                    text=str(row["text"]),
                    intent=str(row["intent"]),
                    pain=row.get("pain"),
                    red_flag=bool(row["red_flag"]),
                    categories=tuple(row.get("categories") or ()),
                    context=row.get("context"),
                    lang=row.get("lang"),
                    family=row.get("family"),
                )
            )
        except (KeyError, ValueError) as error:
            raise ValueError(f"{path}:{number}: {error}") from error
    return examples


def split(folder: Path, name: str) -> list[Example]:
    """One split (train, dev or test) of a corpus folder."""
    return read(folder / f"{name}.jsonl")
