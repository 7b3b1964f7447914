"""A rough English/Spanish hint from common words, for replies to people we do not know."""

from __future__ import annotations

from coach.replies.normalize import wordset

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


def confident_language(bare_text: str) -> str | None:
    """ "en" or "es" only when the words leave little doubt: at least two words found in
    one language's list alone and none in the other's, or three times as many; else None.
    ("pain 5" or "gracias" alone decide nothing.)"""
    words = bare_text.split()
    spanish = sum(word in _SPANISH and word not in _ENGLISH for word in words)
    english = sum(word in _ENGLISH and word not in _SPANISH for word in words)
    for language, mine, theirs in (("es", spanish, english), ("en", english, spanish)):
        if (mine >= 2 and theirs == 0) or (mine >= 3 and mine >= 3 * theirs):
            return language
    return None
