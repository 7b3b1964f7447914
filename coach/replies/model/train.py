"""Train the triage model: TF-IDF over character and word n-grams, two linear heads.

Training is deterministic (no randomness in the solver, sorted vocabulary), so the same
corpus always builds the same artefact; a test holds the shipped model to that.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from coach.replies.model.corpus import Example
from coach.replies.model.runtime import ARTEFACT
from coach.replies.normalize import normalize


def features() -> FeatureUnion:
    """Character n-grams (typos, Spanish endings, emoji) beside word uni- and bigrams."""
    return FeatureUnion(
        [
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                    lowercase=False,
                ),
            ),
            (
                "words",
                TfidfVectorizer(
                    analyzer="word", ngram_range=(1, 2), min_df=1, sublinear_tf=True,
                    lowercase=False, token_pattern=r"(?u)\b\w+\b",
                ),
            ),
        ]
    )  # fmt: skip


def fit(examples: Sequence[Example]) -> dict[str, Any]:
    """The model (vectoriser, intent head, red-flag head) fitted on `examples`."""
    texts = [normalize(example.text) for example in examples]
    vectoriser = features()
    matrix = vectoriser.fit_transform(texts)
    intent = LogisticRegression(C=20.0, max_iter=3000, class_weight="balanced")
    intent.fit(matrix, [example.intent for example in examples])
    # Unweighted and more regularised: its probability is read against a threshold.
    red_flag = LogisticRegression(C=1.0, max_iter=3000)
    red_flag.fit(matrix, [int(example.red_flag) for example in examples])
    return {"vectoriser": vectoriser, "intent": intent, "red_flag": red_flag}


def save(model: dict[str, Any], path: Path = ARTEFACT) -> None:
    """Write the model in skops' format (no pickle: loading runs no stored code)."""
    import zipfile

    import skops.io as sio

    sio.dump(model, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)


def build(corpus: Path, splits: Sequence[str] = ("train", "dev"), path: Path = ARTEFACT) -> int:
    """Fit on the corpus folder's splits and write the artefact; the number of examples."""
    from coach.replies.model.corpus import split

    examples = [example for name in splits for example in split(corpus, name)]
    save(fit(examples), path)
    return len(examples)
