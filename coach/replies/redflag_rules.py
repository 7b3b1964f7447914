"""The red-flag phrase list (CLINICAL.md), English and Spanish, one rule per symptom group.

Patterns match `normalize()`d text: lower case, no accents, no apostrophes ("cant").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.replies.labels import RedFlag

_CANT = r"(?:cant|cannot|can not|couldnt|could not|unable to|no puedo)"


@dataclass(frozen=True)
class Rule:
    """One symptom group's phrases and how to treat them."""

    flag: RedFlag
    pattern: re.Pattern[str]
    negatable: bool = True  # self-harm statements escalate even when phrased negatively
    others: bool = True  # "my kid has a fever" is someone else's symptom


def _rule(flag: RedFlag, *alternatives: str, **options: bool) -> Rule:
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")
    return Rule(flag, pattern, **options)


RULES: tuple[Rule, ...] = (
    _rule(
        RedFlag.self_harm,
        r"(?:want|wanna|wish|going|gonna|ready|rather) (?:to )?(?:die|be dead|end it)",
        r"(?:kill|killing|hurt|hurting|harm|harming|cut|cutting) (?:myself|my self)",
        r"end(?:ing)? (?:it all|my life|my own life|everything)",
        r"(?:took|swallowed|taken) (?:all|a bunch|a load|a handful|too many|loads|lots)"
        r" (?:of )?(?:my |the )?(?:pills|tablets|meds|medication|painkillers)",
        r"(?:want|wanna|w4nt|wan) (?:to|2) (?:die|d1e|be dead)",
        r"(?:wish|wished) (?:i|id) (?:was|were) (?:dead|gone|never born)",
        r"unalive",
        r"better off without me",
        r"(?:dont|do not|cant|cannot) see (?:the |any )?(?:point|reason) (?:in|of|to) "
        r"(?:living|life|going on|being alive|carrying on)",
        r"(?:cant|cannot|can not) go on (?:like this|anymore|any more|living)",
        r"done with (?:life|living|it all)",
        r"(?:me )?quiero matar",
        r"ganas de (?:morir\w*|matarme|desaparecer)",
        r"mejor (?:estaria|estar|estuviera) muert[oa]",
        r"(?:no le veo|no tiene) sentido (?:a )?(?:vivir|la vida|seguir)",
        r"(?:me tome|me tomé|tome) (?:todas|todo|muchas) (?:las )?(?:pastillas|pildoras)",
        r"suicid\w*",
        r"(?:dont|do not) want to (?:live|be alive|be here anymore)",
        # "don't want to wake up" is despair, "... so early for the texts" is not
        r"(?:dont|do not) want to wake up(?! (?:so |that |this |too )?(?:early|at|before|for|"
        r"when|in the|on|every|till|until|\d))",
        r"better off dead",
        r"giving up on (?:life|living|everything)",
        r"(?:nobody|no one|noone) would (?:miss|care)",
        r"kms",
        r"no (?:le )?veo (?:el )?sentido a (?:la|mi) vida",
        r"no vale la pena vivir",
        r"no reason to live",
        r"take my (?:own )?life",
        r"overdos\w*",
        r"no quiero (?:vivir|seguir viviendo|despertar)",
        r"(?:me )?quiero morir\w*(?! de (?:la )?(?:verguenza|pena|risa|hambre|sueno|calor|frio|"
        r"aburrimiento|ganas|envidia|amor|emocion|nervios))",
        r"matarme",
        r"quitarme la vida",
        r"hacerme dano",
        r"lastimarme",
        r"acabar con todo",
        r"mejor muert[oa]",
        # kinds the independent writers used (issue 11, round 2)
        r"(?:ya )?no quiero estar aqui",
        r"no (?:quiero|kiero) (?:vivir|bibir)",
        r"(?:nobody|no one|noone) would (?:even )?(?:miss|care about) me",
        r"(?:me volvi a|volvi a|me estoy) cortar\w*",
        r"cortarme",
        r"(?:me voy a|me vaya a) matar",
        r"voy a matarme",
        r"mejor me muero",
        r"estar\w* mejor sin mi",
        r"(?:planning|plan|thinking about) how to end it",
        negatable=False,
        others=False,
    ),
    _rule(
        RedFlag.airway,
        r"(?:hard|difficult|difficulty|trouble|problems?|struggl\w*|hurts|painful) "
        r"(?:to |with |for )?(?:breath)\w*",
        _CANT + r" (?:breath|catch my breath|get (?:enough )?air)\w*",
        r"short(?:ness)? of breath",
        r"out of breath",
        r"(?:can|could) (?:barely|hardly) (?:breathe|breath|get air)",
        r"throat .{0,25}clos(?:ing|e|ed)",
        r"lips (?:\w+ ){0,2}(?:blue|purple|grey|gray)",
        r"no me sale el aire",
        r"labios (?:morados|azules)",
        r"(?:breathing|breath) (?:is |feels |got |gets )?(?:hard|difficult|tight|shallow|weird)",
        r"chok\w*",
        r"wheez\w*",
        r"gasping",
        r"throat (?:is |feels |getting |keeps |is getting )?(?:closing|tight|closing up)",
        r"(?:me cuesta|dificultad para|problemas? para|trabajo para) respirar",
        r"no puedo respirar",
        r"(?:falta|me falta) (?:de )?(?:el )?aire",
        r"me ahogo",
        r"ahog\w*(?! en (?:trabajo|deudas|pendientes|papeles|tareas|chamba|juntas|correos))",
        r"(?:se me cierra|cerrando) la garganta",
    ),
    _rule(
        RedFlag.swallowing,
        r"(?:hard|difficult|difficulty|trouble|problems?|struggl\w*|hurts|painful) "
        r"(?:to |with |for |when )?(?:swallow)\w*",
        _CANT + r" swallow\w*",
        r"(?:swallowing|swallow) (?:is |feels )?(?:hard|difficult|painful|hurts)",
        r"stuck in my throat",
        r"(?:me cuesta|dificultad para|problemas? para|trabajo para|me duele) tragar",
        r"no puedo tragar",
        r"duele (?:al|para) tragar",
    ),
    _rule(
        RedFlag.lump,
        r"lumps?",
        r"(?:hard )?(?:bump|knot|mass) (?:on|in) (?:my |the )?(?:neck|throat)",
        r"(?:swollen )?(?:glands?|lymph nodes?)",
        r"swell\w*",
        r"swollen",
        r"throat (?:is |feels |getting |keeps )?(?:swell\w*|swollen)",
        r"bult\w*",
        r"bolita",
        r"bola en el cuello",
        r"ganglio\w*",
        r"hinch\w*",
        r"hinchazon",
    ),
    _rule(
        RedFlag.neuro,
        r"numb(?!b?er)\w*",
        r"pins (?:and|&|n) needles",
        r"tingl\w*",
        _CANT + r" feel (?:my |the )?(?:fingers?|hands?|arms?|fingertips|thumbs?)",
        _CANT + r" feel (?:my |the )?(?:legs?|feet|foot|toes)",
        r"no (?:siento|puedo sentir) (?:las piernas|los pies|la pierna)",
        r"weak\w*",
        r"(?:arm|arms|hand|hands|grip|fingers) (?:\w+ )?(?:heavy|useless|dead|asleep)",
        r"dropp?(?:ed|ing)? (?:my |the |a )?(?:\w+ ){0,2}(?:twice|again|\d+ times|three times|"
        r"all day|repeatedly|over and over)",
        r"(?:hand|grip|fingers) (?:just )?(?:lets go|let go|gives out|keeps opening)",
        r"(?:(?:keep|kept|always|constantly) dropp?(?:ing|ed|s)?|dropping|drops) "
        r"(?:things|stuff|everything|my (?:phone|cup|keys|coffee))",
        r"clums\w*",
        r"wobbl\w*",
        r"unsteady",
        r"off balance",
        r"(?:lose|losing|lost) (?:my )?balance",
        r"balance is (?:off|bad)",
        _CANT + r" walk (?:straight|right|properly)",
        r"(?:trouble|hard to|difficulty) walking",
        r"stumbl\w*",
        r"staggering",
        r"entumecid\w*",
        r"entumecimiento",
        r"adormecid\w*",
        r"hormigue\w*",
        r"cosquilleo",
        r"debil\w*",
        r"se me (?:caen|cae|cayeron) (?:las cosas|todo|el vaso|el telefono|el celular)",
        r"se me cayo (?:todo|las cosas)",
        r"no (?:siento|puedo sentir) "
        r"(?:los dedos|la mano|las manos|el brazo|los brazos|mis \w+|mi \w+)",
        r"se me (?:duerme|duermen|durmio|durmieron) (?:la mano|el brazo|los dedos|las manos)",
        r"(?:mano|brazo|dedos|manos|brazos) (?:\w+ )?(?:dormid|adormecid)\w*",
        r"no (?:feeling|sensation) in",
        r"(?:lost|losing) (?:the |all )?(?:feeling|sensation)",
        _CANT + r" (?:lift|raise|move|grip|hold) (?:my |the |a )?"
        r"(?:arm|arms|hand|hands|fingers|cup)",
        r"no puedo (?:mover|levantar|apretar) (?:el brazo|la mano|los brazos|las manos|los dedos)",
        r"jelly",
        r"(?:no tengo|sin|me falta|poca|perdi|perdiendo) (?:la |mucha )?fuerza",
        r"(?:no|lost|losing|lost my|losing my) (?:strength|grip)",
        r"(?:me cuesta|dificultad para) caminar",
        r"torpe\w*",
        r"tambale\w*",
        r"inestable",
        r"(?:pierdo|perdi|perdiendo) el equilibrio",
        r"no puedo caminar bien",
    ),
    _rule(
        RedFlag.bladder_bowel,
        r"(?:peed|pee|wet|pooped|soiled|messed) (?:myself|my self|my pants|the bed)",
        r"bladder",
        r"bowels?",
        r"incontinen\w*",
        _CANT + r" (?:control|hold) (?:my )?(?:pee|urine|bladder|bowels?|poop|stool)",
        r"(?:leaking|leak) (?:urine|pee)",
        _CANT + r" (?:pee|urinate)",
        r"me (?:orine|hice pipi|hice pis|hice popo|hice encima|hice del bano)",
        r"se me (?:sale|salio|escapa|escapo) el pis",
        r"orinarme",
        r"vejiga",
        r"intestino",
        r"no (?:controlo|puedo controlar|puedo aguantar) "
        r"(?:la orina|la pipi|el pipi|mis esfinteres)",
    ),
    _rule(
        RedFlag.electric_shock,
        r"electric\w*(?! (?:blanket|heating|heat pad|pad|toothbrush|bill|scooter|car))",
        r"shocks? (?:down|through|along|in|up)",
        r"zap\w*",
        r"like electricity",
        r"lightning (?:down|through|bolt)",
        r"descarga\w*",
        r"corrientazo",
        r"como (?:una )?corriente",
        r"corriente (?:por|en|electrica|que baja)",
    ),
    _rule(
        RedFlag.infection,
        r"fever\w*",
        r"febrile",
        r"rash(?:es)?",
        r"chills",
        r"(?:sensitive|sensitivity) to (?:the )?light",
        r"light (?:sensitiv\w*|hurts|bothers)",
        r"(?:bright )?lights? (?:hurt|hurts|bother|bothers) my eyes",
        r"photophobia",
        r"meningitis",
        r"(?:high )?temp(?:erature)? (?:of |is |was |at )?\d+",
        r"(?:3[89]|40)(?:[.,]\d)? ?(?:c |c$|degrees? )?(?:temp|temperature|fever)",
        r"(?:10[0-4])(?:[.,]\d)? ?(?:f |f$|degrees? )?(?:temp|temperature|fever)",
        r"burning up",
        r"(?:have|had|running|got|with) a (?:high |bad )?temp(?:erature)?",
        r"fiebre",
        r"calentura",
        r"febril",
        r"sarpullido",
        r"erupcion",
        r"ronchas",
        r"escalofrios",
        r"(?:la luz me molesta|me molesta la luz|sensible a la luz)",
    ),
    _rule(
        RedFlag.trauma,
        r"(?:car|auto|motorcycle|bike|bicycle|traffic|road) (?:accident|crash|wreck|collision)",
        r"(?:crash|crashed|wrecked|totaled) (?:my|the|our) (?:car|truck|bike)",
        r"rear ?ended",
        r"whiplash",
        r"hit by (?:a )?(?:car|truck|bus)",
        # the vehicle as the subject: "a car hit me", "un carro nos choco"
        r"(?:car|truck|bus|van|suv|driver|taxi|cab|motorcycle) (?:hit|rear ?ended|ran into|"
        r"slammed into|backed into|crashed into|plowed into|t-?boned) (?:me|us|my|our)",
        r"(?:carro|coche|auto|camion|camioneta|taxi|moto|bus|camion) (?:me|nos) "
        r"(?:pego|golpeo|atropello|choco|dio|embistio|alcanzo)",
        r"me atropell\w*",
        r"(?<!by )accidents?",
        r"(?:fell|fallen)(?! asleep)",
        r"(?:had|took) a (?:bad |hard |big )?fall",
        r"(?:slipped|tripped) and",
        r"(?:slipped|tripped|fell)\b.{0,30}\b(?:hit|banged|hurt|landed on|bumped) "
        r"(?:my |the back of my )?(?:head|neck)",
        r"(?:dove|dived|diving|dive) (?:into|in|off)",
        r"diving",
        r"(?:hit|banged|bumped|smacked) my head",
        r"head injury",
        r"concussion",
        r"knocked out",
        r"(?<!por )accidentes?",
        r"choque",
        r"(?:chocamos|me chocaron|choque)",
        r"me cai(?:go)?",
        r"me (?:he|ha) caido",
        r"t-?boned",
        r"slammed into",
        r"hit the back of my (?:car|truck|van)",
        r"caidas?",
        r"me resbale",
        r"clavado",
        r"(?:me golpee|golpe en) la cabeza",
        r"latigazo",
    ),
    _rule(
        RedFlag.vascular,
        r"worst (?:headache|head ache|pain)",
        r"thunderclap",
        r"sudden\w* (?:\w+ )?(?:headache|head ache|head pain)",
        r"(?:tearing|ripping|torn) (?:pain|feeling|sensation)",
        r"like something (?:tore|ripped)",
        r"faint\w*",
        r"pass(?:ed|ing)? out",
        r"black(?:ed)? out",
        r"blackout",
        r"lost consciousness",
        r"collapsed",
        r"double vision",
        r"(?:seeing|see|saw) double",
        r"vision (?:is |went |got |gets )?double",
        r"slurr\w*",
        r"garbled",
        r"speech (?:is |was |sounds |sounded )?(?:weird|funny|off|strange|wrong|garbled|jumbled)",
        r"(?:words|speech|talking) (?:are |is |keep |keeps )?(?:coming|come|came) out "
        r"(?:wrong|weird|funny|jumbled|mixed up|all wrong)",
        r"(?:cant|cannot|couldnt|could not) (?:get|find) (?:my|the) words(?: out)?",
        _CANT + r" (?:talk|speak) (?:right|properly|clearly)",
        r"(?:trouble|hard) (?:talking|speaking)",
        r"(?:face|facial|cheek|lips?|mouth) (?:is |feels |looks |went |gone |getting )?"
        r"(?:droop\w*|tingl\w*|numb\w*|crooked|lopsided)",
        r"(?:droopy|drooping) face",
        r"(?:one side of my|half (?:of )?my) face",
        r"(?:me )?desmay\w*",
        r"perdi el conocimiento",
        r"vision doble",
        r"veo doble",
        # Sight lost in one eye, suddenly: like double vision, an arterial warning sign.
        _CANT + r" see (?:out of|with|from|through) (?:my |one |the )?(?:left |right )?eye",
        r"(?:lost|losing|lose|lost all) (?:the |my )?(?:sight|vision) (?:in|of) "
        r"(?:my |one |the )?(?:left |right )?eye",
        r"(?:went |gone |going |am |im )?blind in (?:my |one |the )?(?:left |right )?eye",
        r"no veo (?:nada )?(?:de|con|por) (?:un|el|mi) ojo",
        r"(?:perdi|pierdo|se me fue) la (?:vista|vision) (?:de|en|del) (?:un |el |mi )?ojo",
        r"(?:me quede|estoy) cieg[oa] de (?:un|el|mi) ojo",
        r"(?:arrastr\w* las palabras|hablo raro|no puedo hablar bien|me trabo al hablar)",
        r"(?:las palabras|me) (?:salen|sale) (?:mal|raras|al reves)",
        r"no me salen las palabras",
        r"(?:el )?peor dolor de cabeza",
        r"dolor de cabeza (?:repentino|subito|terrible|horrible|muy fuerte)",
        r"cara (?:entumecida|dormida|adormecida|caida|torcida)",
        r"se me (?:cae|cayo|durmio) (?:la cara|un lado de la cara|la boca)",
        r"desgarr\w*",
    ),
    _rule(
        RedFlag.dizziness,
        r"diz+(?:y|iness|ie)",
        r"light ?headed",
        r"light-headed",
        r"vertigo",
        r"(?:seeing|see|saw) (?:spots|stars)",
        r"(?:room|head) (?:is )?spinning",
        r"woozy",
        r"blurr?(?:y|ed)",
        r"vision (?:is |went |got |gets )?(?:weird|fuzzy|dim|off)",
        _CANT + r" see (?:right|properly|well|clearly)",
        r"mare(?!s\b)\w*",
        r"vision (?:borrosa|nublada)",
        r"veo (?:todo )?(?:borroso|nublado)",
        r"vista (?:borrosa|nublada)",
        r"se me nubla",
    ),
    _rule(
        RedFlag.cardiac,
        r"chest (?:pain|pains|pressure|tightness|hurts|is tight|feels tight|ache|discomfort)",
        r"pain (?:in|on) (?:my )?chest",
        r"heart attack",
        r"(?:left arm|arm|jaw|chest) (?:pain|ache|aching|hurts?)\w* .{0,30}"
        r"(?:sweat\w*|clammy|nause\w*|throwing up|vomit\w*)",
        r"(?:sweat\w*|clammy|nause\w*) .{0,30}(?:chest|left arm|jaw) (?:pain|ache|hurts?)",
        r"(?:pain|ache|aching|pressure|tightness|squeezing) (?:\w+ )?(?:going|goes|spreading|"
        r"spreads|radiating|radiates|moving|moves|shooting|shoots) (?:\w+ )?"
        r"(?:to|into|up|up to|down) (?:my )?(?:jaw|left arm)",
        r"(?:pressure|tightness|squeezing|heaviness|weight) (?:on|in|across) (?:my )?chest",
        r"(?:presion|opresion|peso) en el pecho",
        r"(?:dolor|presion|opresion|punzada)\w* (?:de|en el|en mi) pecho",
        r"(?:me duele|duele) el pecho",
        r"pecho apretado",
        r"infarto",
        r"ataque al corazon",
    ),
    _rule(
        RedFlag.systemic,
        r"night ?sweats?",
        r"sweat\w* (?:at|during the|all) night",
        r"soak\w* (?:the )?sheets",
        r"(?:losing|lost|dropping|dropped) (?:a lot of |so much |some |\w+ )?weight",
        r"weight loss",
        r"(?:lost|losing|dropped) (?:a stone|\d+ ?(?:stone|st|pounds|lbs|kilos?|kg))"
        r"(?: .{0,20}(?:without trying|not trying|for no reason))?",
        r"drench\w* (?:in sweat|sheets)",
        r"(?:woken|waking|wake) up (?:drenched|soaked|soaking|dripping)",
        r"lost \d+ (?:pounds|lbs|kilos|kg)",
        r"cancer",
        r"tumou?r",
        r"chemo\w*",
        r"oncolog\w*",
        r"metasta\w*",
        r"lymphoma",
        r"leukemia",
        r"melanoma",
        r"(?:never|doesnt|does not|wont|will not|dont|do not) (?:ever )?(?:ease|eases|go away|"
        r"goes away|let up|lets up|stop|stops|get better|improve|calm down)\w* (?:\w+ )?"
        r"(?:at|during the|in the) night",
        r"(?:constant|nonstop|non stop) (?:all|every|at) night",
        r"(?:all|every|at) night.{0,40}(?:never|doesnt|does not|wont|will not) "
        r"(?:ease|eases|let up|lets up|stop|stops|go away|goes away|get better)",
        r"sudor\w* (?:nocturn\w*|en la noche|por la noche|de noche)",
        r"(?:baj\w*|perd\w*) (?:de |mucho |el |\w+ )?peso",
        r"quimio\w*",
        r"(?:no se (?:me )?quita|nunca se quita|no (?:se )?calma|no para) "
        r"(?:en|por|de) (?:la )?noche",
    ),
)


# Wordings a new clinic's patients used that the first list missed (issue 11): plain-language
# rash, speech that comes out wrong, chest pressure spreading to the jaw, drenching sweats,
# more Spanish numbness and weakness verbs.
_W = r"(?:\w+ ){0,4}"
RULES += (
    _rule(
        RedFlag.cardiac,
        rf"chest {_W}(?:into|to|up to|down|going|moving|spread\w*|radiat\w*|goes) {_W}"
        r"(?:arm|jaw|neck)",
        rf"(?:from|in|across) (?:my )?chest {_W}(?:to|into|down|up) {_W}(?:arm|jaw|neck)",
        r"(?:arm|jaw) and chest (?:both )?(?:hurt|pain|ache)\w*",
        rf"chest (?:pain|hurts?|aches?|pressure|tight\w*) {_W}"
        r"(?:sweat\w*|clammy|nause\w*|feel sick)",
        rf"pecho {_W}(?:se (?:me )?(?:va|pasa|corre|extiende|baja|sube)|sube|baja|hasta|hacia)"
        rf" {_W}"
        r"(?:brazo|mandibula|quijada|cuello)",
        rf"(?:duele|dolor de|dolor en|presion en|opresion en) (?:el )?pecho {_W}"
        r"(?:nause\w*|sudor\w*|sudando|vomit\w*)",
        r"chest (?:pain|pressure) (?:que )?se va al brazo",
    ),
    _rule(
        RedFlag.vascular,
        r"words? (?:are |is |keep )?(?:coming|come|came) out (?:all )?(?:wrong|funny|weird|jumbled|"
        r"garbled|mixed up)",
        r"(?:talking|speaking|speech) (?:is |sounds )?"
        r"(?:funny|weird|strange|jumbled|garbled|slurr\w*)",
        r"words (?:are |all )?(?:jumbled|mixed up|garbled)",
        r"(?:cant|cannot|can not) get (?:my )?words out",
        rf"face {_W}(?:droop\w*|drop\w*|sagg\w*)",
        r"smile (?:is |looks )?(?:crooked|lopsided|uneven)",
        r"(?:tearing|ripping|shearing) (?:pain|feeling)",
        r"(?:passed|blacked|black) out",
        r"salen mal las palabras",
        r"(?:hablo|hablando|habla) (?:raro|chistoso|extrano|mal)",
        r"se me traba (?:la lengua|al hablar)",
        r"arrastr\w* las palabras",
        r"cara (?:caida|torcida|chueca)",
        r"(?:boca|cara) (?:de lado|torcida|chueca)",
        r"se me cayo (?:la boca|la cara|un lado)(?! de (?:la )?(?:verguenza|pena))",
        r"(?:desgarr\w*|se rasga|rasgando)",
        r"perdi el conocimiento",
    ),
    _rule(
        RedFlag.self_harm,
        r"wish (?:i|id) (?:was|were|had) (?:dead|died|never been born)",
        r"(?:whats|what is) the point (?:of|in) (?:living|life|going on|being alive)",
        r"(?:ending|end) (?:it all|my life|my own life)",
        r"(?:thinking|thought) (?:about|of) (?:ending|killing|hurting)",
        r"(?:hurt|harm|kill) myself",
        negatable=False,
        others=False,
    ),
    _rule(
        RedFlag.airway,
        r"(?:catch|get) my breath",
        r"(?:struggling|fighting|gasping) (?:to breathe|for (?:air|breath))",
        r"me falta (?:el )?aire",
        r"me cuesta respirar",
        r"me ahogo",
    ),
    _rule(
        RedFlag.infection,
        rf"(?:spots|dots|rash|marks|blotches|specks)\w* {_W}(?:dont|do not|doesnt|does not|wont|"
        r"will not|never) (?:fade|go away|disappear|go pale|go white)",
        rf"(?:purple|red|dark) (?:spots|dots|specks|blotches) {_W}(?:press\w*|glass|fade|stay)",
        rf"(?:manchitas|manchas|puntitos|puntos|sarpullido|ronchas|erupcion)\w* {_W}"
        r"no se (?:quitan|quita|borran|borra|van|va|desaparecen|desaparece)",
        r"(?:manchitas|manchas|puntitos|puntos) (?:moradas|morados|rojos|rojas|oscuras)",
        r"(?:light|lights) (?:\w+ ){0,3}(?:hurts?|bothers?|kills?) my eyes(?=.*\b(?:stiff|rigid))",
        r"(?:cant|cannot) (?:stand|handle|take) (?:any )?(?:bright )?lights?"
        r"(?=.*\b(?:stiff|rigid))",
        r"(?:molesta|no aguanto|no soporto|lastima|duele) (?:\w+ ){0,2}(?:la )?luz"
        r"(?=.*\b(?:rigid|ties|dur))",
        r"(?:temp|temperature) of (?:10[0-6]|3[89]|40)",
        r"(?:temperatura|fiebre) (?:de )?(?:3[89]|40)\b(?=.*\b(?:rigid|ties|dur))",
    ),
    _rule(
        RedFlag.neuro,
        r"walking like (?:im |i am |i was )?drunk",
        r"(?:legs|walking) (?:feel |are |is |feels )?(?:unsteady|wobbly|off balance)",
        r"(?:numb\w*|tingl\w*|pins and needles|weak\w*) (?:\w+ ){0,3}(?:went away|was gone|"
        r"had gone|stopped) but (?:\w+ ){0,2}(?:back|returned|came back)",
        r"(?:numbness|tingling|weakness|pins and needles) (?:came|is|has come|come) back",
        r"(?:dormido|hormigueo|entumido|adormecimiento|entumecimiento) pero (?:volvio|regreso)",
        r"otra vez se me (?:duerme|adormece|entume)\w*",
        r"se me (?:duerme|durmio|duermen|adormece|adormecen|adormecio|entume\w*) "
        r"(?:el |la |los |las )?"
        r"(?:mano|manos|brazo|brazos|dedos|pierna|piernas)",
        r"(?:mano|brazo|dedos|manos|brazos|arm|hand)s? (?:\w+ ){0,3}(?:dormid|entumid|adormecid|"
        r"entumecid)[oa]s?",
        r"flaque\w*",
        r"se me afloj\w* (?:la |el )?(?:mano|brazo)",
        r"(?:no tengo|sin) fuerza en (?:la |el |las |los )?(?:mano|brazo|manos|brazos)",
        r"(?:me )?tambale\w*",
        r"pierdo el equilibrio",
    ),
    _rule(
        RedFlag.trauma,
        r"rear[- ]?ended",
        r"hit by a (?:car|truck|bus|van)",
        r"(?:me )?chocaron",
    ),
    _rule(
        RedFlag.systemic,
        r"(?:drenching|soaking|heavy|drenched) (?:night )?sweats?",
        r"(?:soaked|drenched|wet) (?:in|with) sweat",
        r"sweats? (?:\w+ ){0,3}(?:every|at|each) night",
        r"(?:sudo|sudores|sudando) (?:\w+ ){0,2}(?:por las |en las |en la |toda la )?noches?",
        r"empapad[oa] (?:de|en) sudor",
        r"(?:clothes|pants|jeans) (?:are )?(?:falling off|too big|hanging off)",
        r"not (?:trying|meaning) to lose (?:weight|it)",
        r"(?:losing|lost|losin) (?:\w+ )?weight (?:and|but) (?:im )?not (?:dieting|trying)",
        r"(?:baje|perdi|he perdido|he bajado) (?:\d+ )?(?:kilos|kg|libras|de peso|peso) sin "
        r"(?:querer|hacer dieta|dieta|razon|intentar\w*)",
        r"(?:bajando|perdiendo) (?:de )?peso sin",
        r"(?:hurts|pain|aches?) (?:all night|every night) (?:\w+ ){0,2}(?:no matter|even)",
        r"no se (?:calma|quita|alivia) (?:nunca )?(?:en |por |durante )?(?:la )?noche",
        r"toda la noche aunque",
        r"ni (?:de|en la|por la) noche (?:me )?(?:deja|para|se calma|se quita|descansa|afloja)",
        r"(?:not even|doesnt even|wont even|does not even) (?:\w+ )?(?:let up|ease|stop|calm down)"
        r" (?:at|during the|in the) night",
        r"even at night (?:it )?(?:doesnt|wont|never) (?:let up|ease|stop|calm down)",
    ),
    _rule(RedFlag.swallowing, r"food (?:gets |is getting |keeps getting )?stuck", r"se me atora"),
    _rule(
        RedFlag.lump,
        r"(?:found|feel|felt|have|noticed|got) a (?:new )?(?:bump|lump|knot)",
        r"(?:bump|lump|knot) (?:under|on|in|behind) (?:my )?(?:jaw|neck|throat|ear)",
    ),
)


# More kinds of plain wording, each a way of saying one CLINICAL.md red flag (issue 11).
RULES += (
    _rule(
        RedFlag.vascular,
        r"(?:talk\w*|speak\w*|speech|words?|it) (?:\w+ ){0,3}(?:comes?|came|coming) out "
        r"(?:all )?(?:jumbled|wrong|weird|funny|garbled|mixed up|slurred|strange)",
        r"no me salen (?:bien )?las palabras",
        r"(?:la cara|la boca|un lado de la cara) se me (?:cae|cayo|durmio|adormec\w*)",
        r"se me (?:adormece|adormecio|entume\w*|duerme) (?:la cara|la boca|un lado)",
        r"(?:looks?|looking|see|seeing|ver|veo|viendo) (?:\w+ ){0,2}(?:double|doble)",
        r"(?:everything|todo) (?:looks|se ve) (?:double|doble)",
    ),
    _rule(
        RedFlag.cardiac,
        r"(?:tight|heavy|crushing|squeez\w*) chest .{0,30}(?:arm|jaw|sweat\w*|nause\w*)",
        r"chest (?:is |feels )?(?:tight|heavy|crushed) .{0,30}(?:arm|jaw|sweat\w*|nause\w*)",
        r"(?:pecho apretado|opresion en el pecho) .{0,30}(?:brazo|mandibula|quijada|sudor\w*)",
    ),
    _rule(
        RedFlag.systemic,
        r"sweat\w* (?:buckets|a lot|like crazy|so much|heaps) (?:at|every|each|all) night",
        r"(?:amanezco|despierto|me levanto|me despierto) (?:todo |toda )?"
        r"(?:empapad|mojad|sudad)\w*",
        r"(?:bajado|perdido) (?:mucho |bastante )?(?:de )?peso sin",
        r"(?:worse|bad|unbearable|terrible) (?:at|every) night .{0,25}(?:nothing helps|never|"
        r"no matter|cant sleep|wont ease)",
    ),
    _rule(
        RedFlag.swallowing,
        r"(?:me cuesta|no puedo|dificil|trabajo) (?:pasar|tragar) (?:la comida|bocado|la saliva|"
        r"el agua|comida|agua)",
        r"(?:food|pills?|water) (?:wont|doesnt|will not|does not) go down",
    ),
    _rule(
        RedFlag.trauma,
        r"fender bender",
        r"(?:got|was|been) (?:hurt|injured) (?:playing|in a|at the|during)",
        r"(?:hit|banged|jammed|jarred|wrenched) my (?:neck|head)",
        r"(?:tackled|tackle) (?:\w+ )?(?:hard|playing)",
        r"(?:me golpee|me pegue|me lastime) (?:el cuello|la cabeza)",
    ),
    _rule(
        RedFlag.bladder_bowel,
        r"(?:peeing|wetting|wet|pee|peed|pooping|pooped) (?:myself|my pants|the bed)",
        r"no aguanto (?:la orina|el pipi|la pipi|las ganas de orinar)",
        r"(?:leaking|leaks|leak) (?:urine|pee|when i)",
        r"(?:se me sale|se me escapa) (?:la orina|el pipi|la pipi)",
    ),
    _rule(
        RedFlag.neuro,
        r"(?:bump\w*|walk\w*) into (?:walls|things|doors|the wall|furniture)",
        r"(?:fall|falling|tip|tipping) over when (?:i )?(?:walk|stand)",
        r"balance is (?:terrible|awful|gone|bad|off|all over)",
        r"camino como (?:borrach[oa]|mare\w*)",
        r"me tropiezo",
        r"(?:mano|brazo|dedo|pierna|arm|hand|finger|leg)s? (?:\w+,? ){0,3}(?:like |como )?"
        r"(?:dormid|entumid|adormecid|asleep|dead)\w*",
        r"(?:brazo|mano|pierna|dedos) no (?:me )?(?:responde|responden|obedece\w*)",
        r"(?:arm|hand|leg|fingers) (?:wont|doesnt|will not|does not|dont) (?:work|respond|"
        r"do what|listen|cooperate)",
        r"(?:cant|cannot|no puedo) (?:button|abotonar|hold a pen|agarrar)",
    ),
)


# Kinds of indirect wording still missed after round 2 (issue 11, round 3): each is a family
# of verbs and objects, in both languages, never one sentence.
_VEHICLE = (
    r"(?:motor ?bike|motorcycle|motorbike|bike|bicycle|cycle|scooter|moped|e-?bike|dirt bike|"
    r"quad|atv|horse|pony|skateboard|board|skis?|snowboard|ladder|roof|trampoline|"
    r"moto|motocicleta|bici|bicicleta|caballo|patineta|patines|escalera|techo)"
)
_SWALLOWED = (
    r"(?:food|foods|pills?|tablets?|meds|medicines?|capsules?|water|drinks?|liquids?|solids?|"
    r"bites?|anything|nothing|bread|meat|rice|spit|saliva|"
    r"comida|pastillas?|pildoras?|capsulas?|agua|bocados?|pan|carne|arroz|saliva|nada)"
)
RULES += (
    _rule(
        RedFlag.self_harm,
        # a wish not to wake up, said as a hope or as going to sleep for good
        r"(?:hope|hoping|wish|wishing|pray|praying)\w* (?:\w+ ){0,3}(?:dont|do not|wouldnt|"
        r"would not|never|not|wont|will not) (?:\w+ )?wake up",
        r"(?:sleep|asleep) (?:\w+ ){0,2}(?:and |n )?(?:never|not|just not) (?:\w+ )?wake up",
        r"never wake up again",
        r"(?:ojala|quisiera|me gustaria|quiero|deseo|rezo por|pido) (?:\w+ ){0,3}no "
        r"(?:volver a )?(?:despertar\w*|amanecer)",
        r"(?:dormirme|dormir|acostarme) (?:\w+ ){0,2}y no (?:volver a )?(?:despertar\w*|amanecer)",
        r"no despertar(?:me)? (?:nunca|jamas|mas|manana)",
        # a leap, a rope, a stockpile
        r"(?:jump\w*|throw\w* myself|leap\w*|step\w*) (?:off|from|in front of|into) "
        r"(?:a |the |that |my )?(?:\w+ )?(?:bridge|building|roof|balcony|cliff|train|bus|truck|"
        r"traffic|car|overpass|tower)",
        r"(?:tirarme|aventarme|lanzarme|echarme|arrojarme|me tiro|me aviento|me lanzo) "
        r"(?:de un |del |desde el |desde un |al |a las |a la |frente al |frente a un |por el |"
        r"por la )(?:puente|edificio|techo|azotea|balcon|tren|metro|carro|coche|camion|vias|"
        r"ventana|precipicio|barranco)",
        r"(?:hang|hanging) myself|colgarme|ahorcarme",
        r"(?:saving|stockpiling|hoarding|collecting) (?:up )?(?:my )?(?:pills|tablets|meds)",
        r"(?:juntando|guardando|acumulando) (?:las |mis )?(?:pastillas|pildoras)",
        # tired of being alive
        r"(?:tired|sick|weary) of (?:living|being alive|life|existing)",
        r"(?:cansad[oa]|harta?o?) de (?:vivir|la vida|existir|estar viv[oa])",
        r"(?:disappear|vanish) (?:forever|for good|for ever|and never come back)",
        r"desaparecer (?:para siempre|del mapa|de este mundo)",
        r"(?:not|no) (?:be |being )?(?:here|around|alive) (?:anymore|any more|tomorrow)(?! for)",
        r"(?:ya )?no (?:estar|seguir) (?:aqui|en este mundo|viv[oa])",
        # hurting oneself to feel something else, or on purpose
        r"(?:burn\w*|cut\w*|hit\w*|scratch\w*|hurt\w*) (?:myself|my (?:arms?|wrists?|legs?|skin)) "
        r"(?:\w+ ){0,5}(?:on purpose|to (?:not|stop|feel)|so i (?:dont|can)|because i)",
        r"me (?:quemo|corto|pego|rasguno|lastimo|hago dano) (?:\w+ ){0,5}(?:para (?:no )?sentir|"
        r"a proposito|aproposito|adrede)",
        # a burden to others, a goodbye, not being around much longer, a plan made
        r"(?:im|i am|feel like|feel|im just|soy|me siento) (?:just |such |only )?(?:a |una )?"
        r"(?:burden|carga)(?! (?:of|de) (?:work|trabajo))",
        r"(?:better off|be better|estarian mejor|estarian bien|vivirian mejor) (?:\w+ ){0,2}"
        r"(?:if i (?:was|were|wasnt|werent|was not|were not) (?:gone|dead|here|around|alive)|"
        r"without me|si yo no (?:estuviera|existiera)|sin mi)",
        r"(?:nobody|no one|noone|nadie) (?:would|will|me) (?:\w+ )?(?:miss|notice|extranaria|"
        r"echaria de menos|notaria)\w*",
        r"(?:irme|desapare[cz]\w*|disappear\w*) (?:para siempre|for good|forever)"
        r"(?! (?:from|de) (?:this|the|these|este|el|los|la) "
        r"(?:program\w*|list|lista|texts|mensajes))",
        r"(?:ya )?me (?:despedi|despido|estoy despidiendo) de (?:mis|mi|todos|todo)",
        r"(?:said|saying|say) (?:my )?goodbyes?(?: to (?:my|everyone|everybody))",
        r"(?:no creo que|i dont think i(?:ll| will)?) (?:siga|este|dure|be around|last|be here) "
        r"(?:\w+ ){0,2}(?:aqui|longer|much longer|mucho)",
        r"(?:wont|will not) be (?:around|here) (?:much longer|for long|anymore)",
        r"(?:ya )?(?:pense|planee|decidi|tengo pensado|figured out|planned|know) (?:como|how) "
        r"(?:hacerlo|lo voy a hacer|to do it|ill do it|i(?:ll| will) do it)(?:$|[.,!])",
        r"no quiero seguir (?:aqui|en este mundo|viv\w*)",
        # cutting said without "myself": "been cutting again", "started cutting"
        r"(?:been|started|back to|keep|kept|i was|im|i am|relapsed|went back to) cutting"
        r"(?: again)?(?=\W*$|[.,!]| lately| again)",
        negatable=False,
        others=False,
    ),
    _rule(
        RedFlag.trauma,
        # a casual word for a crash, a spill off a vehicle, a horse or a height
        rf"(?:spill|wipe ?out|tumble|crash|wreck|smash|accident|header|fall|pile ?up)\w* "
        rf"(?:on|off|from|with) (?:my |the |a |our )?(?:\w+ )?{_VEHICLE}",
        rf"{_VEHICLE} (?:spill|wipe ?out|tumble|crash|wreck|accident|smash)\w*",
        rf"(?:came|come|coming|fell|flew|flown|thrown|tossed|bucked|knocked|slid|skidded) "
        rf"(?:right )?(?:off|from) (?:of )?(?:my |the |a |our )?(?:\w+ )?{_VEHICLE}",
        r"(?:dropped|laid down|lost control of|went down on|wiped out on|slid out on) "
        r"(?:my |the )?(?:\w+ )?(?:motor ?bike|motorcycle|motorbike|bike|scooter|moped|moto)"
        r"(?! (?:off|at the|in the garage|for|to|parked))",
        rf"me (?:tumbo|tiro|avento|derribo|boto) (?:el |la |mi )?{_VEHICLE}",
        r"(?:took|had|taken) a (?:\w+ )?(?:spill|tumble|header|wipeout|nosedive|digger)",
        r"(?:went|flew|going) (?:flying|over the (?:handlebars|bars|hood)|head first)",
        rf"(?:me cai|me caigo|me tiro|me tumbo|me aventó|me avento|me derribo|me volque|volque|"
        rf"derrape|me derrape|derrapamos|me resbale) (?:\w+ ){{0,2}}(?:de|con|en) "
        rf"(?:la |el |mi |una |un )?{_VEHICLE}",
        r"(?:volcadura|derrapon|caidon|costalazo|porrazo|trancazo)",
        rf"ate (?:it|shit|pavement|dirt|concrete|gravel) (?:on|off|at|with) "
        rf"(?:my |the |a )?(?:\w+ )?{_VEHICLE}",
        r"face ?plant\w*|bit the dust|ate (?:pavement|concrete|gravel)",
        negatable=True,
    ),
    _rule(
        RedFlag.swallowing,
        rf"{_SWALLOWED} (?:\w+ ){{0,2}}(?:wont|doesnt|dont|will not|does not|do not|wouldnt|"
        r"would not|cant|cannot|isnt|arent|is not|are not) (?:\w+ )?(?:go|going|get|getting) down",
        rf"(?:cant|cannot|can not|couldnt|could not|unable to|trouble|hard to|struggl\w* to) "
        rf"(?:get|getting|keep) (?:my |the |any )?(?:\w+ )?{_SWALLOWED} down",
        r"(?:sticks?|stuck|catch\w*|caught|lodg\w*) (?:\w+ ){0,2}(?:halfway|half way|in my throat|"
        r"in my chest|on the way down)",
        rf"no (?:me )?(?:pasa|pasan|baja|bajan|entra|entran) (?:bien )?(?:la |las |el |los )?"
        rf"{_SWALLOWED}",
        rf"(?:la |las |el |los )?{_SWALLOWED} no (?:me )?(?:pasa|pasan|baja|bajan)",
        r"se me (?:queda|quedan|quedo|atora|atoran|atasca|atascan)\w* (?:\w+ ){0,2}"
        r"(?:atorad\w*|atascad\w*|pegad\w*|en la garganta|a medio camino)",
        r"se me atraganta\w* (?:todo|la comida|las pastillas|siempre|cada|hasta|el agua)",
        r"me atraganto (?:con todo|siempre|cada vez|con la comida)",
        r"(?:choke|choking) on (?:everything|every bite|my food|food|pills|water) "
        r"(?:\w+ ){0,2}(?:lately|every|all the time|now|these days)",
    ),
    _rule(
        RedFlag.neuro,
        # a limb that gives out, buckles or fails
        r"(?:arms?|hands?|legs?|grip|fingers|leg|brazo) (?:\w+ ){0,2}(?:gave|give|gives|"
        r"giving|gone) (?:out|way)",
        r"(?:legs?) (?:\w+ ){0,2}(?:buckl|collaps|fold)\w*",
        r"(?:piernas?|brazos?|manos?|rodillas) (?:\w+ ){0,3}(?:flojas?|flojos?|debiles|sin fuerza|"
        r"de trapo|de gelatina|temblorosas?|temblorosos?)",
        r"(?:se me|me) (?:doblan|doblo|doblaron|dobla|fallan|fallo|fallaron|falla|vencen|vencio) "
        r"(?:las |la |los |el )?(?:piernas?|rodillas?|brazos?|manos?)",
        r"(?:piernas?|brazos?|manos?|rodillas?) (?:no me )?(?:aguanta|aguantan|responde|responden)"
        r"(?: nada| bien)?$",
        r"lo (?:dormido|entumido|adormecido|entumecido)(?! que)"
        r"(?: (?:de|del|en) (?:la |el |los |las )?"
        r"(?:mano|manos|brazo|brazos|dedos|pierna|piernas))?",
    ),
)


# More plain words the model only sent to review (issue 11, round 3): now urgent.
RULES += (
    _rule(
        RedFlag.self_harm,
        r"(?:wrote|writing|left|written) (?:\w+ )?(?:goodbye |farewell )?(?:letters?|notes?) "
        r"to (?:my |everyone|all)|(?:goodbye|farewell|suicide) (?:letters?|notes?)",
        r"(?:le |les )?escribi (?:unas |una )?cartas? (?:de despedida )?a (?:mi|mis|todos)|"
        r"cartas? de despedida",
        r"(?:whats|what is) the point (?:anymore|any more|of anything|of it all)",
        r"(?:para que|pa que) seguir|ya nada tiene sentido|"
        r"ya no tiene sentido (?:nada|vivir|seguir)",
        r"(?:want|wish) (?:it all|everything) to (?:stop|end|be over)",
        r"quiero que todo (?:se acabe|termine|acabe|pare)",
        negatable=False,
        others=False,
    ),
    _rule(
        RedFlag.vascular,
        r"(?:(?:cant|cannot|couldnt) find (?:the |my )?(?:right )?words|no encuentro las palabras)"
        r"(?! (?:to|para) (?:thank|say|describe|express|explain|agradecer|decir|describir|"
        r"expresar))",
        r"face (?:\w+ ){0,2}heavy on one side|(?:me pesa|pesada) (?:la cara|media cara)",
    ),
    _rule(
        RedFlag.neuro,
        r"(?:arm|hand|brazo|mano) (?:keeps |kept )?(?:drift\w*|falls?|sinks?|sags?) (?:down|off)",
        r"se me (?:va|cae|baja) (?:el brazo|la mano)(?! de)",
        r"(?:cant|cannot|couldnt) (?:do up|button|fasten|zip) (?:my )?(?:buttons|shirt|coat)|"
        r"no (?:me )?puedo abrochar",
        r"handwriting (?:\w+ ){0,3}(?:messy|shaky|worse|terrible|changed)",
        r"(?:keep|kept|keeps) dropp\w* (?:my |the )?\w+|se me cae (?:el|la) "
        r"(?:tenedor|cuchara|taza|vaso|pluma|lapiz|celular|telefono)(?= (?:de las manos|todo el|"
        r"a cada rato|otra vez)|\W*$)",
    ),
    _rule(
        RedFlag.trauma,
        r"(?:whacked|smacked|cracked|clonked|conked|bonked|knocked) my head",
        r"me di un (?:golpe|golpazo|madrazo|trancazo) (?:\w+ )?en la (?:cabeza|nuca)",
    ),
    _rule(
        RedFlag.cardiac,
        r"(?:elephant|weight|something heavy|a brick) (?:\w+ )?(?:sitting |standing )?on my chest",
        r"(?:siento|tengo|es) (?:el|un) pecho como si me (?:aplastaran|apretaran|pisaran)",
        r"como si me (?:aplastaran|apretaran|pisaran) el pecho",
    ),
    _rule(
        RedFlag.systemic,
        r"(?:clothes|pants|jeans|belt|ropa) (?:are |is )?(?:all |so )?(?:loose|baggy|falling off)"
        r"|(?:la ropa|los pantalones) (?:me )?(?:queda|quedan) (?:grande|grandes|flojos?|floja)",
    ),
)

# Words that may name a red flag the phrases above do not know (issue 11: rules lag the
# language). A reply that names one of these in the patient, not negated, not someone
# else's, not "fine", and raised no red flag goes to a person (`review`), not to the coach:
# symptoms rare in chat (fainting, sweats, swallowing, vision, balance, a fall or a crash)
# and a body part beyond the neck with a strange feeling in it ("my arm feels weird").
_BODY = (
    r"(?:arms?|hands?|fingers?|fingertips|thumbs?|legs?|feet|foot|toes|face|facial|chest|jaw|"
    r"mouth|lips?|eyes?|tongue|brazos?|manos?|dedos?|piernas?|pies|cara|pecho|mandibula|"
    r"quijada|boca|labios?|ojos?|lengua)"
)
_ODD = (
    r"(?:weird|funny|strange|odd|off|heavy|dead|asleep|useless|buzz\w*|prickl\w*|fuzzy|cold and|"
    r"burning|on fire|electric\w*|tight\w*|pressure|squeez\w*|droop\w*|swollen|puffy|"
    r"(?:wont|doesnt|cant|cannot|will not|does not) (?:move|work|grip|hold|feel)|"
    r"raro|rara|raros|raras|extran\w*|pesad\w*|dormid\w*|no (?:responde|la siento|lo siento|"
    r"se mueve)|hormig\w*|calambre\w*|ardor|arde|quema|presion|apretad\w*|hinchad\w*|"
    r"como muert\w*|sin fuerza|flojo|floja)"
)
POSSIBLE = re.compile(
    r"\b(?:"
    rf"{_BODY} (?:\w+ ){{0,3}}{_ODD}|{_ODD} (?:in|on|en) (?:my |mi |mis |the |la |el |los |las )?"
    rf"(?:\w+ )?{_BODY}|"
    r"slur\w*|faint\w*|vomit\w*|throw(?:ing)? up|threw up|nause\w*|chills|shiver\w*|"
    r"trembl\w*|tremor\w*|confus\w*|drunk|jolts?|shocks?|pee|peeing|urine|bladder|"
    r"balance|swallow\w*|breath(?:e|ing|less)?|throat|lumps?|blotch\w*|spots|night sweats?|"
    r"sweats|drench\w*|soak\w*|weight|temp|temperature|fever\w*|accident\w*|crash\w*|"
    r"slipped|tripped|fell|falling over|passed out|blacked out|vision|eyesight|blind\w*|"
    r"double|blurr?\w*|respir\w*|tragar|trago|garganta|vision|vista|doble|borros\w*|"
    r"nublad\w*|escalofrio\w*|tembl\w*|temblor\w*|vomit\w*|nausea\w*|confundid\w*|"
    r"orina\w*|orinar|pipi|equilibrio|caida|me cai|resbale|choque|chocamos|accidente\w*|"
    r"bulto\w*|bolita|manchas|manchitas|puntitos|sudores|empapad\w*|peso|temperatura|"
    r"calentura|desmay\w*|mare\w*"
    r")\b"
)
# ... but these are ordinary: "arms fine", "fell asleep", "vision fine".
NOT_POSSIBLE_AFTER = re.compile(
    r"^\s*(?:\w+\s+)?(?:(?:is|are|feel|feels|look|looks|esta|estan|ya esta|ya estan)\s+)?"
    r"(?:fine|normal|ok|okay|good|great|bien|normales?|perfect[oa]?)\b"
    r"|^\s*(?:asleep|over|dormid[oa])\b"
)
