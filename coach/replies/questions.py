"""Questions in replies and the FAQ topic each one asks about."""

from __future__ import annotations

import re


def _any(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


_QUESTION_START = re.compile(
    r"^(?:how|what|which|should|can|could|is|are|does|do|when|why|where|will|would|may|"
    r"cuanto|cuantos|cuantas|debo|puedo|se puede|por que|"
    r"whats|hows|wheres|whens|whys|is it|is there|any (?:tips|advice|ideas|suggestions)|"
    r"que (?:puedo|debo|hago|medicina|medicamento|ejercicio|estiramiento|es|tal si|"
    r"me recomiend\w*)|"
    r"cual|cuales|como (?:puedo|debo|hago|me|se|le)|cuando|donde|es (?:mejor|bueno|normal|malo)|"
    r"sera|me recomiend\w*|"
    r"(?:heat|ice|calor|hielo|frio) (?:or|o) (?:heat|ice|calor|hielo|frio))\b"
)
_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "sleep_heat_pad",
        _any(
            r"(?:sleep|asleep|overnight|all night|dormir|dormirme|toda la noche)\w* .{0,40}"
            r"(?:heat|heating|electric blanket|almohadilla|calor|manta electrica)",
            r"(?:heat|heating) (?:pad|pack)\w* .{0,30}(?:sleep|asleep|overnight|all night)",
            r"(?:almohadilla|calor)\w* .{0,30}(?:dormir|toda la noche)",
        ),
    ),
    (
        "medication",
        _any(
            r"medication\w*",
            r"meds",
            r"medicine",
            r"pills?",
            r"ibuprofen\w*",
            r"tylenol",
            r"advil",
            r"aleve",
            r"motrin",
            r"naproxen",
            r"acetaminophen",
            r"paracetamol",
            r"painkillers?",
            r"pain killers?",
            r"dose\w*",
            r"dosage",
            r"muscle relaxants?",
            r"medicina\w*",
            r"medicamento\w*",
            r"pastilla\w*",
            r"ibuprofeno",
            r"dosis",
        ),
    ),
    (
        "see_doctor",
        _any(
            r"doctor",
            r"dr",
            r"physio\w*",
            r"gp",
            r"clinician",
            r"physical therap\w*",
            r"chiropractor",
            r"urgent care",
            r"er",
            r"emergency room",
            r"medico",
            r"doctora",
            r"fisio\w*",
            r"urgencias",
            r"ver a alguien",
            r"see someone",
        ),
    ),
    ("pillow", _any(r"pillows?", r"almohadas?", r"mattress", r"colchon", r"sleep position")),
    (
        "massage",
        _any(
            r"massag\w*",
            r"masaje\w*",
            r"masajista\w*",
            r"foam roll\w*",
            r"rub (?:my |the |your )?(?:neck|shoulders?)",
            r"sobar\w*",
        ),
    ),
    (
        "which_exercise",
        _any(
            r"(?:which|what|best|que|cual|cuales|mejor) (?:\w+ )?(?:exercises?|stretch\w*|"
            r"ejercicios?|estiramientos?)",
            r"exercise",
            r"ejercicio",
        ),
    ),
    # Before "how long": "how long should I ice it?" is about heat or ice (up to 20 min),
    # and "how long do I hold the stretch?" about doses, not how long neck pain lasts.
    ("heat_or_ice", _any(r"heat", r"ice", r"hot", r"cold", r"warm", r"calor", r"hielo", r"frio")),
    (
        "how_many",
        _any(
            r"how many",
            r"how often",
            r"cuantas",
            r"cuantos",
            r"cada cuanto",
            r"how long (?:\w+ ){0,4}hold\w*",
            r"cuanto tiempo (?:\w+ ){0,4}(?:mantener|sostener|aguantar)\w*",
        ),
    ),
    ("how_long", _any(r"how long", r"cuanto tiempo", r"por cuanto", r"hasta cuando")),
    (
        "texting",
        _any(
            r"texting",
            r"phone",
            r"screen\w*",
            r"text neck",
            r"cell",
            r"computer",
            r"laptop",
            r"celular",
            r"telefono",
            r"pantalla\w*",
            r"computadora",
        ),
    ),
    ("posture", _any(r"posture", r"sit\w*", r"desk", r"chair", r"postura", r"sentad\w*", r"silla")),
    # Last: the most general words ("is it stress?", "my shoulders are so tense?").
    (
        "stress",
        _any(
            r"stress\w*",
            r"tension",
            r"tense",
            r"anxi\w*",
            r"estres\w*",
            r"tens[oa]s?",
            r"ansiedad",
            r"ansios[oa]s?",
            r"nervios\w*",
        ),
    ),
)
KEYWORD_TOPICS = {
    "heat": "heat_or_ice", "ice": "heat_or_ice", "calor": "heat_or_ice", "hielo": "heat_or_ice",
    "exercise": "which_exercise", "ejercicio": "which_exercise", "posture": "posture",
    "pillow": "pillow", "postura": "posture", "almohada": "pillow", "massage": "massage",
    "masaje": "massage", "stress": "stress", "estres": "stress",
}  # fmt: skip


def question_topic(text: str, bare_text: str) -> str | None:
    """The FAQ topic a reply asks about, if any."""
    if bare_text in KEYWORD_TOPICS:
        return KEYWORD_TOPICS[bare_text]
    for topic, pattern in _TOPICS:
        if pattern.search(text):
            return topic
    return None


def looks_like_question(text: str) -> bool:
    """Whether the reply is phrased as a question."""
    return "?" in text or "\u00bf" in text or bool(_QUESTION_START.search(text))
