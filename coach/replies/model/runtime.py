"""Load the shipped triage model once per process, lazily, and score one reply fast.

scikit-learn's own `transform` and `predict_proba` cost about 10 ms a call on one short text
(input checks, sparse matrix set-up); a reply must be scored in well under 2 ms. So the
fitted vocabularies, idf weights and coefficients are read out once into plain arrays and
one reply is scored with a dictionary look-up per n-gram. A test checks that the figures
equal scikit-learn's.
"""

from __future__ import annotations

import functools
import logging
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

_log = logging.getLogger(__name__)
ARTEFACT = Path(__file__).with_name("triage.skops")

# skops refuses any type not listed as trusted; the model may hold only these.
_TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.")


@dataclass(frozen=True)
class Scores:
    """What the model thinks of one reply."""

    intents: dict[str, float]  # probability of each intent
    red_flag: float  # probability that the reply describes a red flag

    def top(self) -> tuple[str, float]:
        """The most likely intent and its probability."""
        name = max(self.intents, key=self.intents.__getitem__)
        return name, self.intents[name]


@dataclass(frozen=True)
class _Block:
    analyse: Callable[[str], list[str]]
    vocabulary: dict[str, int]  # term -> column in the stacked weights
    idf: npt.NDArray[np.float64]  # by column


class Scorer:
    """A fitted model read out into arrays: scores one reply without scikit-learn's overhead."""

    def __init__(self, model: dict[str, Any]) -> None:
        """Read the vectoriser blocks and both heads out of a fitted model."""
        self.model = model
        blocks: list[_Block] = []
        offset = 0
        for _, vectoriser in model["vectoriser"].transformer_list:
            vocabulary = {term: offset + i for term, i in vectoriser.vocabulary_.items()}
            idf = np.zeros(offset + len(vocabulary))
            idf[offset:] = vectoriser.idf_
            blocks.append(_Block(vectoriser.build_analyzer(), vocabulary, idf))
            offset += len(vocabulary)
        self._blocks = blocks
        intent, flag = model["intent"], model["red_flag"]
        self._intents = [str(name) for name in intent.classes_]
        self._weights = np.hstack([intent.coef_.T, flag.coef_.T]).astype(np.float64)
        self._bias = np.concatenate([intent.intercept_, flag.intercept_]).astype(np.float64)
        self._positive = list(flag.classes_).index(1)

    def score(self, normalized: str) -> Scores:
        """Intent and red-flag probabilities of one already-normalised reply."""
        columns: list[int] = []
        values: list[float] = []
        for block in self._blocks:
            counts = Counter(term for term in block.analyse(normalized) if term in block.vocabulary)
            cols = [block.vocabulary[term] for term in counts]
            vals = [
                (1.0 + math.log(n)) * float(block.idf[col])
                for col, n in zip(cols, counts.values(), strict=True)
            ]
            norm = math.sqrt(sum(v * v for v in vals)) or 1.0
            columns.extend(cols)
            values.extend(v / norm for v in vals)
        logits = self._bias.copy()
        if columns:
            logits += np.asarray(values) @ self._weights[columns]
        intent_logits = logits[:-1]
        if len(self._intents) == 2:  # a binary head has one column
            raise ValueError("the intent head needs more than two intents")
        exp = np.exp(intent_logits - intent_logits.max())
        probs = exp / exp.sum()
        flag = 1.0 / (1.0 + math.exp(-float(logits[-1])))
        if self._positive == 0:
            flag = 1.0 - flag
        return Scores(dict(zip(self._intents, probs.tolist(), strict=True)), flag)


def load_file(path: Path) -> dict[str, Any]:
    """A model read from a skops file, refusing any type outside scikit-learn and numpy."""
    import skops.io as sio

    untrusted = sio.get_untrusted_types(file=path)
    strange = [name for name in untrusted if not name.startswith(_TRUSTED_PREFIXES)]
    if strange:
        raise ValueError(f"{path.name}: unexpected types {strange}")
    model: dict[str, Any] = sio.load(path, trusted=untrusted)
    return model


@functools.cache
def scorer() -> Scorer | None:
    """The shipped model, loaded on first use (once per process); None if it cannot load.

    Without the model the rules still parse every reply; the failure is logged once.
    """
    try:
        return Scorer(load_file(ARTEFACT))
    except (OSError, ValueError, ImportError, KeyError):
        _log.exception("triage model %s unavailable: rules only", ARTEFACT.name)
        return None
