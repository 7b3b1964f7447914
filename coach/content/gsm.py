"""GSM-7 alphabet, septet counting and SMS segment limits."""

from __future__ import annotations

import string

# GSM 03.38 basic character set (LF and CR included).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension table: each costs two septets (escape + character).
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")

SINGLE_SEGMENT = 160
MULTI_SEGMENT = 153
TWO_SEGMENTS = 2 * MULTI_SEGMENT
UCS2_SINGLE = 70
UCS2_MULTI = 67

# Longest value each placeholder is assumed to take when measuring a template.
PLACEHOLDER_MAX_LENGTHS: dict[str, int] = {
    "first_name": 12,
    "clinic_name": 30,
    "clinic_phone": 16,
    "days": 3,
    "score": 2,
    "from_score": 2,
    "to_score": 2,
    "emergency_number": 3,
    "crisis_line": 3,
    "nonurgent_line": 3,
    "time": 8,  # a local time: "12:30 pm" or "19:30"
    "patient_ref": 12,
    "reason": 40,
}


def non_gsm_chars(text: str) -> list[str]:
    """Characters in `text` that GSM-7 cannot carry (they force UCS-2), in order, unique."""
    seen: list[str] = []
    for ch in text:
        if ch not in GSM_BASIC and ch not in GSM_EXTENSION and ch not in seen:
            seen.append(ch)
    return seen


def septets(text: str) -> int:
    """GSM-7 length of `text` (extension characters count 2); assumes GSM-only text."""
    return sum(2 if ch in GSM_EXTENSION else 1 for ch in text)


def segment_count(text: str) -> int:
    """Number of SMS segments `text` needs (GSM-7 when possible, else UCS-2)."""
    if non_gsm_chars(text):
        units = len(text.encode("utf-16-le")) // 2
        return 1 if units <= UCS2_SINGLE else -(-units // UCS2_MULTI)
    length = septets(text)
    return 1 if length <= SINGLE_SEGMENT else -(-length // MULTI_SEGMENT)


def placeholders(text: str) -> list[str]:
    """Field names used in a str.format template (raises ValueError on bad braces)."""
    names: list[str] = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"placeholder {{{name}}} must be a plain name like {{clinic_name}}")
        names.append(name)
    return names


def worst_case(text: str) -> str:
    """Render `text` with every placeholder at its assumed maximum length."""
    values = {name: "x" * PLACEHOLDER_MAX_LENGTHS.get(name, 20) for name in placeholders(text)}
    return text.format_map(values)
