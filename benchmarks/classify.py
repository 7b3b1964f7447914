"""Per-reply classification time: rules + triage model against the rules alone, same run.

Every reply of the corpus (all splits, plus a 10,000-character and an emoji-only text) is
parsed `--rounds` times each way, one core, interleaved so both see the same machine load.
Prints p50/p99 per reply for each and the ratio of the p99s; the bar is p99 under 2 ms.

    .venv/bin/python -m benchmarks.classify [--rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

from coach.replies.model import runtime
from coach.replies.model.corpus import SPLITS, split
from coach.replies.parsing import ReplyContext, parse_reply

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "replies" / "corpus"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    """Time both ways and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cases = [(e.text, ReplyContext(last_outbound_kind=e.context)) for n in SPLITS
             for e in split(CORPUS, n)]  # fmt: skip
    cases += [("x" * 10_000, ReplyContext()), ("\U0001f600" * 40, ReplyContext())]
    started = time.perf_counter()
    assert runtime.scorer() is not None
    load = time.perf_counter() - started
    for text, context in cases[:50]:  # warm both paths
        parse_reply(text, context)
        parse_reply(text, context, use_model=False)
    timings: dict[bool, list[float]] = {True: [], False: []}
    gc.collect()
    gc.disable()
    try:
        for _ in range(args.rounds):
            for text, context in cases:
                for use_model in (True, False):
                    t0 = time.perf_counter()
                    parse_reply(text, context, use_model=use_model)
                    timings[use_model].append(time.perf_counter() - t0)
    finally:
        gc.enable()
    ms = {key: [v * 1000 for v in values] for key, values in timings.items()}
    print(f"{len(cases)} replies x {args.rounds} rounds; model loaded once in {load:.2f} s")
    for key, label in ((False, "rules alone"), (True, "rules + model")):
        print(
            f"  {label:<14} p50 {_percentile(ms[key], 0.5):.3f} ms, "
            f"p99 {_percentile(ms[key], 0.99):.3f} ms"
        )
    ratio = _percentile(ms[True], 0.99) / _percentile(ms[False], 0.99)
    print(f"  p99 ratio (rules + model / rules alone): {ratio:.2f}x")


if __name__ == "__main__":
    main()
