"""The labelled reply corpus of issue 11: size, languages, coverage, labels, family split."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from coach.replies.categories import Category
from coach.replies.labels import Intent
from coach.replies.model.corpus import SPLITS, Example, split
from coach.replies.model.evaluate import evaluate
from tests.replies.corpus.generate import build, split_of

CORPUS = Path(__file__).with_name("corpus")


@pytest.fixture(scope="module")
def splits() -> dict[str, list[Example]]:
    return {name: split(CORPUS, name) for name in SPLITS}


@pytest.fixture(scope="module")
def everything(splits: dict[str, list[Example]]) -> list[Example]:
    return [example for rows in splits.values() for example in rows]


def test_size_languages_and_coverage(everything: list[Example]) -> None:
    assert len(everything) >= 2500
    assert len({(e.text, e.context) for e in everything}) == len(everything)
    assert sum(e.lang == "es" for e in everything) / len(everything) >= 0.30
    assert {e.intent for e in everything} == {str(i) for i in Intent}
    flags = [e for e in everything if e.red_flag]
    assert len(flags) >= 300
    named = set(Category) - {Category.unspecified}
    for lang in ("en", "es"):
        assert {c for e in flags if e.lang == lang for c in e.categories} == named, lang
    assert sum(e.intent in ("opt_out", "opt_in") for e in everything) >= 250


def test_labels_are_well_formed(everything: list[Example]) -> None:
    categories = {str(c) for c in Category}
    for e in everything:
        assert e.intent in {str(i) for i in Intent}, e.text
        assert e.pain is None or 0 <= e.pain <= 10, e.text
        assert e.red_flag == bool(e.categories), e.text
        assert set(e.categories) <= categories, e.text
        assert e.context in (None, "checkin", "exercise"), e.text
        assert e.family and e.lang in ("en", "es"), e.text


def test_hard_negatives_for_every_intent_and_red_flags(everything: list[Example]) -> None:
    families = Counter(e.family for e in everything)
    names = [f for f in families if f]
    negatives = [f for f in names if ".neg." in f or ".not" in f or ".other." in f]
    assert len(negatives) >= 20
    assert any("notstop" in f for f in names)


def test_split_is_by_family_with_a_fixed_seed(splits: dict[str, list[Example]]) -> None:
    seen: dict[str, str] = {}
    for name, rows in splits.items():
        for e in rows:
            assert e.family is not None
            assert split_of(e.family) == name
            assert seen.setdefault(e.family, name) == name
    sizes = {name: len(rows) for name, rows in splits.items()}
    assert sizes["train"] > sizes["dev"] > 200 and sizes["test"] > 200


def test_the_files_are_what_generate_writes(splits: dict[str, list[Example]]) -> None:
    built = build()
    for name, rows in splits.items():
        assert [e.text for e in rows] == [row["text"] for row in built[name]]


def test_figures_on_the_test_split(splits: dict[str, list[Example]]) -> None:
    report = evaluate(splits["test"])
    figures = report.figures()
    # `pytest -s` shows them; the README quotes them.
    print("\ntest split:", {k: round(v, 3) for k, v in figures.items()})  # noqa: T201
    # Floors at what the shipped model reaches (README), so a regression fails here.
    assert figures["pain"] >= 0.98
    # The bar is 0. Since the w8/w9 writers joined (w8: many hard negatives for opting out)
    # the test split holds two (five before the bounded-pause and "not interested in the
    # heat pack" rules, which were written from train and dev); they are not looked up, so
    # the split stays a fair test.
    assert figures["false_opt_outs"] <= 2
    assert figures["red_flag_caught"] >= 0.93
    assert figures["urgent_precision"] >= 0.85
    assert figures["opt_out_recall"] >= 0.85
    assert figures["intent"] >= 0.80
