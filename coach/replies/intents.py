"""What a reply asks for: keywords, plain-language requests, questions and their topics.

Rules run on `normalize()`d text (lower case, no accents, no apostrophes) or on its `bare`
form (words only) for whole-message keywords.
"""

from __future__ import annotations

import re

from coach.replies import controls
from coach.replies.labels import Intent
from coach.replies.normalize import bare
from coach.replies.questions import KEYWORD_TOPICS, looks_like_question

# Twilio acts on these itself (exact single word only): the coach must not answer them.
TWILIO_OPT_OUT = frozenset(
    {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout"}
)
_OPT_IN_WORDS = frozenset(
    {
        "start",
        "yes",
        "unstop",
        "un stop",
        "empezar",
        "comenzar",
        "start again",
        "subscribe",
        "suscribir",
        "suscribirme",
        "sign me up",
        "yes sign me up",
        "sign me up please",
    }
)
_HELP_WORDS = frozenset(
    {"help", "info", "ayuda", "help please", "ayuda por favor", "menu", "ayudame", "necesito ayuda",
     "opciones", "informacion"}
)  # fmt: skip
_ACK_WORDS = frozenset(
    {
        "ok",
        "okay",
        "k",
        "kk",
        "yes",
        "yep",
        "yeah",
        "yup",
        "si",
        "sip",
        "vale",
        "claro",
        "sure",
        "ya",
    }
)
_ACK_EMOJI = frozenset({"\U0001f44d", "\u2705", "\U0001f44c", "\u2714", "\U0001f4aa"})


def _any(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


# "so many" / "so much" / "tantos" ask for fewer texts (controls.fewer), not for none.
_SO_MANY = r"(?! (?:me )?(?:so|as|that) (?:many|much|often)| (?:tantos|tantas|menos|tan seguido))"
_OPT_OUT = _any(
    r"(?:stop|quit) (?:texting|messaging|sending|contacting|calling|txting|texing|msging|all)\w*"
    + _SO_MANY,
    r"stop (?:the |these |your |all )?(?:texts|messages|msgs|calls|reminders|notifications)",
    r"no more (?:texts|messages|msgs|calls|reminders)",
    r"unsubscribe",
    r"opt me out",
    r"opt out",
    r"leave me alone",
    r"remove me",
    r"take me off",
    r"(?:dont|do not|never) (?:text|message|contact|call|txt) me" + _SO_MANY,
    r"(?:dont|do not) want (?:any )?more (?:texts|messages|msgs|calls)",
    r"(?:dont|do not) want (?:these|the|your|any|those|this) (?:texts|messages|msgs|calls)",
    r"^(?:i )?want out(?: of (?:this|these texts|the program\w*))?$",
    r"(?:quit|stop) (?:bugging|bothering|spamming) me",
    r"no me (?:manden|envien|escriban|mande|envie|escriba|llamen)" + _SO_MANY,
    r"(?:ya )?no quiero (?:recibir |mas )?(?:mensajes|textos|llamadas)",
    r"dej\w* de (?:mandar|enviar|escribir|llamar)\w*",
    r"(?:dar|darme) de baja",
    r"(?:cancelar|cancela) (?:los |mis |la )?(?:mensajes|suscripcion)",
    r"cancel (?:my |the |these |this )?(?:subscription|texts|messages|program|enrollment)",
    r"done with (?:this|the|these|your) (?:program|texts|messages|coach|service)",
    r"done with you",
    r"dejar de recibir",
    r"(?:ya )?no mas (?:mensajes|textos|sms)",
    # leaving the programme, no longer interested, a number off a list (issue 11)
    r"(?:leave|quit|exit|withdraw from) (?:the |this |your )?(?:neck )?(?:program|programme|study)",
    r"take me (?:out|off) (?:of )?(?:this|the|your)",
    r"(?:want|like) out of (?:the|this|your)(?! (?:pain|misery|agony))",
    r"(?:not|no longer|not really) interested",
    r"drop out of (?:this|the|these|your)",
    r"(?:stop|quit) (?:getting|receiving) (?:the |these |your |any |all )?(?:texts|messages|msgs)",
    # exasperated: "how many times do I have to say STOP"
    r"(?:how many times|cuantas veces) [^.?!]{0,30}\b(?:stop|unsubscribe|baja|parar|basta|alto)\b",
    r"(?:quiten|quitad|quiteis|borren|borrad|saquen|sacad)(?:me)? de (?:la|su|vuestra|esta) lista",
    # "quitenme" alone at the end ("quitenme este dolor" asks something else)
    r"\b(?:quitenme|quiteme|quitadme|borrenme|borreme|saquenme|sacadme)(?: (?:de aqui|ya|por favor|"
    r"porfa|porfavor|gracias))*$",
    r"(?:remove|delete|take) (?:my|this) (?:number|phone|cell)",
    r"(?:off|from) (?:your|the|this) (?:\w+ )?list",
    r"(?:stop|end) (?:receiving|getting) (?:these |the |your )?(?:texts|messages|msgs)",
    r"(?:texts|messages) to stop",
    r"(?:dont|do not) need (?:these|the|your|any) (?:texts|messages)",
    r"end my (?:enrollment|enrolment|subscription|participation)",
    r"withdraw me",
    r"no need to (?:text|message|contact) me",
    r"enough (?:with )?(?:the |these |your )?(?:texts|messages)",
    r"how do i (?:make (?:these|this|them) stop|unsubscribe|opt out)",
    r"stop (?:the |these )?(?:texts|messages) for good",
    r"(?:ya )?no me interesa",
    r"no estoy interesad[oa]",
    r"(?:salir|salirme|sacarme|saquenme|sacar|me quiero salir)(?: \w+)? "
    r"(?:del programa|de la lista|de esto|de los mensajes)",
    # "quiero salir a caminar", "quiero retirarme el ano que viene" are not about the texts
    r"(?:quiero|quisiera|deseo|me gustaria) (?:salir|salirme|retirarme)"
    r"(?= del programa| de (?:esto\b|este programa|la lista|los mensajes)|\W*$|,| ya\b| gracias"
    r"| por favor)",
    r"(?:borren|quiten|eliminen|saquen|sacar|quitar|borrar|eliminar) (?:mi|este) "
    r"(?:numero|telefono|celular)",
    r"(?:denme|dame|deme) de baja",
    r"basta (?:ya )?de (?:mensajes|textos|sms)",
    r"(?:ya )?no quiero recibir",
    r"no (?:quiero|deseo) volver a (?:recibir|tener) (?:\w+ )?(?:mensaj\w*|text\w*|sms)",
    r"no me vuelvan a (?:escribir|mandar|enviar|contactar|llamar)",
    r"no vuelvan a (?:contactar|escribir|llamar)",
    r"dejar de mandarme",
    r"(?:dont|do not|never) (?:text|message|contact|call|txt) (?:this|my) (?:number|phone)",
    # kinds the independent writers used (issue 11, round 2)
    r"never want (?:another|any more|anymore|more)(?: one)? (?:of )?(?:these|your|the)? ?"
    r"(?:texts|messages)",
    r"(?:para|paren|pare) (?:ya )?con (?:los|las|tus|sus|estos) (?:mensajes|textos|sms)",
    r"discontinue",
    r"un-?enrol\w*",
    r"(?:quit|saq|sac|baj|borr|elimin)\w*me de (?:la|su|tu|esta|sus) lista",
    r"revo\w* (?:mi |my )?(?:consentimiento|consent)",
    r"cancel\w* (?:mi |my )?(?:inscripcion|suscripcion|participacion)",
    r"ya no (?:me )?(?:manden|envien|mandes|envies|escriban)",
    r"no (?:quiero que )?me (?:mandes|envies|escribas|envieis|mandeis|escribais)" + _SO_MANY,
    r"no (?:enviarme|mandarme|escribirme) mas",
    r"(?:denme|dame|deme|dadme|dar|darme) d(?:e)? baja",
    r"done (?:with|con) (?:el|this|the) (?:program|programa)",
    r"no (?:quiero|deseo) (?:seguir|continuar) (?:con|en) (?:el|este|los) (?:programa|mensajes)",
    r"no (?:quiero|deseo) (?:seguir|continuar) recibiendo",
    r"ya no quiero participar",
    r"no deseo recibir",
    r"me (?:borro|salgo|retiro) del programa",
    r"(?:dejar|terminar(?: con)?|abandonar) el programa",
    r"dej\w* d (?:mandar|enviar|escribir)\w*",
    r"withdraw\w* from",
    r"stop (?:the |this )?(?:program|programme)",
    r"pass on (?:the |these |your )?(?:texts|messages)",
    r"lose my number",
    r"(?:be )?removed from",
    r"no quiero (?:los|sus|tus) (?:mensajes|textos)",
    # no stop word at all (issue 11, round 3): not wanting or needing the texts any more,
    # not wishing to take part, nothing more to be sent, a number taken off a list
    r"(?:dont|do not|no longer|wont|will not|dont really) (?:want|need|wish to (?:get|receive)|"
    r"be needing|be wanting) (?:\w+ ){0,2}(?:text messages|texts|messages|msgs|sms)"
    r"(?! to (?:stop|end|remind))" + _SO_MANY,
    r"(?:dont|do not|no longer) (?:want|need) (?:these|them|those) (?:anymore|any more)",
    r"(?:dont|do not|no longer) (?:want|wish|care) to (?:participate|take part)"
    r"(?! in (?:the |my )?(?:exercise|stretch))",
    r"(?:dont|do not|no longer) (?:want|wish) to (?:be (?:a )?part of|be in|be enrolled in|"
    r"stay in|continue with|continue in|continue|receive|get) (?:this|the|your|these) "
    r"(?:program\w*|service|study|texts|messages|text messages|sms|thing|coaching)",
    r"(?:dont|do not|no longer) (?:want|wish) to (?:be (?:a )?part of|stay in) (?:this|it)"
    r"(?: anymore| any more)?$",
    r"(?:dont|do not|no longer) (?:want|wish) to (?:receive|get) (?:any )?(?:more )?"
    r"(?:texts|messages|text messages|sms|these|them)\b" + _SO_MANY,
    r"(?:dont|do not|no longer) (?:need|want) (?:the|this|your) "
    r"(?:service|program|programme|coach)",
    r"(?:dont|do not|never) send (?:me )?(?:anything|any more|anymore|nothing)",
    r"count me out",
    r"no (?:need|reason) (?:for|to (?:keep|send|get)) (?:the |these |more |any |them|you )?"
    r"(?:\w+ )?(?:texts|messages|msgs|reminders|them|texting|messaging)",
    r"no (?:hace falta|es necesario|necesito|ocupo) que (?:me )?(?:sigan |sigas )?"
    r"(?:escriban|manden|envien|escribas|mandes|envies|escribiendo|mandando|enviando)",
    r"(?:ya )?no (?:necesito|ocupo|requiero) (?:los|sus|tus|estos|mas) (?:mensajes|textos|sms)",
    r"desuscrib\w*|desinscrib\w*|desapunt\w*",
    r"(?:borr|elimin|quit|sac)(?:en|a|e|ar|ad)me (?:de (?:la|su|tu|esta) lista|del programa|"
    r"de (?:esto|los mensajes|aqui)|por favor|porfa)",
    r"(?:im|i am|were|we are) done (?:with|w) (?:this|all this|these|it|you|you guys)"
    r"(?: (?:texts|messages|msgs|program\w*|stuff))?(?: (?:bye|thanks|thx|gracias))?(?=\W*$)",
    r"^(?:ok |okay |so |yeah )?(?:im|i am) out(?: of here| of this)?(?: (?:bye|thanks|thx|peace|"
    r"gracias|sorry))*(?=\W*$)",
    r"(?:delete|erase) me(?= from| off|$| please| pls| now| thanks)",
    r"want out (?:of|de) (?:the|this|your|these|este|el|los|esto)(?! (?:pain|dolor|misery|agony))",
    r"dej\w* de (?:molestar|fastidiar|joder|chingar)",
    r"ya (?:estuvo|estuvieron|basta) (?:con|de) (?:los|sus|tus|tanto|tantos|estos) "
    r"(?:mensaj\w*|text\w*|msjs?|sms)",
    r"no (?:me )?(?:manden|envien|escriban|mandes|envies|escribas|mandeis|envieis|escribais) "
    r"(?:mas|nada)(?! (?:de|tan|tantos|seguido|temprano|tarde|por|hoy|esta|este|hasta))",
    r"no (?:quiero|kiero|qiero|deseo) (?:los|sus|tus|mas|estos) "
    r"(?:mensaj\w*|msjs?|mjs|text\w*|sms)",
    r"me salgo(?=\W*$|,| ya\b| gracias)|me salgo de (?:esto|aqui|este|el programa|la lista|"
    r"los mensajes)",
    r"(?:deseo|quiero|quisiera|me gustaria) (?:darme de baja|desuscribirme)",
    r"me retiro (?:del programa|de este programa|de esto|de la lista|de los mensajes)",
    r"no deseo (?:continuar|seguir)(?: con (?:esto|el programa|los mensajes))?"
    r"(?=\W*$|[,.]| gracias)",
    r"no (?:enviar|mandar|escribir)(?:me)? mas (?:mensaj\w*|text\w*|msjs?|sms)",
    r"(?:stop|end) (?:receiving|getting) (?:these|them|those)\b"
    r"(?! (?:exercise|stretch|tips|\w+ (?:exercise|stretch|tips)))",
    r"(?:end|cancel|stop) (?:the |these |my |your |all )?(?:\w+ )?(?:texts|messages|msgs|mensajes|"
    r"txts|sms)\b" + _SO_MANY,
    r"(?:elimina|borra|quita|saca|eliminad|borrad|quitad|sacad) (?:mi|este) "
    r"(?:numero|telefono|cel\w*)",
    r"(?:stop|para|paren|pare|parad) (?:ya )?(?:de )?(?:mand|envi|escrib)\w*",
    r"(?:ya )?no (?:quiero|kiero|qiero) (?:recibir |mas )?(?:mensaj\w*|text\w*|msjs?)",
    r"get me (?:off|out of) (?:this|the|your)\b(?! (?:pain|misery))",
    r"(?:me|nos) (?:den|des|deis|de) de baja",
    r"no (?:quiero|deseo) (?:seguir|continuar) (?:con )?(?:esto de )?(?:los|las|estos|sus) "
    r"(?:mensaj\w*|text\w*)",
    r"(?:no longer|do not|dont|withdraw (?:my )?) consent",
)
# Never an opt-out: "please don't stop the texts", "no dejen de mandarme", "I won't quit".
NEGATED_STOP = re.compile(
    r"\b(?:dont|do not|never|wont|will not|not go\w* to|please dont)\s+(?:\w+\s+)?"
    r"(?:stop\w*|unsubscrib\w*|cancel\w*|quit\w*|leave|remove|opt\w* out|end|take me (?:off|out)|"
    r"delete|drop me|kick me|sign me (?:off|out))\b"
    # almost left, reported, or refused: "was going to quit but", "casi me doy de baja"
    r"|\b(?:was going to|was gonna|almost|nearly|pensaba|iba a|casi|thought about|thinking about)"
    r"\s+(?:\w+\s+)?(?:quit\w*|unsubscrib\w*|stop\w*|cancel\w*|leav\w*|salir\w*|dar\w* de baja|"
    r"me doy de baja|me salgo|dejar\w*)"
    # "I'm not trying to unsubscribe", "not done with the program", "no me voy a salir"
    r"|\b(?:not|never|dont|do not|wont|will not|didnt|did not)\s+(?:(?:plan|planning|trying|going|"
    r"gonna|intend\w*|want\w*|mean\w*|about|to|on|really|actually|yet|be|being)\s+){0,3}"
    r"(?:stop\w*|unsubscrib\w*|cancel\w*|quit\w*|leav\w*|opt\w* out|end\w*|done with)\b"
    r"|\bno\s+(?:(?:me|te|se|lo|voy|vamos|a|es|que|quiero|quiera|pienso|pensaba|estoy|planeo|"
    r"tengo|intencion|de)\s+){1,4}(?:salir\w*|salgo|dar\w* de baja|doy de baja|dej\w* el programa|"
    r"retir\w*|cancel\w*|borr\w*)"
    # asking why the texts stopped: "why did you stop the texts?", "por que dejaron de mandar"
    r"|\b(?:why|did you|have you|did they|por ?que|porque)\b[^.!?]{0,25}"
    r"\b(?:stop\w*|dejaron|dejo|paro|pararon|cancel\w*)"
    r"|\bdejaron de (?:mandar|enviar|llegar|escribir)"
    r"|\b(?:no way|ni loc[oa]|ni de broma|de ninguna manera|jamas|ni se (?:te|les|le|os) ocurra|"
    r"dont you dare|dont even think)\b"
    r"|\b(?:dont|do not) want (?:to|you to) (?:stop|quit|leave|unsubscribe|end)\b"
    r"|\bno (?:dej\w*|paren|me den|cancel\w*|me saquen|me borren|quiero (?:salir|dejar))\b"
    r"|\bno me quiero (?:salir|dar de baja)\b|\bno voy a (?:dejar|salir)\b"
    r"|\b(?:dont|do not|never) want (?:\w+ ){1,3}to (?:stop|end)\b"
    # asked back and refused: "salir del programa? no gracias", "stop? no way"
    r"|\?\s*(?:no|nah|nope|para nada|de ninguna manera|no way|never)\b"
    r"|\bno (?:me )?(?:vayan|vaya|vayas|vayais) a (?:dar de baja|sacar|borrar|quitar|eliminar)"
    r"|\bno (?:quiero|deseo|pienso) (?:salir\w*|dejar\w*|darme de baja|irme|retirarme)\b"
)
# Courtesy words around a keyword ("STOP please", "basta gracias") still leave the keyword.
_COURTESY = frozenset(
    [
        "please",
        "pls",
        "plz",
        "thanks",
        "thank",
        "you",
        "thx",
        "ty",
        "por",
        "favor",
        "porfa",
        "gracias",
        "now",
        "ya",
        "ok",
        # "Thanks but STOP", "Cancel please, and thank you for everything", "stop porfavor"
        "porfavor",
        "fa",
        "plis",
        "pliz",
        "but",
        "and",
        "for",
        "everything",
        "so",
        "much",
        "muchas",
        "todo",
        "y",
        "pero",
    ]
)
_STOP_WORDS = frozenset(
    {*TWILIO_OPT_OUT, "alto", "basta", "parar", "salir", "salirme", "baja", "optout",
     "borrenme", "borrame", "eliminenme", "sacame", "saquenme", "desuscribir", "desuscribirme",
     "unsub", "canselar", "cansel", "cancela", "borradme", "cancelar", "opt out",
     "me doy de baja", "dar de baja", "darme de baja", "denme de baja",
     "stpo", "sotp", "stp", "cancle", "unsubcribe", "unsuscribe"}
)  # fmt: skip
_START_WORDS = frozenset({"start", "unstop", "empezar", "comenzar"})
# "stop the texts for a few days" is a pause, not an opt-out: checked first.
_UNIT = r"(?:days?|weeks?|wks?|months?|dias?|semanas?|mes|meses)"
_QTY = (
    r"(?:a|an|one|two|three|four|five|\d+|a few|a couple of|a couple|couple of|few|un|una|uno|unos|"
    r"unas|dos|tres|cuatro|cinco|un par de|algunos|algunas|pocos|pocas)"
)
_NEXT = (
    r"(?:the next|next|these|this|those|estas|estos|esta|este|los proximos|las proximas|"
    r"la proxima|el proximo)"
)
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|enero|febrero|marzo|abril|mayo|junio|julio|"
    r"agosto|septiembre|setiembre|octubre|noviembre|diciembre)"
)
_HOLIDAY = (
    r"(?:christmas|xmas|easter|thanksgiving|the holidays?|holiday season|new year'?s?|navidad|"
    r"navidades|semana santa|pascua|las fiestas|fiestas patrias|ano nuevo|fin de ano)"
)
# A request to stop the texts ("stop", "no me manden", "dejen de escribir"), not a text
# about texting ("I was texting all day until my neck hurt") or a stop that is not asked
# for ("the pain won't stop until I lie down").
_STOP_REQUEST = (
    r"(?:(?<!wont )(?<!will not )(?<!doesnt )(?<!didnt )(?<!cant )(?<!never )(?<!not )(?<!to )"
    r"(?:stop|hold|pause|paren|parad|pausen|pausad|quit)|para (?:los|las|de)|dej\w* de|"
    r"no more|no mas|nada de|"
    r"(?:dont|do not|no|pls dont|please dont) (?:me )?(?:text|send|message|contact|call|mand|envi|"
    r"escrib|llam)\w*|no me (?:mand|envi|escrib|text|llam)\w*|"
    r"no (?:texts|messages|mensajes|textos))"
)
# ... for a while: a number of days or weeks, until a day, over a holiday, through a month.
_BOUND = (
    rf"(?:(?:for|por|during|durante)\s+(?:{_NEXT}\s+)?(?:{_QTY}\s*)?{_UNIT}"
    rf"|{_NEXT}\s+(?:{_QTY}\s*)?{_UNIT}|{_QTY}\s+{_UNIT}"
    r"|until|till|hasta|this week(?:end)?|este fin de semana|esta semana|today|hoy|tonight|"
    r"esta noche|a while|un tiempo|una temporada|un rato"
    r"|while (?:i'?m|i am) (?:away|on (?:vacation|holiday)|traveling|travelling)"
    r"|mientras (?:estoy|este|ando) (?:de (?:vacaciones|viaje)|fuera)"
    r"|(?:in|en|during|durante|over|through|thru|for|por|after|despues de)\s+"
    rf"(?:the\s+|las\s+|la\s+|el\s+|mes de\s+)?(?:{_MONTH}|{_HOLIDAY})"
    r"|(?:retom|reanud|volvemos|seguimos|pick (?:it|this|them) (?:back )?up|resume|start (?:again|"
    r"back)|back on)\w*)"
)
_TEMPORARY = re.compile(
    rf"\b{_STOP_REQUEST}\b[^.?!]{{0,40}}\b{_BOUND}\b|\b{_BOUND}\b[^.?!]{{0,40}}\b{_STOP_REQUEST}\b"
)
# Asking to be signed back up after leaving by mistake outranks the opt-out words it quotes
# ("I unsubscribed by mistake", "me equivoque al darme de baja, quiero recibir otra vez").
_OPT_IN_REGRET = _any(
    r"(?:quiero|quisiera|deseo|me gustaria) (?:volver a )?recibir\b[^.?!]{0,30}"
    r"\b(?:otra vez|de nuevo|nuevamente)",
    r"(?:me equivoque|fue un error|fue sin querer|por error|sin querer)\b[^.?!]{0,20}"
    r"\b(?:baja|salirme|sali|cancele|alto|stop|parar|para|basta)",
    r"(?:baja|salirme|sali|cancele|alto|stop|parar|para|basta)\b[^.?!]{0,20}"
    r"\b(?:por error|sin querer)",
    r"(?:by (?:mistake|accident)|accidentally|didn'?t mean to|did not mean to)\b[^.?!]{0,25}"
    r"\b(?:stop|unsubscribe|opt(?:ed)? out|cancel)",
    r"(?:stop|unsubscrib|opted out|cancel)\w*\b[^.?!]{0,25}\b(?:by (?:mistake|accident))",
)

# A message that is only one of these words (plus "please") is a plain-language opt-out.
_OPT_OUT_ALONE = frozenset(
    {"alto", "parar", "para", "basta", "cancelar", "ya basta", "stop please", "please stop",
     "stop now", "stop stop", "alto por favor", "por favor para", "stop por favor", "baja",
     "unsubscribe me", "no more", "no mas", "no mas mensajes", "stop texting", "stop it",
     "stop it please", "please stop it", "stop for now", "basta ya", "basta por favor",
     "parar por favor", "paren", "paren por favor", "alto ya", "para ya",
     "no more please", "please no more", "no more thanks", "no mas por favor", "ya no quiero",
     "fin", "fin gracias", "fin por favor",
     "ya no quiero gracias", "ya no quiero mas", "ya no mas", "no more texts please"}
)  # fmt: skip
_OPT_IN = _any(r"start again", r"(?:sign|opt) me (?:back )?in", r"quiero (?:volver a )?empezar")
# Asking for the texts back (checked before RESUME, which only un-pauses).
_OPT_IN_BACK = _any(
    r"(?:texts|messages|msgs|them) back",
    r"(?:miss|missing) (?:the|your|my|getting (?:the|your)) (?:texts|messages|reminders)",
    r"(?:want|like|need) (?:the |your |my )?(?:texts|messages) again",
    r"extran\w* (?:los|sus|mis) (?:mensajes|textos)",
    r"(?:me los|los) (?:pueden|puede|podrian|vuelvan a) (?:volver a )?(?:mandar|enviar)",
    r"quiero (?:volver a recibir|los mensajes otra vez|los mensajes de nuevo)",
    r"(?:text|message) me again",
    r"(?:start|restart) (?:texting|messaging) me again",
    r"resubscribe\w*",
    r"turn (?:the )?(?:texts|messages) back on",
    r"rejoin",
    r"join again",
    r"sign me (?:back )?up again",
    r"sign me back up",
    r"volver a (?:recibir|inscribirme|apuntarme)",
    r"vuelvan a (?:mandarme|enviarme|escribirme)",
    r"(?:mandenme|envienme|escribanme) (?:\w+ )?(?:otra vez|de nuevo)",
    r"activen (?:los |otra vez los )?mensajes",
    r"me vuelvo a (?:apuntar|inscribir)",
    r"volver al programa",
    r"inscribir(?:me)? (?:otra vez|de nuevo)",
    # re-enrolling in other words (issue 11, round 3)
    r"re-?enrol\w*|re-?suscrib\w*|re-?subscri\w*|reincorpor\w*|reinscrib\w*|reengag\w*",
    r"reactiv\w* (?:mis |los |el |my |the )?(?:mensajes|texts|messages|programa|program)",
    r"(?:volved|vuelvan|vuelve|volver|vuelvas) a (?:enviar|mandar|escribir|mensajear)\w*",
    r"(?:regresar|volver|regreso|vuelvo) al programa|(?:come|get|coming|getting) back "
    r"(?:to|in|into) (?:the |your )?program\w*|get back in\b",
    r"(?:volv\w* a dar|dar|darme|denme|den) de alta (?:en|a) (?:los mensajes|el programa|la lista)"
    r"|volv\w* a dar de alta|de alta otra vez|de alta de nuevo",
    r"(?:apunt|agreg|inclu|anot|metan|met)\w*me (?:otra vez|de nuevo|again)"
    r"|me (?:apunto|anoto|vuelvo a apuntar|vuelvo a anotar) (?:otra vez|de nuevo)"
    r"|(?:agreguenme|agregame|incluyanme) (?:\w+ )?(?:a la lista|al programa|otra vez|de nuevo)"
    r"|(?:me )?vuelv\w* a incluir",
    r"(?:si|yes|yo si|i do) (?:quiero|want|i want) (?:recibir |to get |to keep getting )?"
    r"(?:los |the |my )?(?:mensajes|texts|messages)",
    r"(?:want|like|quiero) to keep getting (?:the |my )?(?:texts|messages)",
    r"(?:me arrepenti|changed my mind|cambie de opinion|regret (?:quitting|unsubscribing|stopping))"
    r"(?=.*\b(?:want|quiero|seguir|back|again|texts|mensajes|volver|regresar))",
    r"(?:like|want|need|quiero|necesito) (?:them|los|las|the texts|the messages|los mensajes|"
    r"los ejercicios|the exercises) (?:again|back|otra vez|de nuevo)",
    r"(?:put|add|sign|take) me back (?:on|in|to|into) (?:the |your )?(?:list|program\w*|texts|"
    r"messages)|(?:add|sign) me back(?= please| pls|\W*$)|opt(?:ing)? back in",
    r"(?:inscrib|suscrib|subscrib|apunt|anot)\w* (?:\w+ ){0,2}(?:otra vez|de nuevo|again)"
    r"|(?:vuelv|volv)\w* a (?:inscrib|suscrib|apunt|anot)\w*|sign\w* (?:me )?up again",
    r"want (?:to get )?back in\b",
    r"(?:regresar|volver) a (?:los|recibir los) mensaj\w*|regres\w*me a la lista",
    r"bring (?:back )?(?:the |my )?(?:\w+ )?(?:texts|messages)(?: back)?",
    r"(?:start|empezar a|comenzar a) (?:receiving|getting|recibir) (?:the |los )?(?:\w+ )?"
    r"(?:texts|messages|mensajes) (?:again|otra vez|de nuevo)",
    r"(?:otra vez|de nuevo) (?:quiero )?(?:los|mis) (?:mensaj\w*|text\w*)",
    r"(?:texted|sent|mando|envio|puso|mandaron) (?:stop|parar|baja|alto)\w* "
    r"(?:from my phone|desde mi (?:cel\w*|telefono))",
)
# ... never about an appointment: "cancele la cita por error"
_APPOINTMENT = re.compile(
    r"\b(?:cita|appointment|appt|turno|waitlist|wait list|lista de espera|sessions?|sesion)\b"
)
# ... never when not wanted: "I don't want the texts again"
_NOT_WANTED = re.compile(
    r"\b(?:dont|do not|never|no|not)\s+(?:\w+\s+)?(?:want|like|need|quiero|necesito)\b"
)
_RESUME = _any(
    r"resume",
    r"continuar",
    r"continue",
    r"reanud\w*",
    r"(?:quiero |podemos )?seguir con (?:los |las |el )?(?:mensajes|textos|consejos|programa)",
    r"unpause",
    r"im back",
    r"back from (?:vacation|my trip|holiday)",
    r"(?:start|send) (?:the )?(?:texts|messages) again",
    r"ya regrese",
    r"volvi(?! a \w)",
)
# SEGUIR alone resumes; "no puedo seguir" (I can't go on) must not.
_RESUME_ALONE = frozenset(
    {"seguir", "seguir por favor", "quiero seguir", "seguimos", "podemos seguir", "continuemos"}
)
_BACK_FROM = _any(
    r"back from (?:\w+ )?(?:vacation|holiday|holidays|my trip|the trip|travel\w*)",
    r"(?:regrese|volvi) de (?:las |mis )?(?:vacaciones|viaje)",
)
_PAUSE = _any(
    r"take a break",
    r"(?:tomar|tomarme|tomemos) (?:un|una) (?:descanso|pausa)",
    r"hold off",
    r"paus(?:en|ar|es|ed|ing)",
    r"descans\w* (?:de (?:los|sus) mensajes|(?:un|unos|una|por|dos|tres|\d+) )",
    r"me voy de (?:viaje|vacaciones)",
    r"while (?:im|i am|were|we are) (?:away|traveling|travelling|gone|out of town)",
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
    r"(?:this is not|this isnt|thats not|that is not|not) \w+s (?:phone|number|cell)",
    r"(?:este|ese) no es el (?:numero|telefono|celular) de",
    r"ya no es el (?:numero|telefono|celular) de",
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
    r"saltar\w*",
    r"me lo salte",
    r"(?:me )?lo salto",
    r"not today",
    r"hoy no",
    r"forg[oe]t\w*",
    r"(?:missed|skipped) (?:them|it|my|the|today|those|this)",
    r"no time",
    r"too (?:busy|tired|sore|swamped)",
    r"(?:had|have) to stop (?:the |my )?(?:exercise|stretch|routine)\w*",
    r"stopped (?:\w+ ){0,2}(?:early|halfway|half way)",
    r"(?:didnt|did not) (?:\w+ )?(?:get to|get round to|get around to|manage)",
    r"(?:maybe|will do (?:it|them)) (?:later|tomorrow|tmrw|tmr)",
    r"(?:se me|me) olvid\w*",
    r"olvide",
    r"no (?:tuve|he tenido|me dio|hubo) tiempo",
    r"no alcance",
    r"no (?:los|lo|las) (?:hice|he hecho|pude hacer)",
    r"(?:manana|luego|mas tarde) (?:los|lo|las) hago",
    # skipped in other words (issue 11, round 3)
    r"se me pasaron(?! \w+ (?:dolor\w*|molestia\w*))|se me paso (?:la hora|el tiempo|el dia|"
    r"hacerlos|hacerlo)|hoy paso(?=\W*$|,| de (?:los |mis )?(?:ejercicios|estiramientos|hacerlos))|"
    r"no tuve (?:chance|oportunidad|ocasion)|"
    r"no me (?:ha )?dad?o la vida|bailed|nada de (?:ejercicios|estiramientos)|"
    r"deje (?:de hacer )?(?:los|mis) (?:ejercicios|estiramientos)|"
    r"fell behind on",
)
# A bare refusal answering an exercise ("nope 😴", "nah, long day", "couldn't, was on a plane").
_REFUSAL = re.compile(
    r"^(?:nope|nah|no|couldnt|could not|not yet|todavia no|aun no|nel|nop|no pude|no he podido)"
    r"(?=\W*$|\s*[,.!;:]|\s+[^\w\s])"
)
_DONE = _any(
    r"done",
    r"did (?:it|them|that|the exercises?|my exercises?|all)",
    r"finished",
    r"completed?",
    r"(?<!he )(?<!ha )(?<!has )(?<!han )hecho",  # "me he hecho dano" is an injury
    r"(?:ya )?lo he hecho",
    r"listo(?! para)",  # "listo para empezar": ready, not done
    r"lista(?! para)",
    r"ya lo hice",
    r"ya los hice",
    r"lo hice",
    r"termine",
    r"just did",
    r"did \d+ (?:reps|sets|rounds|of them)",
    r"hice (?:\d+ |los |mis )(?:repeticiones|series|ejercicios)",
    r"(?:did|done|finished|completed|got through|knocked out|smashed|crushed|nailed) "
    r"(?:\w+ ){0,2}(?:stretch\w*|exercis\w*|routine|reps|sets|em)",
    r"all done",
    r"(?:hice|termine|complete|acabe) (?:\w+ ){0,2}(?:estiramientos?|ejercicios?|rutina|series)",
    r"ya (?:quedo|quedaron|estuvo|estan|cumpli)",
    r"cumpl\w* con (?:los|el|la|mis|mi)",
    r"ya (?:los|lo|las) (?:hice|termine|complete|acabe)",
    r"(?:stretch\w*|exercis\w*|ejercicios?|estiramientos?) (?:\w+ )?(?:done|listos?|hechos?)",
    # done in other words: the exercise's own name, "knocked them out", "realice"
    r"(?:did|done|finished|completed|got through|nailed) (?:\w+ ){0,2}(?:tucks|rolls|bends|tilts|"
    r"turns|rotations|retractions|squeezes|shrugs)",
    r"(?:hice|termine|realice) (?:\w+ ){0,2}(?:giros|inclinaciones|rotaciones|retracciones)",
    r"realic\w* (?:los|mis|el|la|todos los) (?:ejercicios|estiramientos|rutina)",
    r"knocked (?:them|it|em) out|hice (?:todo|todos|todas)\b|^(?:hechos?|hechas?)\b",
    r"stretched (?:twice|today|this morning|already|again|like you said)",
)
# "stretches ✅", "ejercicios 💪": an exercise word and a done mark.
_DONE_MARK = re.compile(
    r"\b(?:stretch|exercis|ejercicio|estiramiento|rutina|reps|series)\w*\W*(?:\w+\W+)?"
    "[\u2705\u2714\U0001f4aa\U0001f44d\U0001f44c\U0001f4af\U0001f64c]"
)
_DAYS = re.compile(
    r"\b(\d+|a few|few|a couple of|a couple|couple of|unos|unas|a|an|one|un|una|uno|dos|two|tres|"
    r"three|four|cuatro|five|cinco)\s*"
    r"(days?|dias?|d|weeks?|wks?|semanas?|months?|mes|meses)\b"
)
_SMALL = {
    "a": 1, "an": 1, "one": 1, "un": 1, "una": 1, "uno": 1, "two": 2, "dos": 2, "three": 3,
    "tres": 3, "four": 4, "cuatro": 4, "five": 5, "cinco": 5, "a few": 3, "few": 3,
    "a couple of": 2, "a couple": 2, "couple of": 2, "unos": 3, "unas": 3,
}  # fmt: skip
_PAUSE_NUMBER = re.compile(r"\bpaus(?:e|a|ar)?\s*(?:for\s+|por\s+)?(\d{1,3})\b")


# How the neck feels without a number ("worse than yesterday", "a little sore"): a report.
_NECK_FEEL = _any(
    r"worse",
    r"better",
    r"sore\w*",
    r"ach(?:y|ing|es)",
    r"stiff\w*",
    r"tight\w*",
    r"hurt(?:s|ing)",
    r"painful",
    r"(?:same|no change)(?: as (?:yesterday|before|usual))?",
    r"improv\w*",
    r"peor",
    r"mejor",
    r"(?:a)?dolorid[oa]",
    r"(?:me )?duele",
    r"ties[oa]",
    r"rigid[oa]",
    r"molestia\w*",
    r"igual(?: que ayer)?",
    r"sin cambios",
    r"contractur\w*",
    r"tens[oa]s?",
    r"meh",
    r"so so",
    r"not (?:great|good|bad|too bad|terrible|the best|so good|so bad)",
    r"(?:pretty|kinda|kind of|a bit|a little|little) (?:rough|bad|off|rubbish)",
    r"regular",
    r"mas o menos",
    r"fatal",
    r"crick",
    r"kink\w*",
    r"spasm\w*",
    r"cramp\w*",
    r"pulled (?:a )?muscle",
    r"loosen\w*",
    r"relax\w*",
    r"eas(?:ed|es|ing)",
    r"help(?:ed|s|ing)",
    r"(?:feel|feels|feeling|felt) (?:\w+ )?(?:good|great|fine|ok|okay|alright|awful|terrible|bad|"
    r"rough|off|btter|amazing|lousy)",
    r"(?:pain|ache|hurt\w*|dolor) .{0,20}(?:wont|will not|doesnt|does not|no) (?:stop|go away|"
    r"quit|let up|se quita|para|se va)",
    r"torticolis",
    r"empeor\w*",
    r"mejor\w*",
    r"(?:me )?(?:hizo|hace|hicieron|hacen) bien",
    r"alivi\w*",
    r"(?:voltear|girar|mover) (?:bien )?(?:el cuello|la cabeza|hoy|bien)",
    r"(?:turn|move|tilt|look over) (?:my )?(?:head|neck|shoulder)",
    r"cargad[oa]s?",
    r"duel\w*",
    r"dolor\w*",
    r"pain\w*",
    r"ache\w*",
    r"hurt\w*",
    r"killing me",
    r"(?:neck|cuello|nuca|shoulders?|hombros?) (?:\w+ ){0,3}(?:is|are|feels?|esta|estan|se siente)",
    r"(?:neck|cuello|nuca|shoulders?|hombros?)",
)


# Greetings, names and fillers in front of a reply ("hi MORE", "Hola soy Carmen, BAJA",
# "ok so TIME 8pm", "sorry for the late reply, done"): the reply is what follows them.
_OPENER = re.compile(
    r"^(?:\s*(?:(?:hi|hey|hiya|hello|heya|yo|good (?:morning|afternoon|evening)|morning|evening|"
    r"hola|buenas|buen dia|buenos dias|buenas (?:tardes|noches)|que tal|um+|uh+|erm|hmm+|"
    r"ok so|okay so|so|well|oh|mire|oiga|oye|disculpe|perdon|sorry|"
    r"(?:sorry|perdon|disculpa|disculpe) (?:for|por|la) (?:the |la )?(?:late reply|delay|demora|"
    r"tardanza)|"
    r"(?:its|it is|this is|soy|habla) [a-z]+|[a-z]+ here|hola soy [a-z]+)"
    r"(?: (?:there|doctor|doctora|dr|doc|team|all|guys|coach|again))?"
    r"(?: (?:its|it is|this is|soy) [a-z]+)?"
    r"\s*[,.!:;\-]+\s*|\s*(?:hi|hey|hello|hola|buenas|um+|uh+|ok so|okay so|mire|oiga|oye|"
    r"buenos dias|good morning|morning) (?=\S)))+"
)


def strip_opening(text: str) -> str:
    """`text` (normalized) without the greetings, names and fillers in front of it."""
    return _OPENER.sub("", text, count=1).strip()


_EXERCISE_HURTS = _any(
    r"(?:exercis|stretch|ejercicio|estiramiento)\w* (?:\w+ ){0,3}(?:makes?|made|making|hacen?|"
    r"hicieron|empeor\w*)(?: \w+){0,2} (?:worse|hurt\w*|peor|doler)",
)


_AGAIN = frozenset({"otra", "vez", "de", "nuevo", "again", "quiero", "los", "tips", "mensajes"})


def _start_again(bare_text: str) -> bool:
    """START with courtesy words and "again" ("START otra vez", "start porfa")."""
    words = [w for w in bare_text.split() if w not in _COURTESY and w not in _AGAIN]
    return words == ["start"]


def is_twilio_opt_out(bare_text: str) -> bool:
    """Whether the whole message is one of Twilio's own opt-out keywords."""
    return bare_text in TWILIO_OPT_OUT


# Keywords that, as a sentence of their own, end the texts ("so annoying. STOP").
_SENTENCE_STOPS = frozenset({"stop", "stopall", "unsubscribe", "optout", "unsub", "baja"})
_SENTENCE = re.compile(r"[.!?\n]+")
_WORDS = re.compile(r"[a-z0-9]+")
_ABOUT_THE_BODY = re.compile(
    r"hurt|pain|dolor|duel|ache|sore|stiff|numb|exercis|ejercicio|stretch|estira|neck|cuello"
)


def stop_keyword(bare_text: str) -> bool:
    """Whether the whole message is a stop keyword, with or without courtesy words."""
    return bare_text in _OPT_OUT_ALONE or _keyword_with_courtesy(bare_text, _STOP_WORDS)


def _stop_sentence(text: str) -> bool:
    """Whether the reply's first or last sentence (of several) is a bare stop keyword."""
    if not _SENTENCE.search(text.rstrip(".!?\n ")):
        return False
    sentences = [" ".join(_WORDS.findall(part)) for part in _SENTENCE.split(text)]
    sentences = [sentence for sentence in sentences if sentence]
    if len(sentences) < 2 or _ABOUT_THE_BODY.search(text):
        return False  # "the pain. stop", "stop. it hurts when I stop": not about the texts
    return any(
        _keyword_with_courtesy(sentence, _SENTENCE_STOPS)
        for sentence in (sentences[0], sentences[-1])
    )


def clear_opt_out(text: str) -> bool:
    """Whether the reply names what to stop ("stop texting me"), not just "stop"."""
    return bool(_OPT_OUT.search(text)) and not _SKIP.search(text)


def _keyword_with_courtesy(bare_text: str, keywords: frozenset[str]) -> bool:
    """One keyword (or keyword phrase, said once or repeated) among courtesy words."""
    words = [word for word in bare_text.split() if word not in _COURTESY]
    if words and len(set(words)) == 1:
        return words[0] in keywords  # "stop stop stop"
    return " ".join(words) in keywords


# A request to stop only some texts, or at some times, is not a request to stop them all:
# it goes to a person (FEWER and TIME are what the coach can do itself).
_PERSON = (
    r"(?:mom|mother|dad|father|husband|wife|son|daughter|kid|partner|friend|mama|madre|papa|"
    r"padre|esposo|esposa|marido|hijo|hija|amigo|amiga|abuel[oa]|grandma|grandpa)"
)
_PARTIAL = re.compile(
    r"\b(?:just the|only the|except|apart from|but (?:keep|still)|so early|so late|"
    r"in the mornings?|at night|on (?:the )?weekends?|exercise (?:texts|messages)|"
    r"the (?:tips|exercises|exercise ones)|tip (?:texts|messages)|solo (?:los|las)|"
    r"menos (?:los|las)|"
    r"tan temprano|tan tarde|por la manana|por la noche|at \d|a las \d|instead|"
    r"but the \w+ (?:are|is|were)|pero (?:los|las|el|la) \w+ (?:si|me gustan)|"
    r"if i (?:stop|text stop|unsubscribe|cancel|opt out)|si (?:me doy de baja|cancelo)|"
    # fewer, not none: "these many", "one is plenty", "once a week"; some days; for a while
    r"(?:so|too|these|this|that|as) many|(?:so|too|as) often|tantos|tantas|demasiad[oa]s|"
    r"(?:one|1|uno|una)(?: \w+)? (?:is|es|would be|seria) (?:plenty|enough|fine|suficiente)|"
    r"once (?:a|per|every)|twice|una vez|dos veces|every other|cada (?:tercer|otro|dos)|"
    r"on (?:sundays?|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?)|"
    r"(?:los|el) (?:domingos?|lunes|martes|miercoles|jueves|viernes|sabados?)|"
    r"while (?:i|im)|mientras|(?:de|on|en) (?:vacaciones|vacation|holiday|viaje)|"
    r"de la (?:manana|tarde|noche)|(?:morning|evening|night|weekend) (?:ones|texts|messages)|"
    # a new number to text instead, or someone else's texts: "not me", "my husband wants to"
    r"(?:new|changed|change of|different) (?:my )?(?:number|phone|cell)|"
    r"(?:number|phone) (?:changed|is changing)|"
    r"(?:nuevo|cambie de|cambio de|cambie el|otro) (?:numero|celular|telefono)|"
    r"not (?:me|for me|mine)|no (?:a )?mi|no yo|"
    rf"(?:my|mi|for my|de mi|a mi) {_PERSON}(?: \w+)? (?:wants|would like|asked|quiere|quisiera|"
    rf"pidio|no quiere)|"
    rf"(?:unsubscribe|remove|cancel|stop|dar de baja a|quitar a|sacar a) (?:\w+ )?"
    rf"(?:my|mi) {_PERSON}|"
    # some texts: the same one, the tips; "stop calling me sir"
    r"(?:the )?same (?:exercise|stretch|one|ones|message|text)s?|new ones|other ones|\btips\b|"
    r"consejos|(?:los|las) ejercicios (?:si|no)|calling me (?:sir|maam|madam|mr|mrs|miss|dear|"
    r"honey|by|that)|"
    # a bound: until I am back, for the holidays, until further notice
    r"(?:when|once|until|till) (?:im|i am|i get|i come|i\s?m) back|let you know when|les aviso|"
    r"te aviso|cuando (?:vuelva|regrese|este mejor|me recupere)|further notice|nuevo aviso|"
    r"(?:for|during|over) the (?:holidays?|break|summer|weekend)|"
    r"(?:durante|en|por) (?:las |la )?(?:fiestas|vacaciones|navidad|semana santa)|"
    # if they ever stopped, would be sad if: not a request
    r"(?:if|si|cuando|when|once) (?:you|u|they|ustedes|uds|the texts|los mensajes|these)? ?"
    r"(?:ever |alguna vez |guys )?(?:stop|dej\w* de|paran|cancel\w*|quit|end)|"
    r"(?:hate|sad|miss|pena|triste|extranaria)\w* (?:\w+ ){0,3}(?:if|for|que|si) (?:\w+ ){0,3}"
    r"(?:stop|end|dejaran|dejen|pararan)|"
    r"(?:but|pero) (?:i|me) (?:like|love|enjoy|gustan|encantan|sirven)|"
    r"(?:said|says|told me|suggested|thinks|dijo|me dijo|dice|cree) (?:that )?(?:i should|i could|"
    r"to stop|que (?:me|lo|los|deje))|"
    # a bound in the future: after the programme, at work
    r"when (?:the )?program\w* (?:ends|is over|finishes)|cuando (?:termine|acabe) el programa|"
    r"after (?:the )?\w+ weeks|despues de (?:las )?\w+ semanas|"
    r"(?:text\w*|messag\w*|send\w*|escrib\w*|mand\w*) (?:me )?(?:at work|en el trabajo)|"
    r"during (?:work|the day|the week|meetings?)|while (?:working|driving)|"
    r"(?:subscription|membership|suscripcion|membresia) (?:to|at|for|of|del|de la|al|a la) "
    r"(?!(?:the |these |your |this |los |estos |sus )?(?:texts|messages|program|coach|service|"
    r"mensajes|programa))|"
    r"links|videos|pictures|photos|fotos|enlaces|"
    # one message, a survey, an email list: not the texts
    r"(?:previous|last|earlier|prior|ultimo|anterior|that) (?:message|text|reply|msg|mensaje|"
    r"respuesta)|mensaje anterior|survey|encuesta|newsletter|e-?mails?|correos?|"
    r"(?:morning|evening|night|weekend|exercise|tips?) list|"
    # "alto" as high: "bastante alto", "muy alto" answer how the neck is
    r"(?:muy|bastante|super|re|medio|algo|un poco|mas|demasiado|tan|sigue|esta|anda) alto|"
    # later today: "stop, I'll reply later"
    r"(?:reply|answer|text you|get back to you) later|contesto (?:luego|despues|mas tarde)|"
    # today only: a skipped day, not the end of the texts
    r"por hoy|for today|just today|solo hoy|nomas hoy|tonight|esta noche|"
    # not interested in one thing the coach suggested: "not interested in the heat pack"
    r"(?:not|no longer|not really) interested in (?!(?:the |those |these |this |that |your |any |"
    r"more )?(?:texts|text messages|messages|msgs|program\w*|coach\w*|service|any ?more|it|"
    r"this|that|you|your|neck coach)\b)(?:the |those |these |doing |trying |more )?[a-z]+|"
    r"no me interesa(?:n)? (?!(?:los |las |el |la )?(?:mensajes|textos|programa|consejos|"
    r"recordatorios|esto|seguir)\b)(?:lo de(?:l| la| los| las)?|el|la|los|las|eso de|esto de|hacer|"
    r"probar) [a-z]+)\b"
)


# A stop sign, a no-entry sign or a raised hand alone, or beside "no more" or "ya no".
_STOP_SIGNS = ("\U0001f6d1", "\u26d4", "\U0001f6ab")
_WITH_SIGN = frozenset({"", "no", "ya no", "no more", "no mas", "stop", "basta", "enough"})


# Asking how to do something ("how do I unsubscribe?", "como hago para salirme?") asks for
# the way, which the answer gives; it is not the request itself.
_HOW_TO = re.compile(
    r"^(?:\w+ ){0,3}(?:how (?:do|can|would|should|to)\b|como (?:hago|puedo|le hago|se hace|me "
    r"(?:salgo|doy|quito|borro))\b|que (?:tengo que|hago|debo) hacer para\b)"
)


def _asks_how(text: str) -> bool:
    """Whether the reply asks how to stop (or do something) and asks nothing more: "how do I
    make these stop?? unsubscribe" and "como me doy de baja? ya no quiero esto" also ask."""
    if not looks_like_question(text):
        return False
    sentences = [part.strip() for part in re.split(r"[.!?\n\u00bf]+", text) if part.strip()]
    asking = [part for part in sentences if _HOW_TO.search(part)]
    if not asking:
        return False
    rest = " . ".join(part for part in sentences if part not in asking)
    return not rest or not opt_out(rest, bare(rest))


def refused_opt_in(text: str) -> bool:
    """Whether the words rule an opt-in out: not wanted, or about an appointment."""
    return bool(_NOT_WANTED.search(text) or _APPOINTMENT.search(text))


def refused_opt_out(text: str) -> bool:
    """Whether the words rule an opt-out out: negated, or about some texts, some times, a new
    number or someone else."""
    return bool(NEGATED_STOP.search(text) or _PARTIAL.search(text))


def opt_out(text: str, bare_text: str) -> bool:
    """Whether the reply asks, in plain language, to stop all messages (never when negated,
    never when it names only some texts or times)."""
    if NEGATED_STOP.search(text) or _PARTIAL.search(text):
        return False
    if any(sign in text for sign in _STOP_SIGNS):
        said = " ".join(word for word in bare_text.split() if word not in _COURTESY)
        if said in _WITH_SIGN:
            return True
    return stop_keyword(bare_text) or clear_opt_out(text) or _stop_sentence(text)


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


def classify(
    text: str, bare_text: str, *, has_pain: bool, after_exercise: bool, raw_stripped: str
) -> Intent:
    """The reply's intent from keywords and phrases, in order of precedence."""
    core = strip_opening(text)
    if core and core != text:
        found = _classify(
            core, bare(core), has_pain=has_pain, after_exercise=after_exercise, raw_stripped=core
        )
        if found != Intent.other:
            return found
    return _classify(
        text, bare_text, has_pain=has_pain, after_exercise=after_exercise, raw_stripped=raw_stripped
    )


def _classify(
    text: str, bare_text: str, *, has_pain: bool, after_exercise: bool, raw_stripped: str
) -> Intent:
    if is_twilio_opt_out(bare_text):
        return Intent.opt_out
    if bare_text in _OPT_IN_WORDS and not (after_exercise and bare_text == "yes"):
        return Intent.opt_in
    if _keyword_with_courtesy(bare_text, _START_WORDS) or _start_again(bare_text):
        return Intent.opt_in
    if bare_text in _HELP_WORDS:
        return Intent.help
    if _WRONG_NUMBER.search(text):
        return Intent.wrong_number
    if _TEMPORARY.search(text) and controls.time_request(text) is None:
        return Intent.pause
    if _OPT_IN_REGRET.search(text) and not _APPOINTMENT.search(text):
        return Intent.opt_in
    if _asks_how(text):
        return Intent.question  # "how do I get out of this program?": asked, not done
    if opt_out(text, bare_text):
        return Intent.opt_out
    if controls.time_request(text) is not None:
        return Intent.checkin_time
    if controls.fewer(text, bare_text):
        return Intent.fewer
    if controls.more(text, bare_text):
        return Intent.more
    if _OPT_IN_BACK.search(text) and not NEGATED_STOP.search(text) and not _NOT_WANTED.search(text):
        return Intent.opt_in
    resume = bare_text in _RESUME_ALONE or _RESUME.search(text)
    if resume and not _PAUSE.search(_BACK_FROM.sub(" ", text.replace("unpause", ""))):
        return Intent.resume
    if _PAUSE.search(text):
        return Intent.pause
    if _OPT_IN.search(text):
        return Intent.opt_in
    if _SKIP.search(text):
        return Intent.exercise_skip
    if (_DONE.search(text) or _DONE_MARK.search(text)) and not looks_like_question(text):
        return Intent.exercise_done
    if after_exercise and _REFUSAL.search(text) and not has_pain:
        return Intent.exercise_skip
    marks = set(raw_stripped.replace("\ufe0f", "").replace(" ", ""))
    if after_exercise and (
        bare_text in _ACK_WORDS or raw_stripped in _ACK_EMOJI or (marks and marks <= _ACK_EMOJI)
    ):
        return Intent.exercise_done
    if _WHO.search(text) and len(bare_text.split()) <= 5:
        return Intent.help  # a short "who is this?": the help text names the clinic
    if bare_text in KEYWORD_TOPICS:
        return Intent.question
    if looks_like_question(text):
        return Intent.question
    if not has_pain and _EXERCISE_HURTS.search(text):
        return Intent.other  # "these exercises make it worse": for a person, not a score
    if has_pain or _NECK_FEEL.search(text):
        return Intent.pain_report
    return Intent.other
