"""The 0-10 pain score (NPRS) in a reply, following CLINICAL.md's parser conventions.

Works on `normalize()`d text. Numbers that mean something else (times, doses, reps, days,
dates, temperatures, other scales) are masked first; what remains is a candidate score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from coach.replies.normalize import wordset

_WORDS = {
    "zero": "0", "cero": "0",
    "two": "2", "dos": "2",
    "three": "3", "tres": "3",
    "four": "4", "cuatro": "4",
    "five": "5", "cinco": "5",
    "six": "6", "seis": "6",
    "seven": "7", "siete": "7",
    "eight": "8", "ocho": "8",
    "nine": "9", "nueve": "9",
    "ten": "10", "diez": "10",
}  # fmt: skip
_WORD_NUMBER = re.compile(r"\b(" + "|".join(_WORDS) + r")\b")
# "one"/"uno" are pronouns and articles far more often than scores: only next to a cue.
_ONE = re.compile(
    r"(?:^|\b(?:pain|dolor|a|its|es|about|like|around|maybe|level|at)\s+)(one|uno)\b"
    r"|\b(one|uno)(?=\s*(?:/|out of|de|sobre)\s*(?:10|ten|diez)\b)|^(one|uno)$"
)
# "las dos manos" (both hands), "the two of us", "a day or two": not scores.
_NOT_A_WORD_SCORE = re.compile(
    r"\b(?:los|las|mis|sus|ambos|en|the|a|ambas)\s+(dos|two)\b|\bor\s+(two)\b"
)
_HALF = re.compile(r"\b(\d+)\s+(?:and a half|y medio|y media)\b")
_NUM = r"\d+(?:[.,]\d+)?"
_UNITS = (
    r"(?:am|pm|a\.m\.|p\.m\.|oclock|o clock|hrs?|hours?|horas?|h|min|mins|minutes?|minutos?|secs?|"
    r"seconds?|segundos?|s|days?|dias?|d|weeks?|wks?|semanas?|months?|mes|meses|years?|yrs?|"
    r"anos?|yo|y/o|nights?|noches?|times?|veces|vez|x|reps?|repetitions?|repeticiones|sets?|"
    r"series|rounds?|tablets?|tabs?|pills?|pastillas?|tabletas?|capsules?|capsulas?|caps|mg|ml|"
    r"mcg|g|grams?|gramos?|ibuprofens?|ibuprofeno|advils?|tylenols?|aleves?|motrins?|"
    r"paracetamol|acetaminophen|naproxen|aspirins?|aspirinas?|lbs?|pounds?|kg|kilos?|libras?|"
    r"miles?|km|steps?|pasos|cups?|tazas?|glasses|vasos?|kids|hijos|people|personas|c|f|°\w?|"
    r"degrees?|grados?|fever|fiebre|temp|%|percent|por ciento|stretches|estiramientos|"
    r"exercises|ejercicios|floors?|pisos?|dollars?|bucks|foot|feet|ft|inch|inches|cm|metros?)"
)
_MASKS = (
    re.compile(r"\+?\(?\d{3}\)?[\s.\-]?\d{3}[\s.\-]?\d{4}\b|\b\d{5,}\b"),  # phones, zips
    re.compile(r"\b\d{1,2}:\d{2}\b"),  # clock times
    re.compile(r"\b\d{1,4}[/\-.]\d{1,2}[/\-.]\d{1,4}\b"),  # full dates
    re.compile(r"\b\d+\s*(?:st|nd|rd|th)\b"),  # ordinals
    re.compile(
        r"\b(?:jan|feb|mar|march|apr|april|jun|june|jul|july|aug|sept?|oct|nov|dec|enero|"
        r"febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)"
        r"\w*\.?\s+\d{1,2}\b|\b\d{1,2}\s+de\s+(?:enero|febrero|marzo|abril|mayo|junio|julio|"
        r"agosto|septiembre|octubre|noviembre|diciembre)\b"
    ),
    re.compile(
        rf"(?<![\w.])-?{_NUM}(?:\s*(?:-|to|or|o|y|and|a)\s*{_NUM})?\s*-?\s*{_UNITS}(?![a-z])"
    ),
    re.compile(
        r"\b(?:took|take|taking|taken|tome|tomo|tomar|did|hice|aged?|edad|week|semana|"
        r"pause|pausa|every|cada|x|number|numero|exercise|ejercicio|step|paso|video|room|page|"
        r"since|desde|until|hasta|a las|las|fever of|temp of|temperature of|fiebre de|"
        r"round|set|rep)\s*#?\s*" + _NUM
    ),
    re.compile(r"\b(?:day|dia)\s+\d+\s*(?:of|de|:)|^(?:day|dia)\s+\d+\b"),  # "day 3 of 14"
    re.compile(r"#\s*\d+|\$\s*\d+|\b\d+x\b"),
    re.compile(r"\b(?:19|20)\d{2}\b"),  # years
    # "call me at 5", "text me around 8": a time asked for, not a score
    re.compile(
        r"\b(?:call|text|ring|phone|message|msg|send|remind|llamame|llameme|escribeme|"
        r"escribame|marcame|mandame)\b(?:\s+(?:me|it|them|us|back|the texts?))*\s*"
        r"(?:at|around|about|after|before|by|til|till|until|tipo|como a)\s+" + _NUM
    ),
    re.compile(r"\b\d\s*'\s*\d{1,2}\b|\b\d+\s*[=<>]\s*\d+"),  # 5'10" tall; 1=1
    re.compile(r"(?<![\w.])(?<!\d\s)-\s?\d+"),  # negative numbers are never a score
)
# "3 of the 5 exercises" once "5 exercises" is masked: a count, not "3 out of 10".
_PART_OF_COUNT = re.compile(r"\b\d+\s+(?:of|de|out of)\s+(?:the |my |los |las |mis )?_")
_SCALE_PHRASE = re.compile(
    r"\b(?:scale|escala)\b[^.?!]{0,25}?\b[01]\s*(?:-|to|a|al|through)\s*10\b"
    r"|\b(?:from|del|de)\s+[01]\s+(?:to|al|a)\s+10\b"
)
# "3 on a scale of 1-5": the patient used another scale, so no 0-10 score can be read.
_OTHER_SCALE = re.compile(
    r"\b(?:scale|escala)\b[^.?!]{0,25}?\b[01]\s*(?:-|to|a|al|through)\s*(?!10\b)\d{1,3}\b"
)
_SCALE = re.compile(rf"(?<![\d.])({_NUM})\s*(?:/|out of|outta|of|de|sobre)\s*(\d{{1,3}})\b")
_BETWEEN = re.compile(rf"\b(?:between|entre)\s+({_NUM})\s+(?:and|y|&)\s+({_NUM})")
_CHANGE = re.compile(rf"(?<![\d.])({_NUM})\s+(?:to|a)\s+({_NUM})(?![\d.])")
_RANGE = re.compile(rf"(?<![\d.])({_NUM})\s*(?:-|\u2013|\u2014|~|\bor\b|\bo\b|\bu\b)\s*({_NUM})")
_CANDIDATE = re.compile(rf"(?<![\d.,])({_NUM})(?![\d])")
_ZERO = re.compile(
    r"\b(?:no (?:neck )?pain(?! (?:meds|medicine|medication|killers?|pills?|relief))|"
    r"pain ?free|pain-free|zero pain|no (?:more )?pain|not in (?:any )?pain|"
    r"doesnt hurt at all|dont hurt at all|sin dolor|cero dolor|nada de dolor|"
    r"no (?:me )?duele(?! (?:tanto|mucho|igual|como))|ya no (?:me )?duele|pains? (?:is )?gone|"
    r"zero|cero)\b"
)
_PAST = wordset(
    "yesterday yesterdays was were earlier before last morning ayer anoche antes era estaba fue "
    "used had "
    "previously manana"
)
_CURRENT = wordset("now today currently tonight rn hoy ahora actualmente present")
_TOKEN = re.compile(r"[a-z]+|\d+(?:[.,]\d+)?|[,;]")


@dataclass
class _Candidate:
    start: int
    end: int
    value: int | None  # None: out of range, kept only so it can own its time words
    current: bool = False
    past: bool = False


def _score(raw: str) -> int | None:
    """A number string rounded half up, or None when it is not in 0..10."""
    try:
        value = Decimal(raw.replace(",", ".")).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None
    return int(value) if 0 <= value <= 10 else None


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"\d", "_", match.group(0))


def _words_to_digits(text: str) -> str:
    text = _NOT_A_WORD_SCORE.sub(lambda m: m.group(0).replace("dos", "_").replace("two", "_"), text)
    text = _WORD_NUMBER.sub(lambda m: _WORDS[m.group(1)], text)
    text = _ONE.sub(lambda m: m.group(0).replace("one", "1").replace("uno", "1"), text)
    text = re.sub(r"(\d)\s*ish\b", r"\1", text)
    return _HALF.sub(r"\1.5", text)


def extract_pain(text: str) -> int | None:
    """The current 0-10 pain score in normalized text, or None."""
    work = _words_to_digits(text)
    if _OTHER_SCALE.search(work):
        return None
    work = _SCALE_PHRASE.sub(_blank, work)
    for mask in _MASKS:
        work = mask.sub(_blank, work)
    work = _PART_OF_COUNT.sub(_blank, work)
    found: list[_Candidate] = []

    def take(match: re.Match[str], value: int | None) -> str:
        found.append(_Candidate(match.start(), match.end(), value))
        return "@" * (match.end() - match.start())

    def scale(match: re.Match[str]) -> str:
        if match.group(2) == "10":
            return take(match, _score(match.group(1)))
        return _blank(match)  # another scale (4/5) or a date (3/14): not a score

    work = _SCALE.sub(scale, work)
    work = _BETWEEN.sub(lambda m: take(m, _highest(m.group(1), m.group(2))), work)
    work = _CHANGE.sub(lambda m: take(m, _score(m.group(2))), work)
    work = _RANGE.sub(lambda m: take(m, _highest(m.group(1), m.group(2))), work)
    work = _CANDIDATE.sub(lambda m: take(m, _score(m.group(1))), work)
    for zero in _ZERO.finditer(work):
        found.append(_Candidate(zero.start(), zero.end(), 0))
    if not found:
        return None
    found.sort(key=lambda c: c.start)
    _tag_times(work, found)
    return _choose(found)


def _highest(first: str, second: str) -> int | None:
    a, b = _score(first), _score(second)
    if a is None or b is None:
        return None
    return max(a, b)


def _tag_times(work: str, found: list[_Candidate]) -> None:
    """Give each time word ("yesterday", "now") to the nearest candidate score."""
    for token in _TOKEN.finditer(work):
        word = token.group(0)
        if word not in _PAST and word not in _CURRENT:
            continue
        best: _Candidate | None = None
        best_distance = 1e9
        for candidate in found:
            if abs(candidate.start - token.start()) > 80:
                continue  # far apart: not worth counting the words between (keeps this linear)
            if candidate.end <= token.start():
                gap = work[candidate.end : token.start()]
            else:
                gap = work[token.end() : candidate.start]
            distance = len(_TOKEN.findall(gap)) + (2.5 if re.search(r"[,;.]", gap) else 0)
            if distance > 6:
                continue
            # On a tie the later score wins: "was 8 now 5" gives "now" to 5.
            if distance <= best_distance:
                best, best_distance = candidate, distance
        if best is not None:
            if word in _CURRENT:
                best.current = True
            else:
                best.past = True


def _choose(found: list[_Candidate]) -> int | None:
    found = [c for c in found if c.value is not None]
    if not found:
        return None
    current = [c for c in found if c.current]
    if current:
        return current[-1].value
    untagged = [c for c in found if not c.past]
    if untagged:
        return untagged[-1].value
    return found[-1].value
