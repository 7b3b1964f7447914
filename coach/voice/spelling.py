"""Full Spanish spelling for speech.

Spanish SMS templates leave the accents off á, í, ó and ú (GSM-7 lacks them: CLINICAL.md),
but a voice reads them aloud, and "medico" read as written puts the stress in the wrong
place. Calls speak some SMS texts (pain feedback, safety advice, heat and ice), so before
a `<Say>` the words our Spanish content writes without their accent get it back. Only words
whose unaccented form is not itself a word are listed ("esta"/"está", "si"/"sí", "mas"/"más"
are decided by the phrase around them).
"""

from __future__ import annotations

import re

_WORDS = {
    "aqui": "aquí", "asi": "así", "atencion": "atención", "clinica": "clínica",
    "comoda": "cómoda", "comodo": "cómodo", "decirnoslo": "decírnoslo", "despues": "después",
    "dia": "día", "dias": "días", "dificil": "difícil", "digaselo": "dígaselo",
    "escribanos": "escríbanos", "esperabamos": "esperábamos", "estan": "están",
    "estres": "estrés", "farmaceutico": "farmacéutico", "frio": "frío", "habitos": "hábitos",
    "habra": "habrá", "hagase": "hágase", "leera": "leerá", "lesion": "lesión",
    "mayoria": "mayoría", "medico": "médico", "mejoria": "mejoría", "miercoles": "miércoles",
    "movil": "móvil", "moviendose": "moviéndose", "muevase": "muévase", "numero": "número",
    "perdon": "perdón", "posicion": "posición", "proximos": "próximos", "proxima": "próxima",
    "rapida": "rápida", "recibira": "recibirá", "respondera": "responderá",
    "rigido": "rígido", "sabado": "sábado", "segun": "según", "sigalo": "sígalo",
    "sintomas": "síntomas", "sofa": "sofá", "telefono": "teléfono", "tension": "tensión",
    "ultima": "última", "usela": "úsela", "llamara": "llamará",
}  # fmt: skip
_PHRASES = {
    "esta bien": "está bien", "como esta": "cómo está", "esta solo": "está solo",
    "mas o menos": "más o menos", "mas suelto": "más suelto", "mas dolor": "más dolor",
    "mas de": "más de", "mas que": "más que",
}  # fmt: skip
_WORD = re.compile(r"\b(" + "|".join(_WORDS) + r")\b", re.IGNORECASE)
_PHRASE = re.compile(r"\b(" + "|".join(_PHRASES) + r")\b", re.IGNORECASE)


def _same_case(found: str, accented: str) -> str:
    if found.isupper():
        return accented.upper()
    return accented[0].upper() + accented[1:] if found[0].isupper() else accented


def spoken(text: str, language: str) -> str:
    """`text` as a voice should read it: Spanish with its accents back; other languages as is."""
    if language != "es":
        return text
    text = _PHRASE.sub(lambda m: _same_case(m[0], _PHRASES[m[0].lower()]), text)
    return _WORD.sub(lambda m: _same_case(m[0], _WORDS[m[0].lower()]), text)
