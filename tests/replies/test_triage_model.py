"""The trained triage model beside the rules: artefact, triage levels, CLI, review replies."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sqlmodel import select
from typer.testing import CliRunner

from coach.conversations.models import Conversation, ConversationEntry
from coach.replies.cli import app
from coach.replies.model import runtime
from coach.replies.model.corpus import split
from coach.replies.model.train import build
from coach.replies.normalize import normalize
from coach.replies.parsing import Intent, ReplyContext, Triage, parse_reply
from tests.helpers import patient

CORPUS = Path(__file__).with_name("corpus")
runner = CliRunner()


def test_the_shipped_model_is_what_coach_replies_train_builds(tmp_path: Path) -> None:
    rebuilt_path = tmp_path / "triage.skops"
    build(CORPUS, path=rebuilt_path)
    shipped = runtime.load_file(runtime.ARTEFACT)
    rebuilt = runtime.load_file(rebuilt_path)
    for (_, ours), (_, theirs) in zip(
        shipped["vectoriser"].transformer_list, rebuilt["vectoriser"].transformer_list, strict=True
    ):
        assert ours.vocabulary_ == theirs.vocabulary_
        assert np.allclose(ours.idf_, theirs.idf_)
    for head in ("intent", "red_flag"):
        assert list(shipped[head].classes_) == list(rebuilt[head].classes_)
        assert np.allclose(shipped[head].coef_, rebuilt[head].coef_, atol=1e-6)
    ours, theirs = runtime.Scorer(shipped), runtime.Scorer(rebuilt)
    examples = [e for name in ("train", "dev", "test") for e in split(CORPUS, name)]
    assert len(examples) >= 2500
    for example in examples:
        text = normalize(example.text)
        assert ours.score(text).top()[0] == theirs.score(text).top()[0], example.text
        assert abs(ours.score(text).red_flag - theirs.score(text).red_flag) < 1e-6


def test_fast_scoring_equals_scikit_learn() -> None:
    model = runtime.load_file(runtime.ARTEFACT)
    scorer = runtime.Scorer(model)
    texts = [normalize(e.text) for e in split(CORPUS, "dev")[:80]] + ["", "\U0001f600", "x" * 3000]
    matrix = model["vectoriser"].transform(texts)
    intents = model["intent"].predict_proba(matrix)
    flags = model["red_flag"].predict_proba(matrix)[:, 1]
    for row, text in enumerate(texts):
        scores = scorer.score(text)
        assert np.allclose(list(scores.intents.values()), intents[row])
        assert abs(scores.red_flag - flags[row]) < 1e-9


def test_the_model_refuses_a_file_with_foreign_types(tmp_path: Path) -> None:
    import skops.io as sio

    path = tmp_path / "bad.skops"
    sio.dump({"oops": Path("x")}, path)
    with pytest.raises(ValueError, match="unexpected types"):
        runtime.load_file(path)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("chest pain going to my jaw", Triage.urgent),
        ("me salen mal las palabras", Triage.urgent),
        ("pain 4", Triage.auto),
        ("ok thanks", Triage.auto),
        ("\U0001f44d", Triage.auto),
        ("STOP", Triage.auto),
        # Chat and a question with no known topic are understood: no safety net, no review
        # alert; the conversation router still gives them to a person.
        ("the weather is lovely", Triage.auto),
        ("when is my next appointment?", Triage.auto),
        ("hola, gracias", Triage.auto),
        ("meh", Triage.auto),  # a report on the neck without a score
        ("my arm feels weird and heavy", Triage.review),  # a possible red flag, no rule
        ("tengo la mano rara, como dormida", Triage.urgent),
    ],
)
def test_triage_levels(text: str, level: Triage) -> None:
    parsed = parse_reply(text)
    assert parsed.triage == level
    assert 0.0 <= parsed.confidence <= 1.0


@pytest.mark.parametrize(
    "text",
    ["the weather is lovely", "when is my next appointment?", "these exercises make it worse"],
)
def test_what_the_coach_cannot_answer_still_reaches_a_person(text: str) -> None:
    from coach.conversations.routing import needs_human

    assert needs_human(parse_reply(text), text)


@pytest.mark.parametrize(
    "text",
    [
        "my arms are sore from the gym",
        "stretched my arms this morning, neck 3",
        "I fell asleep on the couch, neck stiff 5",
        "no numbness, no weakness, just stiff",
        "I lost weight on my diet, feeling great",
        "hoy mejor, sin hormigueo",
        "mi mama se cayo pero esta bien",
        "can I do the exercises standing?",
        "I dropped my kids at school, neck 3",
    ],
)
def test_ordinary_replies_that_name_a_body_part_stay_with_the_coach(text: str) -> None:
    assert parse_reply(text).triage == Triage.auto


@pytest.mark.parametrize(
    "text",
    [
        "when I talk it comes out all jumbled",
        "tight chest and my left arm aches",
        "sweating buckets at night",
        "veo todo nublado",
        "me cuesta pasar la comida",
        "got into a fender bender this morning",
        "I've been peeing myself",
        "no aguanto la orina",
        "I keep bumping into walls",
        "my balance is terrible",
        "camino como borracho",
        "la cara se me cayo de un lado",
        "he bajado mucho de peso sin dieta",
        "mi brazo no responde",
        "everything looks double",
        "pssed out in the kitchen",  # a letter dropped inside a doubled one
        "fevreish with a stiff neck, 6",  # swapped letters before an ending
        "my clothes are falling off me and im not trying to lose weight",
    ],
)
def test_more_kinds_of_red_flag_wording_are_urgent(text: str) -> None:
    parsed = parse_reply(text)
    assert parsed.triage == Triage.urgent, parsed


@pytest.mark.parametrize(
    ("text", "intent", "pain"),
    [
        ("hi MORE", Intent.more, None),
        ("Hola soy Carmen, MENOS", Intent.fewer, None),
        ("ok so TIME 8pm", Intent.checkin_time, None),
        ("text me at 8", Intent.checkin_time, None),  # a time is never a score
        ("can you text me at 7pm instead, pain 3", Intent.checkin_time, 3),
        ("hey start please", Intent.opt_in, None),
        ("I miss the texts, can I have them back?", Intent.opt_in, None),
        ("hi STOP thank you", Intent.opt_out, None),
        ("back from vacation", Intent.resume, None),
        ("hold off on texts while Im away", Intent.pause, None),
        ("this isnt Mikes phone anymore", Intent.wrong_number, None),
        ("stretches \u2705", Intent.exercise_done, None),
        ("hice los estiramientos", Intent.exercise_done, None),
        ("forgot again oops", Intent.exercise_skip, None),
        ("no tuve tiempo hoy", Intent.exercise_skip, None),
        ("meh", Intent.pain_report, None),
        ("amaneci con torticolis", Intent.pain_report, None),
        ("que medicina puedo tomar", Intent.question, None),
        ("delete my numbber", Intent.opt_out, None),  # "numbber" is no numbness
    ],
)
def test_casual_wordings_of_each_intent(text: str, intent: Intent, pain: int | None) -> None:
    parsed = parse_reply(text)
    assert (parsed.intent, parsed.pain) == (intent, pain)


@pytest.mark.parametrize(
    "text",
    [
        "pressure in my chst going up into my jaw",  # a typo in the one word that matters
        "left arm and chset hurt at the same time, pain 8",
        "me dule el pecho con nauseas",
    ],
)
def test_misspelt_red_flags_are_never_left_with_the_coach(text: str) -> None:
    # The typo layer now reads these as red flags (urgent); before it, the model sent them
    # to review. Either way a person hears of them.
    parsed = parse_reply(text)
    assert parsed.triage in (Triage.urgent, Triage.review)
    assert parsed.red_flag or parsed.triage == Triage.review


@pytest.mark.parametrize(
    "text",
    [
        "please don't stop the texts, they help",
        "dont stop sending them, love the tips",
        "no dejen de mandarme los mensajes, me ayudan",
        "I don't want to stop the program",
        "no me quiero salir, me gusta",
        "ya no quieo vivir",  # a self-harm statement with a typo is never an opt-out
    ],
)
def test_a_negated_stop_never_opts_out(text: str) -> None:
    assert parse_reply(text).intent != Intent.opt_out


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("STOP please", Intent.opt_out),
        ("basta de mensajes", Intent.opt_out),
        ("quiero salir del programa", Intent.opt_out),
        ("remove my number from your list", Intent.opt_out),
        ("not interested anymore", Intent.opt_out),
        ("I want the texts back", Intent.opt_in),
        ("quiero volver a recibir los mensajes", Intent.opt_in),
        ("worse than yesterday", Intent.pain_report),
        ("a little sore", Intent.pain_report),
    ],
)
def test_wordings_the_issue_names(text: str, intent: Intent) -> None:
    assert parse_reply(text).intent == intent


@pytest.mark.parametrize("text", ["", " ", "x" * 10_000, "\U0001f600" * 50, "\ud800abc", "\x00"])
def test_bad_input_is_classified_without_error(text: str) -> None:
    parsed = parse_reply(text, ReplyContext(last_outbound_kind="checkin"))
    assert parsed.triage in tuple(Triage)
    assert 0.0 <= parsed.confidence <= 1.0
    assert parsed.pain is None


def test_the_model_reads_what_the_rules_do_not() -> None:
    from coach.replies.model import combine

    text = "yep got em \U0001f4aa"
    assert parse_reply(text, use_model=False).intent == Intent.other
    sure = runtime.Scores({"exercise_done": 0.9, "other": 0.1}, red_flag=0.01)
    unsure = runtime.Scores({"exercise_done": 0.6, "other": 0.4}, red_flag=0.01)
    read = combine.intent(Intent.other, sure, text=text, has_pain=False, has_flag=False)
    assert read[0] == Intent.exercise_done
    kept = combine.intent(Intent.other, unsure, text=text, has_pain=False, has_flag=False)
    assert kept[0] == Intent.other


def test_classify_adds_triage_and_confidence() -> None:
    result = runner.invoke(app, ["classify"], input="pain 4\nchest pain to my jaw\n\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["triage"] for row in rows] == ["auto", "urgent", "auto"]
    assert all(isinstance(row["confidence"], float) for row in rows)
    assert rows[0]["intent"] == "pain_report" and rows[0]["pain"] == 4


def test_evaluate_prints_figures_and_a_confusion_table(tmp_path: Path) -> None:
    file = tmp_path / "mine.jsonl"
    rows = [
        {"text": "pain 3", "intent": "pain_report", "pain": 3, "red_flag": False},
        {"text": "chest pain to my jaw", "intent": "pain_report", "pain": None, "red_flag": True},
        {"text": "STOP", "intent": "opt_out", "pain": None, "red_flag": False},
    ]
    file.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(file)])
    assert result.exit_code == 0, result.output
    assert "3 replies" in result.stdout
    assert "red_flag_caught          1.000" in result.stdout
    assert "false_opt_outs           0.000" in result.stdout
    assert "confusion" in result.stdout


def test_evaluate_refuses_a_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 1


def test_a_review_reply_goes_to_the_inbox_with_one_safety_net(webhooks) -> None:
    phone = "+12125550123"
    with webhooks.session() as s:
        patient(s, phone=phone)
    first = webhooks.sms(phone, "the weather is lovely")
    assert "call 911 now" in first.text and "care team will read" in first.text
    second = webhooks.sms(phone, "my dog ate my charger")
    assert "care team will read" not in second.text  # once per conversation
    with webhooks.session() as s:
        conversations = s.exec(select(Conversation)).all()
        entries = s.exec(select(ConversationEntry)).all()
    assert len(conversations) == 1 and conversations[0].status == "open"
    assert sum(1 for e in entries if e.kind == "inbound") == 2


def test_a_spanish_review_reply_is_in_spanish(webhooks) -> None:
    phone = "+12125550124"
    with webhooks.session() as s:
        patient(s, phone=phone, language="es")
    reply = webhooks.sms(phone, "cuando es mi proxima cita?")
    assert "llame al 911" in reply.text
