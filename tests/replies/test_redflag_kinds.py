"""Red-flag kinds in indirect words (issue 11, round 3), each with its hard negatives.

Every kind is a family of verbs and objects in both languages; the negatives are the same
words about someone else, negated, resolved, long ago, hypothetical or a figure of speech.
"""

from __future__ import annotations

import pytest

from coach.replies.parsing import RedFlag, parse_reply

KINDS = [
    # a wish not to wake up, a leap, being tired of living, hurting oneself to feel
    ("some nights i hope i just dont wake up", RedFlag.self_harm),
    ("wish i could go to sleep and not wake up", RedFlag.self_harm),
    ("ojala no despertar mañana", RedFlag.self_harm),
    ("quisiera acostarme y no volver a despertar", RedFlag.self_harm),
    ("keep thinking about stepping in front of a train", RedFlag.self_harm),
    ("a veces pienso en aventarme de un edificio", RedFlag.self_harm),
    ("honestly im tired of being alive", RedFlag.self_harm),
    ("estoy harta de vivir asi", RedFlag.self_harm),
    ("ive been saving up my pills", RedFlag.self_harm),
    ("me corto los brazos para no sentir el dolor", RedFlag.self_harm),
    # a casual spill off a bike, a motorbike or a horse
    ("took a spill on the motorbike this morning", RedFlag.trauma),
    ("came off my scooter on the way to work", RedFlag.trauma),
    ("got bucked off the horse yesterday", RedFlag.trauma),
    ("had a nasty tumble down the stairs", RedFlag.trauma),
    ("went over the handlebars on saturday", RedFlag.trauma),
    ("derrape con la moto ayer", RedFlag.trauma),
    ("me tumbo el caballo el domingo", RedFlag.trauma),
    # pills and food that will not go down
    ("my tablets wont go down", RedFlag.swallowing),
    ("cant get any food down since yesterday", RedFlag.swallowing),
    ("bread sticks halfway down every time", RedFlag.swallowing),
    ("no me pasa la comida", RedFlag.swallowing),
    ("las pastillas no me bajan", RedFlag.swallowing),
    ("se me quedan atoradas las pastillas en la garganta", RedFlag.swallowing),
    # symptoms that came back after going away
    ("the numbness went away but now its back", RedFlag.neuro),
    ("tingling stopped for a week and came back today", RedFlag.neuro),
    ("the fever was gone but it returned tonight", RedFlag.infection),
    ("se me habia quitado el hormigueo pero volvio", RedFlag.neuro),
    ("ya no tenia fiebre pero regreso anoche", RedFlag.infection),
    ("se me habia quitado lo dormido pero volvio", RedFlag.neuro),
    # a limb giving out
    ("my arm just gave out carrying groceries", RedFlag.neuro),
    ("legs buckled under me on the stairs", RedFlag.neuro),
    ("se me doblaron las piernas en la calle", RedFlag.neuro),
    # "out of nowhere" is not a negation; "my" in the words makes it the patient's
    ("de la nada se me durmio la mano", RedFlag.neuro),
    ("tripped over my sons shoes and banged my head", RedFlag.trauma),
    # a burden, a goodbye, not being around
    ("i feel like such a burden to everyone", RedFlag.self_harm),
    ("they would be better off if i was gone", RedFlag.self_harm),
    ("soy una carga para mis hijos", RedFlag.self_harm),
    ("started cutting again", RedFlag.self_harm),
    ("wrote goodbye notes to my kids", RedFlag.self_harm),
    ("quiero que todo se acabe", RedFlag.self_harm),
    ("cant find the right words today", RedFlag.vascular),
    ("my arm keeps drifting down when i hold it up", RedFlag.neuro),
    ("cant do up my buttons anymore", RedFlag.neuro),
    ("whacked my head on the cupboard", RedFlag.trauma),
    ("like an elephant on my chest", RedFlag.cardiac),
    ("my jeans are falling off and im not dieting", RedFlag.systemic),
    ("nadie me echaria de menos", RedFlag.self_harm),
    ("ya me despedi de mis hermanos", RedFlag.self_harm),
    ("mejor me desaparezco para siempre", RedFlag.self_harm),
    # legs that go weak, a hand that lets go, pain even at night
    ("las piernas se me sienten flojas", RedFlag.neuro),
    ("dropped my mug twice today", RedFlag.neuro),
    ("ni de noche me deja descansar el dolor", RedFlag.systemic),
    # cancer history with new persistent pain
    ("had cancer years ago and this neck pain is new and wont go away", RedFlag.systemic),
    ("tuve cáncer hace años", RedFlag.systemic),
]

NOT_RED_FLAGS = [
    # someone else
    "my husband took a spill on his motorbike, hes fine",
    "mi hijo se cayo de la bici, esta bien",
    "my moms pills wont go down so she crushes them",
    # negated or resolved, and not back
    "i dont have any trouble swallowing, pills go down fine",
    "the numbness is gone and hasnt come back",
    "se me quito el hormigueo y no ha vuelto",
    "se me quito lo dormido de la mano, solo dolor",
    "the tingling went away, im back at work",
    # long ago
    "fell off my bike when i was 12",
    "came off my bike years ago, neck was never the same",
    "me cai de la moto de chamaco",
    "i almost came off my bike today lol",
    # hypothetical
    "what if i fall off my bike, should i call?",
    "if i ever cant swallow should i go to the er?",
    "si alguna vez se me duerme el brazo que hago?",
    # other senses of the words
    "dont want to wake up at 6 for the check in",
    "i dont want to wake up so early for texts",
    "im tired of this traffic",
    "i just want to disappear for a week on a beach",
    "jumped off the couch to grab the phone",
    "me atragante con el agua de la risa jaja",
    "dropped my bike off at the shop",
    # someone else, said another way
    "a coworker fainted at lunch today",
    "la abuela se desmayo en la iglesia",
    "my brother keeps slurring, we are taking him in",
    "la quimio de mi tia empieza el lunes",
    # resolved, checked, long gone, used to
    "fever broke last night, neck moves fine",
    "se me bajo la fiebre",
    "had a rash last week but its long gone",
    "the numb feeling i mentioned on monday is totally gone",
    "used to get tingling in my hands but not since the stretches",
    "the lump turned out to be nothing",
    "ninguna bolita ni nada raro",
    "no he tenido fiebre",
    "whiplash from a crash back in 2011, stiff ever since",
    "beat cancer back in 2005, neck is fine today",
    # a question about what to watch for, a hypothetical symptom
    "is numbness something to watch out for?",
    "si me da fiebre tengo que ir al doctor?",
    "if my arm goes numb should i call?",
    "physio asked if i ever fainted, never have",
    # figures of speech
    "couldnt breathe from laughing at your text",
    "me cai de la risa con tu mensaje",
    "me quiero morir de la verguenza",
    "me estoy ahogando en trabajo",
    "nearly had a heart attack when i saw the bill",
    "sudando a mares con este calor",
    "dropped my phone on my face in bed",
    "legs are jelly after leg day",
    "my feet fell asleep from sitting cross legged",
    "i turned it off by accident",
    "been cutting carbs again",
    "im cutting back on coffee",
    "cant find the right words to thank you",
    "my clothes are loose since i started the diet",
    "my son whacked his head on the table, hes fine",
]


@pytest.mark.parametrize(("text", "flag"), KINDS)
def test_indirect_kind_is_flagged(text: str, flag: RedFlag) -> None:
    parsed = parse_reply(text, use_model=False)
    assert flag in parsed.red_flags, (text, parsed.red_flags)


@pytest.mark.parametrize("text", NOT_RED_FLAGS)
def test_hard_negative_is_not_flagged(text: str) -> None:
    parsed = parse_reply(text, use_model=False)
    assert not parsed.red_flags, (text, parsed.red_flags)


def test_a_symptom_back_again_is_urgent_with_the_model() -> None:
    assert parse_reply("the night sweats had stopped but theyre back").triage == "urgent"


def test_a_stem_inflection_is_not_a_typo() -> None:
    from coach.replies import typos

    assert typos.correct_word("quito") == "quito"  # not "quita" + "o"
    assert typos.correct_word("fevreish") == "feverish"


@pytest.mark.parametrize(
    ("text", "flag"),
    [("se me durmio el braso", RedFlag.neuro), ("me desmalle ayer", RedFlag.vascular)],
)
def test_spanish_sound_alike_slips(text: str, flag: RedFlag) -> None:
    assert flag in parse_reply(text, use_model=False).red_flags


def test_sound_alike_slips_leave_real_words() -> None:
    from coach.replies import typos

    for word in ("casa", "cosas", "haces", "servir", "llave", "vision", "dolor"):
        assert typos.correct_word(word) == word


@pytest.mark.parametrize(
    "text",
    [
        "a truck rear ended me on the freeway this morning, neck is a 7",
        "un camion nos choco en la carretera ayer y me duele el cuello",
        "me atropello una moto saliendo del super",
    ],
)
def test_a_vehicle_that_hit_the_patient_is_trauma(text: str) -> None:
    parsed = parse_reply(text)
    assert parsed.red_flag
    assert parsed.triage.value == "urgent"
