"""What a reply asks for: keywords, plain-language requests, questions and their topics.

Rules run on `normalize()`d text (lower case, no accents, no apostrophes) or on its `bare`
form (words only) for whole-message keywords.
"""

from __future__ import annotations

import re

from coach.replies.labels import Intent
from coach.replies.normalize import wordset

# Twilio acts on these itself (exact single word only): the coach must not answer them.
TWILIO_OPT_OUT = frozenset(
    {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout"}
)
_OPT_IN_WORDS = frozenset({"start", "yes", "unstop", "empezar", "comenzar", "start again"})
_HELP_WORDS = frozenset({"help", "info", "ayuda", "help please", "ayuda por favor", "menu"})
_ACK_WORDS = frozenset(
    {"ok", "okay", "k", "kk", "yes", "yep", "yeah", "yup", "si", "sip", "vale", "claro", "sure"}
)
_ACK_EMOJI = frozenset({"\U0001f44d", "\u2705", "\U0001f44c", "\u2714", "\U0001f4aa"})


def _any(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


_OPT_OUT = _any(
    r"stop (?:texting|messaging|sending|contacting|calling|txting|texing|msging|all)\w*",
    r"stop (?:the |these |your |all )?(?:texts|messages|msgs|calls|reminders|notifications)",
    r"no more (?:texts|messages|msgs|calls|reminders)",
    r"unsubscribe",
    r"opt me out",
    r"opt out",
    r"leave me alone",
    r"remove me",
    r"take me off",
    r"(?:dont|do not|never) (?:text|message|contact|call|txt) me",
    r"(?:quit|stop) (?:bugging|bothering|spamming) me",
    r"no me (?:manden|envien|escriban|mande|envie|escriba|llamen)",
    r"(?:ya )?no quiero (?:recibir |mas )?(?:mensajes|textos|llamadas)",
    r"dej\w* de (?:mandar|enviar|escribir|llamar)",
    r"(?:dar|darme) de baja",
    r"(?:cancelar|cancela) (?:los |mis |la )?(?:mensajes|suscripcion)",
)
# A message that is only one of these words (plus "please") is a plain-language opt-out.
_OPT_OUT_ALONE = frozenset(
    {"alto", "parar", "para", "basta", "cancelar", "ya basta", "stop please", "please stop",
     "stop now", "stop stop", "alto por favor", "por favor para", "stop por favor", "baja",
     "unsubscribe me", "no more", "no mas", "no mas mensajes", "stop texting", "stop it",
     "stop it please", "please stop it"}
)  # fmt: skip
_OPT_IN = _any(r"start again", r"(?:sign|opt) me (?:back )?in", r"quiero (?:volver a )?empezar")
_RESUME = _any(
    r"resume",
    r"continuar",
    r"continue",
    r"reanudar",
    r"unpause",
    r"im back",
    r"back from (?:vacation|my trip|holiday)",
    r"(?:start|send) (?:the )?(?:texts|messages) again",
    r"ya regrese",
    r"volvi",
)
_PAUSE = _any(
    r"pause",
    r"pausa\w*",
    r"on (?:vacation|holiday)",
    r"(?:going|away) on (?:vacation|holiday|a trip)",
    r"de vacaciones",
    r"vacation",
    r"hold (?:the |my )?(?:texts|messages)",
    r"take a break from (?:the )?(?:texts|messages)",
    r"(?:stop|hold) (?:the )?(?:texts|messages) for",
)
_WRONG_NUMBER = _any(
    r"wrong (?:number|#|person|phone)",
    r"(?:numero|telefono) equivocado",
    r"se equivoc\w* de (?:numero|persona)",
    r"(?:who is this|who dis|whos this|quien es).{0,40}(?:dont know|never signed|not a patient|"
    r"no (?:te |lo |la |los )?conozco|wrong)",
    r"(?:dont|do not) know (?:you|who this is|this number)",
    r"no (?:te |lo |la |los )?conozco",
    r"never signed up",
    r"no soy (?:paciente|\w+ ?$)",
    r"im not \w+,? (?:wrong|you have)",
    r"this is not \w+s (?:phone|number)",
    r"not (?:a|your) patient",
)
_WHO = _any(r"who is this", r"who dis", r"whos this", r"quien es", r"what is this")
_SKIP = _any(
    r"skip\w*",
    r"(?:didnt|did not|couldnt|could not|havent|have not|wont|will not|cant) do (?:it|them|"
    r"that|the exercises?|my exercises?|any)",
    r"(?:didnt|did not|havent|have not) (?:get to|had time)",
    r"stopped (?:the |my |doing )?(?:exercises?|stretch\w*)",
    r"no (?:pude|lo hice|los hice|hice)",
    r"salte\w*",
    r"me lo salte",
    r"not today",
    r"hoy no",
)
_DONE = _any(
    r"done",
    r"did (?:it|them|that|the exercises?|my exercises?|all)",
    r"finished",
    r"completed?",
    r"hecho",
    r"listo",
    r"lista",
    r"ya lo hice",
    r"ya los hice",
    r"lo hice",
    r"termine",
    r"just did",
)
_QUESTION_START = re.compile(
    r"^(?:how|what|which|should|can|could|is|are|does|do|when|why|where|will|would|may|"
    r"cuanto|cuantos|cuantas|como|que|cual|debo|puedo|es|se puede|cuando|por que|donde)\b"
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
        "which_exercise",
        _any(
            r"(?:which|what|best|que|cual|cuales|mejor) (?:\w+ )?(?:exercises?|stretch\w*|"
            r"ejercicios?|estiramientos?)",
            r"exercise",
            r"ejercicio",
        ),
    ),
    ("how_many", _any(r"how many", r"how often", r"cuantas", r"cuantos", r"cada cuanto")),
    ("how_long", _any(r"how long", r"cuanto tiempo", r"por cuanto", r"hasta cuando")),
    ("heat_or_ice", _any(r"heat", r"ice", r"hot", r"cold", r"warm", r"calor", r"hielo", r"frio")),
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
)
_KEYWORD_TOPICS = {
    "heat": "heat_or_ice", "ice": "heat_or_ice", "calor": "heat_or_ice", "hielo": "heat_or_ice",
    "exercise": "which_exercise", "ejercicio": "which_exercise", "posture": "posture",
    "pillow": "pillow", "postura": "posture", "almohada": "pillow",
}  # fmt: skip
_DAYS = re.compile(
    r"(\d+|a|an|one|un|una|uno|dos|two|tres|three|four|cuatro|five|cinco)\s*"
    r"(days?|dias?|d|weeks?|wks?|semanas?|months?|mes|meses)\b"
)
_SMALL = {
    "a": 1, "an": 1, "one": 1, "un": 1, "una": 1, "uno": 1, "two": 2, "dos": 2, "three": 3,
    "tres": 3, "four": 4, "cuatro": 4, "five": 5, "cinco": 5,
}  # fmt: skip
_PAUSE_NUMBER = re.compile(r"\bpaus(?:e|a|ar)?\s*(?:for\s+|por\s+)?(\d{1,3})\b")


def is_twilio_opt_out(bare_text: str) -> bool:
    """Whether the whole message is one of Twilio's own opt-out keywords."""
    return bare_text in TWILIO_OPT_OUT


def clear_opt_out(text: str) -> bool:
    """Whether the reply names what to stop ("stop texting me"), not just "stop"."""
    return bool(_OPT_OUT.search(text)) and not _SKIP.search(text)


def opt_out(text: str, bare_text: str) -> bool:
    """Whether the reply asks, in plain language, to stop all messages."""
    return bare_text in _OPT_OUT_ALONE or clear_opt_out(text)


def pause_days(text: str) -> int | None:
    """The number of days a pause asks for ("PAUSE 3", "for a week"), if any."""
    match = _DAYS.search(text)
    if match:
        count_word, unit = match.groups()
        count = int(count_word) if count_word.isdigit() else _SMALL.get(count_word, 1)
        if unit.startswith(("w", "semana")):
            count *= 7
        elif unit.startswith(("month", "mes")):
            count *= 30
        return count if 0 < count <= 366 else None
    number = _PAUSE_NUMBER.search(text)
    if number:
        count = int(number.group(1))
        return count if 0 < count <= 366 else None
    return None


def question_topic(text: str, bare_text: str) -> str | None:
    """The FAQ topic a reply asks about, if any."""
    if bare_text in _KEYWORD_TOPICS:
        return _KEYWORD_TOPICS[bare_text]
    for topic, pattern in _TOPICS:
        if pattern.search(text):
            return topic
    return None


def looks_like_question(text: str) -> bool:
    """Whether the reply is phrased as a question."""
    return "?" in text or "\u00bf" in text or bool(_QUESTION_START.search(text))


def classify(
    text: str, bare_text: str, *, has_pain: bool, after_exercise: bool, raw_stripped: str
) -> Intent:
    """The reply's intent from keywords and phrases, in order of precedence."""
    if is_twilio_opt_out(bare_text):
        return Intent.opt_out
    if bare_text in _OPT_IN_WORDS and not (after_exercise and bare_text == "yes"):
        return Intent.opt_in
    if bare_text in _HELP_WORDS:
        return Intent.help
    if _WRONG_NUMBER.search(text):
        return Intent.wrong_number
    if opt_out(text, bare_text):
        return Intent.opt_out
    if _RESUME.search(text) and not _PAUSE.search(text.replace("unpause", "")):
        return Intent.resume
    if _PAUSE.search(text):
        return Intent.pause
    if _OPT_IN.search(text):
        return Intent.opt_in
    if _SKIP.search(text):
        return Intent.exercise_skip
    if _DONE.search(text) and not looks_like_question(text):
        return Intent.exercise_done
    if after_exercise and (bare_text in _ACK_WORDS or raw_stripped in _ACK_EMOJI):
        return Intent.exercise_done
    if _WHO.search(text) and len(bare_text.split()) <= 5:
        return Intent.help  # a short "who is this?": the help text names the clinic
    if bare_text in _KEYWORD_TOPICS:
        return Intent.question
    if looks_like_question(text):
        return Intent.question
    if has_pain:
        return Intent.pain_report
    return Intent.other


_SPANISH = wordset(
    "el la los las de que y en no me mi mis es esta estoy tengo duele dolor cuello hoy ahora "
    "ayer muy mas pero por para con sin hice lo ya si gracias hola bien mal brazo mano manos "
    "cabeza siento puedo quiero mensajes ejercicio ejercicios un una poco mucho todavia tambien "
    "cuanto como cual dias semana semanas alto parar basta ayuda hecho listo pausa reanudar "
    "continuar empezar"
)
_ENGLISH = wordset(
    "the a an and is it my i im me to of in no not pain neck today now yesterday very but for "
    "with without did done do dont cant can feel hurts hurt arm hand hands head thanks hi good "
    "bad what how should stop please help yes skip pause resume much little still also"
)


def language_hint(bare_text: str) -> str | None:
    """ "en" or "es" when the words make the language clear, else None."""
    words = bare_text.split()
    spanish = sum(word in _SPANISH for word in words)
    english = sum(word in _ENGLISH for word in words)
    if spanish > english:
        return "es"
    if english > spanish:
        return "en"
    return None
