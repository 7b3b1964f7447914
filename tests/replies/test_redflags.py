"""Red flags: every CLINICAL.md group in English and Spanish, negation and third parties."""

from __future__ import annotations

import pytest

from coach.replies.parsing import RedFlag, parse_reply

FLAGGED = [
    # neuro
    ("numb", RedFlag.neuro),
    ("NUMBNESS IN MY LEFT HAND", RedFlag.neuro),
    ("pins and needles in both hands", RedFlag.neuro),
    ("cant feel my fingers", RedFlag.neuro),
    ("I couldn't feel my hand", RedFlag.neuro),
    ("arm is weak", RedFlag.neuro),
    ("I feel weak all over", RedFlag.neuro),
    ("dropping things", RedFlag.neuro),
    ("hand feels clumsy", RedFlag.neuro),
    ("wobbly when I walk", RedFlag.neuro),
    ("my left hand goes numb at night", RedFlag.neuro),
    ("cant lift my arm", RedFlag.neuro),
    ("no, my arm is numb", RedFlag.neuro),
    ("not sure if its numbness or just cold", RedFlag.neuro),
    ("numbness won't go away", RedFlag.neuro),
    ("entumecido", RedFlag.neuro),
    ("hormigueo en las dos manos", RedFlag.neuro),
    ("debilidad en el brazo", RedFlag.neuro),
    ("mi brazo esta dormido", RedFlag.neuro),
    ("se me caen las cosas", RedFlag.neuro),
    ("No tengo fuerza en la mano", RedFlag.neuro),
    ("Me cuesta caminar", RedFlag.neuro),
    ("Tengo los dedos dormidos", RedFlag.neuro),
    ("my legs feel like jelly when i walk", RedFlag.neuro),
    # bladder and bowel
    ("peed myself", RedFlag.bladder_bowel),
    ("cant control my bladder", RedFlag.bladder_bowel),
    ("I lost control of my bowels", RedFlag.bladder_bowel),
    ("me orine encima", RedFlag.bladder_bowel),
    # electric shock
    ("electric shock down my back when I look down", RedFlag.electric_shock),
    ("feels like electricity down my spine", RedFlag.electric_shock),
    ("siento descargas en la espalda", RedFlag.electric_shock),
    ("Cuando me agacho siento un corrientazo", RedFlag.electric_shock),
    # infection
    ("fever and stiff neck", RedFlag.infection),
    ("101 fever", RedFlag.infection),
    ("38.5C", RedFlag.infection),
    ("got a rash", RedFlag.infection),
    ("light hurts my eyes", RedFlag.infection),
    ("fiebre y cuello rigido", RedFlag.infection),
    # airway and lumps
    ("hard to swallow", RedFlag.swallowing),
    ("cant breathe", RedFlag.airway),
    ("throat is swelling", RedFlag.lump),
    ("lump on my neck", RedFlag.lump),
    ("no puedo tragar", RedFlag.swallowing),
    ("no puedo respirar", RedFlag.airway),
    ("tengo un bulto en el cuello", RedFlag.lump),
    # trauma
    ("car accident", RedFlag.trauma),
    ("fell off a ladder", RedFlag.trauma),
    ("dove into the pool", RedFlag.trauma),
    ("rear ended today", RedFlag.trauma),
    ("accidente de coche", RedFlag.trauma),
    ("me caí ayer", RedFlag.trauma),
    # vascular
    ("worst headache of my life", RedFlag.vascular),
    ("thunderclap", RedFlag.vascular),
    ("tearing pain", RedFlag.vascular),
    ("dizzy", RedFlag.dizziness),
    ("IM SO DIZZZY", RedFlag.dizziness),
    ("fainted", RedFlag.vascular),
    ("passed out", RedFlag.vascular),
    ("double vision", RedFlag.vascular),
    ("blurry vision", RedFlag.dizziness),
    ("slurred speech", RedFlag.vascular),
    ("face is numb", RedFlag.vascular),
    ("mareado", RedFlag.dizziness),
    ("vision doble", RedFlag.vascular),
    ("me desmaye", RedFlag.vascular),
    ("Se me nubla la vista", RedFlag.dizziness),
    ("Siento que me voy a desmayar", RedFlag.vascular),
    ("Me dio un dolor de cabeza horrible de repente", RedFlag.vascular),
    # cardiac
    ("chest pain going to my jaw", RedFlag.cardiac),
    ("dolor de pecho", RedFlag.cardiac),
    # systemic
    ("night sweats", RedFlag.systemic),
    ("losing weight without trying", RedFlag.systemic),
    ("I had cancer", RedFlag.systemic),
    ("pain never goes away at night", RedFlag.systemic),
    ("sudores nocturnos", RedFlag.systemic),
    ("estoy bajando de peso", RedFlag.systemic),
    # self-harm
    ("I want to die", RedFlag.self_harm),
    ("kill myself", RedFlag.self_harm),
    ("end it all", RedFlag.self_harm),
    ("no quiero vivir", RedFlag.self_harm),
    ("hacerme daño", RedFlag.self_harm),
    ("me quiero morir", RedFlag.self_harm),
    ("nobody would miss me", RedFlag.self_harm),
    ("quiero morirme", RedFlag.self_harm),
    ("suicidal thoughts", RedFlag.self_harm),
]


@pytest.mark.parametrize(("text", "flag"), FLAGGED)
def test_red_flags(text: str, flag: RedFlag) -> None:
    parsed = parse_reply(text)
    assert parsed.red_flag
    assert flag in parsed.red_flags


@pytest.mark.parametrize(
    "text",
    [
        "no numbness today",
        "numbness is gone",
        "no tingling anymore",
        "not dizzy",
        "without fever",
        "ya no tengo hormigueo",
        "sin mareos",
        "no fever, just stiff",
        "I don't have any numbness or tingling",
        "No numbness, tingling or weakness. 2",
        "no numbness, no tingling",
        "no fever, no rash, just stiff",
        "the dizziness went away",
        "never had any fever",
        "night sweats are gone now",
        "el hormigueo ya se fue",
        "my kid has a fever",
        "my husband was in a car accident",
        "mi hijo tiene fiebre",
        "my mom had cancer",
        "mi hija se cayó",
        "fell asleep on the couch",
        "wrong number",
        "can I sleep with an electric blanket?",
        "knot in my shoulder",
        "lumpy pillow is the worst",
        "I accidentally skipped yesterday",
        "my neck is killing me",
        "STOP",
    ],
)
def test_not_red_flags(text: str) -> None:
    assert not parse_reply(text).red_flag


@pytest.mark.parametrize(
    "text",
    [
        "my husband and I were in a car accident",
        "my son said my speech is slurred",
        "my kid has a fever and now I have one too, fever 39C",
        "no fever but I'm dizzy",
        "no pain, numb fingers",
        "no pain and numb fingers",
        "sin dolor, con hormigueo",
    ],
)
def test_own_symptoms_next_to_negation_or_others_still_flag(text: str) -> None:
    assert parse_reply(text).red_flag


@pytest.mark.parametrize(
    ("text", "airway"),
    [
        ("hard to breathe, neck swollen", True),
        ("cant swallow", False),  # swallowing alone: see a clinician soon, not 911
        ("cant swallow and my neck is swollen", True),
        ("me cuesta respirar", True),
        ("lump on my neck", False),
        ("dizzy", False),
    ],
)
def test_airway(text: str, airway: bool) -> None:
    parsed = parse_reply(text)
    assert parsed.airway is airway
    assert parsed.red_flag


def test_self_harm_is_never_negated() -> None:
    parsed = parse_reply("I don't want to die but this hurts, 8")
    assert parsed.self_harm and parsed.red_flag
    assert parsed.pain == 8


def test_red_flag_found_whatever_the_intent() -> None:
    assert parse_reply("DONE but my fingers are numb").red_flag
    assert parse_reply("should I worry about double vision?").red_flag
    assert parse_reply("pain 5 but my hand is numb").pain == 5
