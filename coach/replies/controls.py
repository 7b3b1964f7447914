"""Patient controls in a reply: FEWER / MENOS, MORE / MAS and a check-in time (TIME 8pm).

Rules run on `normalize()`d text (lower case, no accents) or its `bare` form. Phrases are
narrow on purpose: "menos dolor", "no puedo mas", "mas o menos" and "a las 8 me duele"
talk about the neck, not about the texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time


def _any(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


_TEXTS_EN = r"(?:texts|messages|msgs|reminders|tips|sms)"
_TEXTS_ES = r"(?:mensajes|textos|sms|recordatorios|consejos)"
_SEND_ES = r"(?:manden|envien|mande|envie|escriban|escriba|mandar|enviar|escribir)(?:me|nme)?"

_FEWER_ALONE = frozenset(
    {"fewer", "menos", "fewer please", "menos por favor", "fewer texts please",
     "please fewer", "por favor menos"}
)  # fmt: skip
_FEWER = _any(
    rf"(?:fewer|less) {_TEXTS_EN}",
    rf"too many {_TEXTS_EN}",
    rf"(?:so|as|that) many {_TEXTS_EN}",
    rf"(?:not|dont send|do not send) (?:so|as|that) many {_TEXTS_EN}",
    r"(?:send|text|message)(?: me)? (?:fewer|less)",
    r"(?:text|message|send|contact|write)\w*(?: me)? (?:less often|less frequently)",
    r"(?:so|as|that) (?:much|often)(?: please)?$",
    rf"(?<!no )(?<!sin )menos {_TEXTS_ES}",
    rf"demasiados {_TEXTS_ES}",
    rf"(?:muchos|tantos) {_TEXTS_ES}",
    rf"{_SEND_ES} menos",
    r"con menos frecuencia",
    r"menos seguido",
)
# "dont text me so much" asks for fewer texts, not for none: only with a verb about texts.
_FEWER_NEEDS = _any(r"text\w*", r"message\w*", r"send\w*", r"mensaj\w*", r"escrib\w*")

_MORE_ALONE = frozenset(
    {"more", "mas", "more please", "mas por favor", "more texts", "more messages", "more tips",
     "mas mensajes", "mas textos", "mas consejos", "please more", "por favor mas"}
)  # fmt: skip
_MORE = _any(
    rf"(?<!no )(?<!any )(?<!dont want )more {_TEXTS_EN}(?! (?:please )?(?:stop|no))",
    r"(?:send|text) me more",
    r"(?:text|message|send)\w*(?: me)? more often",
    r"back to (?:the )?(?:normal|usual) (?:texts|messages|number|amount)",
    rf"(?<!no )(?<!sin )(?<!no quiero )(?<!no quiero recibir )mas {_TEXTS_ES}",
    rf"{_SEND_ES} mas (?!tarde|temprano)",
    rf"{_SEND_ES} mas$",
    r"con mas frecuencia",
)

# A time of day: "8pm", "8:30 pm", "20", "20:00", "20h", "8 de la noche", "7 y media".
_TIME = (
    r"(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2})| (?P<m2>\d{2})(?= ?[ap]\.?m| ?h| ?$))?"
    r"(?: ?(?:h|hs|hrs|horas))?"
    r"(?: y (?P<half>media|cuarto))?"
    r"(?: ?(?P<ampm>a\.? ?m\.?|p\.? ?m\.?))?"
    r"(?: (?:de|en|por) la (?P<es>manana|tarde|noche)| in the (?P<en>morning|afternoon|evening)"
    r"| at night)?"
)
_NAMED = {"noon": time(12, 0), "midday": time(12, 0), "mediodia": time(12, 0)}
_POLITE = r"(?: (?:please|pls|por favor|instead|en vez|mejor|thanks|gracias|each day|every day|"
_POLITE += r"daily|cada dia|todos los dias))*"
_LEAD = r"(?:(?:to|at|for|a las|a la|sobre las|@) ?)?"
# "TIME ...", "HORA ...": the keyword the texts teach, alone or with a time after it.
# The time part of a phrase ends at punctuation; a dot inside "8 p.m." or "7.30" is kept.
_UPTO = r"(?:[^,;!?.]|\.(?=\S))+"
_KEYWORD = re.compile(
    r"^(?:time|hora|check ?in time|checkin time|horario)"
    r"(?: (?:de la|del) (?:pregunta|consulta|mensaje)(?: diaria)?)?\b ?(?P<rest>.*)$"
)
_PHRASE = _any(
    rf"check[- ]?ins? (?:me )?(?:at|to|for) (?P<a>{_UPTO})",
    r"(?:change|move|set|put|switch|send|make) (?:my |the )?(?:daily )?(?:check[- ]?ins?|question)"
    rf"(?: time)? (?:to|at|for) (?P<b>{_UPTO})",
    rf"(?:ask|check on) me at (?P<c>{_UPTO})",
    r"(?:cambiar|cambie|cambien|cambia|mover|pasar|pase|pasen|poner|ponga|pongan) (?:la )?"
    r"(?:hora|pregunta|consulta)(?: (?:del|de la) (?:mensaje|pregunta|consulta))? (?:a|para) "
    rf"(?:las |la )?(?P<d>{_UPTO})",
    rf"(?:preguntenme|preguntame|pregunteme|pregunten) (?:a|sobre) las (?P<e>{_UPTO})",
    rf"(?:prefiero|quiero) (?:la )?(?:pregunta|consulta) (?:diaria )?a las (?P<f>{_UPTO})",
    # "text me at 8", "can you message me around 7pm instead", "escribanme a las 9"
    r"(?:text|txt|message|msg|ping|remind|contact|write|ask|send|check in with) (?:me|it)"
    rf"(?: the (?:check[- ]?in|question))? (?:at|around|by|after) (?P<g>{_UPTO})",
    r"(?:escribanme|escribame|escribeme|mandenme|mandeme|mandame|envienme|envieme|"
    r"preguntame|preguntenme|pregunteme)(?: (?:el mensaje|la pregunta))? (?:a|sobre|despues de) "
    rf"las (?P<h2>{_UPTO})",
    rf"(?:mejor|prefiero) (?:a|en la tarde a|en la manana a) las (?P<i>{_UPTO})",
)


# A request to move the texts to another part of the day without a time the coach can set
# ("text me in the evening instead", "prefiero que me escriban en la noche", "6am is too early,
# can it be 9?"): a check-in time request with no time, so the coach explains TIME.
_DAYPART = (
    r"(?:mornings?|afternoons?|evenings?|nights?|lunch\w*|noon|midday|mananas?|tardes?|noches?|"
    r"mediodia|medio dia|later|earlier|mas tarde|mas temprano|esa hora|that time|"
    r"\d{1,2}(?::\d\d)? ?(?:am|pm|h)\b|\d{1,2}:\d\d)"
)
# A bare number is a time only after "at", "a las", "after", "like"...
_AT_NUMBER = (
    r"(?:at|around|after|before|by|like|tipo|a las|para las|despues de las|antes de las) \d{1,2}\b"
)
_SEND_TO = (
    r"(?:(?:text|txt|message|msg|ask|send|write|ping|remind|contact)\w*(?: me| it| them| the "
    r"(?:daily )?(?:check[- ]?ins?|question|texts?|messages?|reminders?))"
    r"|(?:escrib|mand|envi|pregunt)\w*(?:me|nme|dme|lo|nlo|la|nla|los|nlos)\b"
    r"|(?:manden|envien|escriban|pregunten|mande|envie|escriba|pregunte|mandar|enviar|escribir|"
    r"preguntar)\b)"
)
# ... and it is about the texts: "my neck is better in the morning" is not.
_TEXTISH = re.compile(
    r"\b(?:texts?|txt|messages?|msgs?|check[- ]?ins?|question|pregunt\w*|mensaj\w*|send\w*|"
    r"escrib\w*|mand\w*|envi\w*|remind\w*|recordatorio\w*|it be|make it|ask\w*|ping)\b"
)
# "send a second one in the afternoon" asks for more texts, not another time.
_ANOTHER = re.compile(
    r"\b(?:second|another|extra|also|as well|otro|otra|tambien|twice|dos veces)\b"
)
_VAGUE_TIME = _any(
    # "text me at lunch instead", "escribidme por la tarde", "manden despues de las 10"
    rf"{_SEND_TO}(?: [\w-]+){{0,4}} (?:(?:in the|at|around|after|before|by|por la|en la|a la|a las|"
    rf"despues de(?: las)?|antes de(?: las)?|tipo|como a las) )?(?:{_DAYPART}|{_AT_NUMBER})",
    # "move the daily question to lunchtime", "cambien el mensaje para las 9 de la manana"
    r"(?:move|change|switch|cambi\w*|muev\w*|pas\w*) (?:\w+ ){0,4}(?:time|hora|question|pregunta|"
    rf"check[- ]?in|mensaje)\w* (?:\w+ ){{0,3}}(?:to|para|a) (?:las |la |el )?"
    rf"(?:{_DAYPART}|\d{{1,2}}\b)",
    r"prefiero que me (?:pregunten|escriban|manden|envien|contacten|escribas|mandes)\w* "
    rf"(?:en|por|a) (?:la|las) {_DAYPART}",
)
# ... and softer ones, only when the reply is about the texts (see _TEXTISH)
_VAGUE_TIME_SOFT = _any(
    # "can you text me in the evening instead?", "could the daily question come after 5?"
    r"(?:can|could|would) (?:you|u|the (?:daily )?(?:check[- ]?ins?|question|texts?|messages?)|it|"
    r"they) (?:[\w-]+ ){0,4}(?:(?:in the |at |around |after |before |by |like )?"
    rf"{_DAYPART}|{_AT_NUMBER})",
    # "6am is too early, can it be 9", "a las 7am es muy temprano, a las 10 mejor"
    r"(?:too early|too late|muy temprano|muy tarde|demasiado temprano|so early)\b"
    rf".{{0,40}}(?:{_DAYPART}|{_AT_NUMBER})",
    rf"{_DAYPART}.{{0,30}}\b(?:too early|too late|muy temprano|muy tarde|demasiado temprano)",
    rf"(?:check[- ]?ins?|question|pregunta|mensaje)s? (?:\w+ )?(?:mejor|better|instead) "
    rf"(?:a|at|en|in|por|around) (?:la |las |el |the )?{_DAYPART}",
    r"(?:mornings?|evenings?|afternoons?|nights?|mananas?|tardes?|noches?) (?:are|is|son|es|work) "
    r"(?:better|mejor|best)",
    rf"make it (?:at )?(?:{_DAYPART}|\d{{1,2}}\b)|(?:can|could) it be (?:at )?\d{{1,2}}\b",
    rf"{_DAYPART}\W*(?:\w+\W+){{0,2}}instead\b",
    rf"(?:mejor|better|prefer\w*) (?:en la |in the |por la |a las |at |around )?{_DAYPART}",
    rf"(?:{_DAYPART}|{_AT_NUMBER}) (?:is|es|would be|seria|works) (?:better|mejor|best)",
)


@dataclass(frozen=True)
class TimeRequest:
    """A request to move the daily check-in; `at` is None when no valid time was given."""

    at: time | None
    span: tuple[int, int]  # where the request sits in the text (to keep it out of pain scores)


def _clock(text: str) -> time | None:
    """A local time read from the whole of `text` (already trimmed), or None."""
    text = text.strip(" .")
    if text in _NAMED:
        return _NAMED[text]
    match = re.fullmatch(_LEAD + _TIME + _POLITE, text)
    if match is None:
        return None
    hour = int(match["h"])
    minute = int(match["m"] or match["m2"] or 0)
    if match["half"]:
        minute = 30 if match["half"] == "media" else 15
    ampm = (match["ampm"] or "").replace(".", "").replace(" ", "")
    evening = match["es"] in ("tarde", "noche") or match["en"] in ("afternoon", "evening")
    evening = evening or text.endswith("at night") or ampm == "pm"
    if ampm and not 1 <= hour <= 12 and not (ampm == "pm" and 12 < hour <= 23):
        return None
    if evening and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def time_request(text: str) -> TimeRequest | None:
    """A check-in time request ("TIME 8pm", "HORA 20", "check in at 7:30 pm"), if any."""
    keyword = _KEYWORD.match(text)
    if keyword:
        rest = keyword["rest"].strip(" .:")
        if rest in ("", "please", "por favor", "?"):
            return TimeRequest(None, (0, len(text)))
        at = _clock(rest)
        if at is not None or re.match(r"(?:to |at |a las |a la )?\d", rest):
            # A number that is no time ("TIME 25") still asks how TIME works.
            return TimeRequest(at, (0, len(text)))
        return None
    phrase = _PHRASE.search(text)
    if phrase is not None:
        name = next(key for key, value in phrase.groupdict().items() if value is not None)
        at = _clock(phrase[name])
        if at is not None:
            return TimeRequest(at, phrase.span())
    vague = _VAGUE_TIME.search(text)
    if vague is None and _TEXTISH.search(text):
        vague = _VAGUE_TIME_SOFT.search(text)
    if vague is not None and not _ANOTHER.search(text):
        return TimeRequest(None, vague.span())
    return None


def fewer(text: str, bare_text: str) -> bool:
    """Whether the reply asks for fewer texts (FEWER, MENOS, "too many texts")."""
    if bare_text in _FEWER_ALONE:
        return True
    match = _FEWER.search(text)
    if match is None:
        return False
    if match.group(0).startswith(("so ", "as ", "that ")):
        return bool(_FEWER_NEEDS.search(text))
    return True


def more(text: str, bare_text: str) -> bool:
    """Whether the reply asks for more texts again (MORE, MAS)."""
    return bare_text in _MORE_ALONE or bool(_MORE.search(text))
