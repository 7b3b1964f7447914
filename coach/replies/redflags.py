"""Red-flag symptoms (CLINICAL.md) in English and Spanish, with negation and third parties.

Every rule runs on `normalize()`d text: lower case, no accents, no apostrophes. When in doubt
a phrase is flagged: a false alarm costs a phone call, a miss can cost much more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.replies import typos
from coach.replies.categories import Category, categories
from coach.replies.labels import RedFlag
from coach.replies.normalize import wordset
from coach.replies.redflag_rules import NOT_POSSIBLE_AFTER, POSSIBLE, RULES

# A clause ends at sentence punctuation or a contrast word; "No," as an answer also ends one.
_BOUNDARY = re.compile(
    r"[.;!?\u00bf\u00a1\n]|\b(?:but|pero|though|although|however|aunque|sino|except|excepto)\b"
    r"|\b(?:no|nope|nah|yes|yeah|si)\s*[,:\-]"
)
_WORD = re.compile(r"[a-z0-9]+")
_NEGATORS = wordset(
    "no not never without sin nunca ni nor none ninguna ninguno ningun nothing nope "
    "dont doesnt didnt havent hasnt hadnt isnt arent "
    "wasnt werent aint denies zero nada tampoco"
)
# Words that may stand between a negator and the symptom it negates ("no more numbness",
# "I haven't had any tingling", "no numbness, tingling or weakness").
_FILLER = wordset(
    "more any real longer tengo tiene siento tuve he sentido have has had feel feeling felt feels "
    "tenido notado visto presentado vuelto volvi volver me se le ever again otra vez "
    "or nor o ni mas hay new the a an signs sign of symptoms experiencing getting got been "
    "am is are was were la el los las de en with in noticed notice today anymore at all really "
    "much too either other to further anything that it numbness tingling weakness dizziness fever "
    "fevers rash headache headaches pain swelling mareos mareo fiebre hormigueo debilidad "
    "entumecimiento dolor nausea issues problems problem dizzy numb"
)
_LIST_OR = re.compile(r"\b(?:or|nor|ni|o)\b")
_NOT_NEGATING_NEXT = wordset("sure know idea clue certain se")
_RESOLVED = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:(?:is|are|has|have|its|all|now|finally)\s+(?:\w+\s+){0,2}?(?:gone|"
    r"resolved|disappeared|better|stopped|cleared up)|(?:long|all) gone|gone now|went away|"
    r"goes away now|anymore|any more|stopped|resolved|broke|cleared up|went down|"
    r"se (?:me )?(?:fue|quito|paso|bajo|calmo)|desaparecio|ya (?:paso|se fue|bajo)|"
    r"no (?:tengo|he tenido|tuve|siento|hay))\b"
    r"|^(?:(?!\b(?:and|y|but|pero|while)\b)[^.,;!?]){0,60}?\b(?:is|are) (?:now |totally |"
    r"completely |all |finally )?(?:gone|resolved)\b"
    r"|^\W*(?:\w+\W+){0,6}?(?:turned out to be (?:nothing|fine|benign|a cyst|harmless)|"
    r"ya (?:me |se )?(?:lo |la |los |las )?(?:revisaron|checaron|bajo|quito)|"
    r"(?:got it|had it|was|were) checked|(?:they|doc|doctor) checked|"
    r"(?:was|were) nothing|nothing there|(?:came back|were|was) (?:clear|normal|negative|benign)|"
    r"(?:no )?era (?:nada|un quiste|una? \w+ (?:benign|inofensiv)\w*|benign\w*)|nada grave)\b"
)
# Said before a symptom, these resolve it ("se me quito lo dormido de la mano").
_RESOLVED_BEFORE = re.compile(
    r"\b(?:stopped|quit|used to (?:get|have|feel)|solia (?:tener|sentir)|ya paso lo del?"
    r"|checked for|revise (?:si|por)|me revise (?:si|por)|got rid of|no longer (?:have|feel|get)"
    r"|se (?:me |le )?(?:quito|fue|paso|acabo|bajo|calmo|ha quitado|habia quitado|han quitado|"
    r"habian quitado|ha ido|habia ido)|ya no (?:tengo|siento))"
    r"\s+(?:\w+\s+)?$"
)
# ... and a symptom that went away and is back again is a red flag again: "the numbness went
# away but its back", "se me quito el hormigueo pero volvio".
_RETURNED = re.compile(
    r"\b(?:(?:its|it is|theyre|they are|is|are|it has|its been|has been) (?:\w+ )?back\b"
    r"(?! (?:from|home|to|at|in|on) )|(?:came|come|coming|comes) back"
    r"(?! (?:from|home|to|clear|normal|negative|fine|ok|benign)\b)"
    r"|returned|returning(?! (?:clear|normal|negative|fine)\b)|back again|started (?:up )?again"
    r"|again (?:today|tonight|now|this "
    r"(?:morning|week|evening))|volvi(?:o|eron)|(?:ha|han|habia) vuelto|regres(?:o|aron|a)|"
    r"ha regresado|otra vez|de nuevo|vuelve|vuelven)\b"
)
# A symptom wondered about, not had: "what if I fall off my bike?", "si alguna vez no puedo
# tragar, que hago?". Only explicit hypothetical openers: "if I look down I get shocks" is a
# symptom, and stays one.
_HYPOTHETICAL = re.compile(
    r"\b(?:what if|what happens if|y si|(?:just )?in case|en caso de que|por si (?:acaso )?"
    r"(?:me|se|llego)|if (?:i )?(?:ever|were to|should)|if it ever|si (?:alguna vez|algun dia|"
    r"llego a|me llega a|se me llega a|llegara a)|suppose|supposing|imagine if|"
    r"(?:asked|asks|ask|wondered|wondering|pregunto|preguntaron) (?:me )?(?:if|whether|si))\b"
    # "if I get a fever", "si me da fiebre", "if my hand goes numb": the symptom is the condition
    r"|\b(?:if|si|whether)\s+(?:i\s+|my\s+\w+\s+|me\s+|se\s+me\s+|it\s+|un\s+|una\s+)?"
    r"(?:ever\s+|start\s+to\s+|starts\s+to\s+|get\s+|have\s+|feel\s+|notice\s+|develop\s+|da\s+|"
    r"llega\s+a\s+|siento\s+|tengo\s+|goes\s+|go\s+|gets\s+)?(?:a\s+|an\s+|any\s+|un\s+|una\s+)?$"
    # "nearly had a heart attack when I saw the bill", "casi me da un infarto"
    r"|\b(?:casi|nearly|almost) (?:me )?(?:da|dio|had|gave me|give me|have|got) (?:un |a )?$"
)
_NOT_RETURNED = re.compile(
    r"\b(?:not|no|never|nunca|hasnt|havent|didnt|hasn'?t|ni)\s+(?:\w+\s+){0,2}$"
)
_OTHER_PERSON = re.compile(
    r"\b(?:(?:my|mi|mis|su|sus|our|nuestr[oa])\s+(?:\w+\s+)?(?:kid|son|daughter|child|children|"
    r"baby|nen[ae]|husband|hubby|wife|partner|boyfriend|girlfriend|mom|mother|mum|dad|father|brother|"
    r"sister|friend|coworker|neighbou?r|grandma|grandmother|grandpa|grandfather|aunt|uncle|"
    r"cousin|roommate|dog|cat|buddy|pal|mate|colleague|boss|grandkids?|grandson|granddaughter|"
    r"niece|nephew|in-?laws?|suegr[oa]|cunad[oa]|niet[oa]|sobrin[oa]|jef[ea]|colega|hij[oa]|nin[oa]|bebe|espos[oa]|marido|mujer|pareja|novi[oa]|mama|"
    r"madre|papa|padre|herman[oa]|amig[oa]|abuel[oa]|ti[oa]|prim[oa]|vecin[oa]|companer[oa]|"
    r"perro|gato)s?\b|\b(?:he|she|they|ella|el)\s+(?:has|had|have|is|was|were|feels|got|keeps|"
    r"kept|just|tiene|tuvo|esta|estaba|se cayo)"
    # "a coworker passed out", "la abuela se desmayo", "kid has a fever"
    r"|(?:^|\b(?:a|the|la|el|una|un|our)\s+)(?:kid|coworker|co-worker|colleague|neighbou?r|"
    r"abuel[oa]|vecin[oa]|suegr[oa]|colega|companer[oa]|nin[oa]|bebe|baby)\b)"
)
_FIRST_PERSON = re.compile(r"\b(?:i|im|ive|id|me|my|myself|mine|yo|mi|mis|tengo|estoy|we|us)\b")
# Shared symptoms ("we both have a fever", "me too"); "we are taking him to the ER" is not.
_TOGETHER = re.compile(
    r"\b(?:we both|both of us|we all|all of us|me too|so do i|and me too|and i (?:also|too)|"
    r"i (?:also|too) have|nosotros tambien|los dos|ambos|yo tambien|a mi tambien)\b"
)


@dataclass(frozen=True)
class Findings:
    """The red flags found in one reply."""

    flags: tuple[RedFlag, ...]
    # A symptom was named but negated, resolved or someone else's: the rules looked and
    # decided it is not a red flag (the model needs to be surer to overrule that).
    dismissed: bool = False
    # The patient named a symptom of their own and it is gone or negated ("the tingling is gone",
    # "no fever"): a report on how they feel, not a red flag.
    resolved: bool = False
    # No red flag, but a word that may name one (an arm, the chest, a fall): a person reads it.
    possible: bool = False

    @property
    def categories(self) -> tuple[Category, ...]:
        """The red-flag categories, most urgent first."""
        return categories(self.flags)

    @property
    def airway(self) -> bool:
        """Whether the reply describes an airway emergency."""
        return Category.airway in self.categories

    @property
    def self_harm(self) -> bool:
        """Whether the reply contains a self-harm statement."""
        return RedFlag.self_harm in self.flags


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    """The text of the match's clause before and after the match."""
    left = 0
    for boundary in _BOUNDARY.finditer(text, 0, start):
        left = boundary.end()
    found = _BOUNDARY.search(text, end)
    right = found.start() if found else len(text)
    return text[left:start], text[end:right]


def _negated(before: str, after: str) -> bool:
    words = list(_WORD.finditer(before))
    for index in range(len(words) - 1, max(len(words) - 7, -1), -1):
        word = words[index].group(0)
        if word == "nada" and before[: words[index].start()].endswith(("de la ", "de ")):
            continue  # "de la nada": out of nowhere, not a negation
        if word in _NEGATORS:
            following = words[index + 1].group(0) if index + 1 < len(words) else ""
            if following in _NOT_NEGATING_NEXT:
                continue
            scope = before[words[index].end() :]
            # "no numbness, tingling or weakness" negates a list; "no pain, numb fingers" does
            # not: across a comma the negation carries only into an "or" list.
            return "," not in scope or bool(_LIST_OR.search(scope + " " + after))
        if word not in _FILLER:
            break
    return bool(_RESOLVED.search(after) or _RESOLVED_BEFORE.search(before))


_RESOLVED_NEXT = re.compile(
    r"^[^.!?\n]{0,60}?\b(?:but|pero)\s+(?:its|it is|theyre|they are|thats|that is|ya)\s+"
    r"(?:\w+\s+){0,2}?(?:gone|over|better|resolved|fine|ok|okay|se (?:me )?(?:quito|fue|paso)|"
    r"paso|bien)\b"
)
# A question about a symptom the patient may watch for, not one they have.
_WATCH_FOR = re.compile(
    r"^[^.!\n]{0,60}?\b(?:something|anything|things?) to (?:watch|worry|look) "
    r"(?:out )?(?:for|about)"
    r"|^[^.!\n]{0,60}?\b(?:algo|senal) (?:de que preocuparse|para preocuparse|de alarma)"
)
# Laughing, shame: "couldnt breathe from laughing", "me cai de la risa", "se me cayo la cara de
# verguenza" are figures of speech.
_FIGURATIVE = re.compile(
    r"\b(?:laugh\w*|de (?:la )?risa|riendo|carcajad\w*|de (?:la )?verguenza|de (?:la )?pena)\b"
)
_FIGURATIVE_FLAGS = frozenset({RedFlag.airway, RedFlag.trauma, RedFlag.vascular})
# Legs or feet gone to sleep or wobbly after sitting on them or leg day, with nothing in the arms
# or face: an everyday thing.
_LEGS_ONLY = re.compile(r"\b(?:legs?|feet|foot|piernas?|pies?)\b")
_LEG_CAUSE = re.compile(
    r"\b(?:leg day|after (?:the gym|a workout|working out|running|a run|squats|hiking|the hike)|"
    r"sitting (?:on|cross)|(?:de|por) estar sentad\w*|cruzad\w*|despues del gimnasio)"
)
_UPPER = re.compile(
    r"\b(?:arms?|hands?|fingers?|face|brazos?|manos?|dedos?|cara|speech|vision|bladder|balance)\b"
)
_PAST_ILLNESS = re.compile(
    r"\b(?:beat|survived|survivor|remission|remision|supere|venci|cancer free|libre de cancer|"
    r"back in)\b"
)
# ... unless there is something new: CLINICAL.md flags a cancer history with new persistent pain.
_STABLE = re.compile(
    r"\b(?:fine|bien|tranquil\w*|como siempre|as usual|same as (?:always|usual)|igual que siempre|"
    r"normal|ok|okay|leve|mild|good)\b"
)
_CURRENT_SYSTEMIC = re.compile(
    r"sweat|sudo|night|noche|weight|peso|\bback\b(?! in)|volvio|regreso|again|new|nuev[oa]|"
    r"persist|weeks|semanas|months?|\bmes(?:es)?\b|sin irse|go(?:ne)? away|no se (?:me )?quita|"
    r"different|distint[oa]|diferente"
)


_INABILITY = re.compile(r"\b(?:cant|cannot|couldnt|unable|no puedo|wont|doesnt|dont)\b")
_ANYMORE = re.compile(r"^\W*(?:anymore|any more|ya)\b")


def _returned(text: str, end: int) -> bool:
    """Whether, after a resolved symptom, the rest of the reply says it came back."""
    for found in _RETURNED.finditer(text, end):
        if not _NOT_RETURNED.search(text[end : found.start()]):
            return True
    return False


_OF_SOMEONE = re.compile(
    r"^\s*(?:de|del) (?:mi|mis|su|sus|tu|nuestr[oa]) (?:\w+ )?(?:hij[oa]|espos[oa]|marido|mujer|"
    r"pareja|novi[oa]|mama|madre|papa|padre|herman[oa]|amig[oa]|abuel[oa]|ti[oa]|prim[oa]|"
    r"vecin[oa]|suegr[oa]|cunad[oa]|niet[oa]|sobrin[oa]|perro|gato|bebe|jef[ea])s?\b"
)


def _someone_else(before: str, after: str, said: str = "") -> bool:
    if _FIRST_PERSON.search(said):
        return False  # "tripped over my kids toys and hit my head": the patient's own head
    if _OF_SOMEONE.search(after):
        return True  # "la quimio de mi mama empieza el lunes"
    mentions = list(_OTHER_PERSON.finditer(before))
    if not mentions:
        return False
    if _TOGETHER.search(before) or _TOGETHER.search(after):
        return False
    between = before[mentions[-1].end() :]
    return not _FIRST_PERSON.search(between)


_TEMPERATURE = re.compile(r"\b(\d{2,3}(?:[.,]\d)?)\s*(?:°|degrees?|grados?)?\s*(c|f)?\b")


def _fever_reading(text: str) -> bool:
    """A body temperature in the fever range (38 C / 100.4 F), with or without a unit."""
    for match in _TEMPERATURE.finditer(text):
        value = float(match.group(1).replace(",", "."))
        unit = match.group(2)
        has_degree = (
            "°" in match.group(0) or "degree" in match.group(0) or "grado" in match.group(0)
        )
        if not (unit or has_degree):
            continue
        if (unit != "f" and 38.0 <= value <= 43.0) or (unit != "c" and 100.4 <= value <= 108.0):
            return True
    return False


# An injury years ago or a fall that did not happen is not a recent injury; weight lost on a
# diet is not unexplained; 38 degrees outside is the weather.
_LONG_AGO = re.compile(
    r"\b(?:\d+|many|several|a few|two|ten|some) (?:years?|yrs|anos) (?:ago|back)"
    r"|\bhace (?:(?:como|unos|mas de|casi) )?(?:(?:\d+|muchos|varios|unos|dos|tres|cuatro|cinco|"
    r"seis|siete|ocho|nueve|diez|quince|veinte|treinta) )?anos\b|\byears back\b|\bfrom years\b"
    r"|\b(?:in|back in|since|en|desde|del?) (?:19\d\d|200\d|201\d|202[0-4])\b"
    r"|\b(?:three|four|five|six|seven|"
    r"eight|nine|fifteen|twenty|thirty) (?:years|yrs)\b"
    r"|\bold (?:whiplash|injury)"
    r"|\b(?:almost|nearly) (?:\w+ )?(?:fell|fall|came off|crashed|wiped out|slipped|hit)\b"
    r"|\bcasi (?:me caigo|me cai|me caia|choco|choque|chocamos|me pegan|me resbalo)\b"
    r"|\bdidnt fall\b|\bno me cai\b"
    # a childhood or last-years' injury: "when I was 12", "de nina", "years ago"
    r"|\b(?:when|as) (?:i was|a) (?:\d+|a kid|a child|a teen\w*|young|little|younger|kid|child)"
    r"|\bin (?:high school|college|my (?:teens|twenties|20s|30s))\b|\byears ago\b"
    r"|\b(?:de|cuando era) (?:nin[oa]|chic[oa]|joven|chamac[oa]|adolescente)\b"
    r"|\ben la (?:prepa|secundaria|universidad)\b"
)
_ON_PURPOSE = re.compile(
    r"\bon purpose\b|\bdiet\w*\b|\ba dieta\b|\bcon (?:la )?dieta\b|\btrying to lose\b"
)
_NOT_DIETING = re.compile(
    r"\b(?:not|no|sin|without|never|havent|hasnt|dont|didnt|arent|wasnt) (?:\w+ )?diet"
    r"|\b(?:not|without|never) (?:\w+ )?trying"
    r"|\bsin (?:querer|intentarlo|hacer nada|razon)\b"
    r"|\bno (?:estoy|he estado) (?:a dieta|intentando)"
)
_OTHER_SYSTEMIC = re.compile(r"sweat|sudo|sudor|cancer|night|noche")
_WEATHER = re.compile(
    r"\bhace \d+ grados|\bgrados afuera|\b(?:degrees|f) (?:out|outside)\b|"
    r"\bhot out\b|\boutside\b|\bweather\b"
)


def _context_filter(text: str, flags: list[RedFlag]) -> list[RedFlag]:
    if RedFlag.trauma in flags and _LONG_AGO.search(text):
        flags = [flag for flag in flags if flag is not RedFlag.trauma]
    if _FIGURATIVE.search(text):
        flags = [flag for flag in flags if flag not in _FIGURATIVE_FLAGS]
    if (
        RedFlag.neuro in flags
        and _LEG_CAUSE.search(text)
        and _LEGS_ONLY.search(text)
        and not _UPPER.search(text)
    ):
        flags = [flag for flag in flags if flag is not RedFlag.neuro]
    past = (_LONG_AGO.search(text) or _PAST_ILLNESS.search(text)) and _STABLE.search(text)
    if RedFlag.systemic in flags and past and not _CURRENT_SYSTEMIC.search(text):
        flags = [flag for flag in flags if flag is not RedFlag.systemic]
    purposely = _ON_PURPOSE.search(text) and not _NOT_DIETING.search(text)
    if RedFlag.systemic in flags and purposely and not _OTHER_SYSTEMIC.search(text):
        flags = [flag for flag in flags if flag is not RedFlag.systemic]
    return flags


def detect(text: str) -> Findings:
    """Find red flags in normalized text, skipping negated, resolved and others' symptoms;
    when the exact words raise nothing, once more with near-miss typos corrected."""
    found = _detect(text)
    if found.flags or found.dismissed:
        return found
    fixed = typos.corrected(text)
    if fixed != text:
        found = _detect(fixed)
        if found.flags or found.dismissed:
            return found
    return Findings((), possible=_possible(fixed))


def _possible(text: str) -> bool:
    """Whether the text names, in the patient and not negated, a word that may be a red flag."""
    for match in POSSIBLE.finditer(text):
        before, after = _clause(text, match.start(), match.end())
        if NOT_POSSIBLE_AFTER.search(after) or _negated(before, after):
            continue
        if _someone_else(before, after) or _LONG_AGO.search(text):
            continue
        if _ON_PURPOSE.search(text) and not _NOT_DIETING.search(text):
            continue
        return True
    return False


def _detect(text: str) -> Findings:
    flags: list[RedFlag] = []
    dismissed = resolved = False
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            before, after = _clause(text, match.start(), match.end())
            if rule.negatable and (_HYPOTHETICAL.search(before) or _WATCH_FOR.search(after)):
                dismissed = True
                continue
            if _INABILITY.search(match.group(0)):
                after = _ANYMORE.sub("", after)  # "cant do up my buttons anymore" is not gone
            if rule.negatable and (
                _RESOLVED_NEXT.search(text[match.end() :])
                or (_negated(before, after) and not _returned(text, match.end()))
            ):
                dismissed = resolved = True
                continue
            if rule.others and _someone_else(before, after, match.group(0)):
                dismissed = True
                continue
            if rule.flag not in flags:
                flags.append(rule.flag)
            break
    if RedFlag.infection not in flags and _fever_reading(text) and not _WEATHER.search(text):
        flags.append(RedFlag.infection)
    kept = _context_filter(text, flags)
    resolved = resolved or (RedFlag.neuro in flags and RedFlag.neuro not in kept)
    dismissed = dismissed or len(kept) < len(flags)
    return Findings(tuple(kept), dismissed=dismissed and not kept, resolved=resolved and not kept)


def without_self_harm(text: str) -> str:
    """`text` with its self-harm phrases blanked out (so "want 2 die" holds no score)."""
    for rule in RULES:
        if rule.flag == RedFlag.self_harm:
            text = rule.pattern.sub(" . ", text)
    return text
