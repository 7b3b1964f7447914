"""What a tester found by texting as patients: each wording reaches the right category,
no score is read out of a self-harm text, partial requests do not opt out."""

from __future__ import annotations

import pytest

from coach.replies.categories import Category
from coach.replies.parsing import Intent, Triage, parse_reply


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I'm thinking of ending my life", Category.self_harm),
        ("I took all my pills", Category.self_harm),
        ("me quiero matar", Category.self_harm),
        ("tengo ganas de morirme", Category.self_harm),
        ("mejor estaria muerto", Category.self_harm),
        ("unalive myself", Category.self_harm),
        ("everyone would be better off without me", Category.self_harm),
        ("i dont see the point in living anymore", Category.self_harm),
        ("i want 2 die", Category.self_harm),
        ("im done with life", Category.self_harm),
        ("i can barely breathe", Category.airway),
        ("my throat feels like its closing", Category.airway),
        ("my lips are turning blue", Category.airway),
        ("left arm pain and sweating", Category.cardiac),
        ("no me salen las palabras", Category.stroke),
        ("i cant feel my legs", Category.neurological),
        ("my temperature is 39.5 and my neck is stiff", Category.infection),
        ("38.9 temp and neck stiff", Category.infection),
        ("I'm burning up and cant move my neck", Category.infection),
        ("slipped on ice and hit my neck", Category.trauma),
        ("I've lost a stone without trying", Category.serious_illness),
        ("woken up drenched in sweat every night", Category.serious_illness),
    ],
)
def test_plain_wordings_reach_their_category(text: str, category: Category) -> None:
    parsed = parse_reply(text)
    assert category in parsed.categories, parsed
    assert parsed.triage == "urgent"


def test_a_self_harm_text_holds_no_score_and_is_no_exercise() -> None:
    assert parse_reply("i want 2 die").pain is None
    assert parse_reply("I w4nt to d1e").pain is None
    assert parse_reply("im done with life").intent != Intent.exercise_done
    assert parse_reply("i want to die, pain 8").pain == 8


@pytest.mark.parametrize(
    "text",
    [
        "stop sending the exercise texts, just the check-ins please",
        "can you stop texting me so early in the morning",
        "please don't stop the texts",
    ],
)
def test_partial_or_negated_stops_never_opt_out(text: str) -> None:
    assert parse_reply(text).intent != Intent.opt_out


@pytest.mark.parametrize(
    "text", ["I don't want these messages anymore", "just stop texting me", "i want out"]
)
def test_plain_opt_outs(text: str) -> None:
    assert parse_reply(text).intent == Intent.opt_out


@pytest.mark.parametrize(
    ("text", "pain"),
    [("1️⃣0️⃣", 10), ("5/10 but better than yesterday's 7", 5), ("pain 3 on a scale of 1-5", None)],
)
def test_scores_read_as_meant(text: str, pain: int | None) -> None:
    assert parse_reply(text).pain == pain


@pytest.mark.parametrize(
    ("text", "pain"),
    [
        ("call me at 5", None),  # a time asked for: the request goes to a person
        ("can you text me around 8 tonight", None),
        ("llamame a las 5 porfa", None),
        ("i'm 6 foot and my neck hurts", None),  # a height
        ("5'10 and my neck is a 7", 7),
        ("' OR 1=1; DROP TABLE patients; --", None),  # an equation is not a score
        ("call me at 5, the pain is a 4", 4),
    ],
)
def test_times_heights_and_equations_are_not_scores(text: str, pain: int | None) -> None:
    assert parse_reply(text).pain == pain


@pytest.mark.parametrize("text", ["😭😭😭", "😢", "💔", "🤕🤕"])
def test_a_row_of_distress_emoji_is_not_a_got_it(text: str) -> None:
    """Tester: crying emoji got no reply and reached no one; a thumbs-up still needs none."""
    assert not parse_reply(text).acknowledgement
    assert parse_reply("👍").acknowledgement


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("me aprieta el pecho y se me va al brazo", Category.cardiac),
        ("i cant see out of one eye", Category.stroke),
        ("suddenly lost the vision in my left eye", Category.stroke),
        ("no veo nada de un ojo desde esta mañana", Category.stroke),
        ("me hice pis encima sin darme cuenta", Category.neurological),
    ],
)
def test_tester_wordings_are_urgent(text: str, category: Category) -> None:
    """An outside tester's wordings that only reached `review`: each kind is a rule now."""
    parsed = parse_reply(text)
    assert parsed.triage == Triage.urgent and category in parsed.categories


def test_someone_elses_eye_is_not_the_patients_red_flag() -> None:
    assert not parse_reply("my son cant see out of one eye").red_flag
