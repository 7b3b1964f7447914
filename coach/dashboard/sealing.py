"""Secrets kept encrypted at rest (TOTP seeds): AES-256-GCM under a key from COACH_SECRET_KEY.

A sealed value reads `v1:` + base64url(nonce, ciphertext and tag). The key is derived from
the setting with HKDF-SHA256, so any long random string works as COACH_SECRET_KEY. The
`context` (e.g. the clinician's id) is authenticated with the value: a sealed seed copied
into another clinician's row does not open. A value without the `v1:` prefix was stored
before sealing existed and is read as it is (callers re-seal it when they next use it).
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from coach.errors import CoachError

PREFIX = "v1:"
_NONCE = 12
_INFO = b"neck-coach sealed secrets v1"


class Unreadable(CoachError):
    """A sealed value that the configured key does not open (missing or changed key)."""

    status_code = 503
    code = "unreadable_secret"


def _cipher(secret_key: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        secret_key.encode("utf-8")
    )
    return AESGCM(key)


def is_sealed(stored: str) -> bool:
    """Whether a stored value is sealed (rather than a plain value from before sealing)."""
    return stored.startswith(PREFIX)


def seal(plain: str, *, secret_key: str, context: str) -> str:
    """`plain` encrypted and authenticated together with `context`."""
    nonce = os.urandom(_NONCE)
    sealed = _cipher(secret_key).encrypt(nonce, plain.encode("utf-8"), context.encode("utf-8"))
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def unseal(stored: str, *, secret_key: str | None, context: str) -> str:
    """The plain value of a stored one; Unreadable when the key is missing or wrong."""
    if not is_sealed(stored):
        return stored
    if not secret_key:
        raise Unreadable("COACH_SECRET_KEY is not set, so sealed secrets cannot be read")
    try:
        raw = base64.urlsafe_b64decode(stored[len(PREFIX) :].encode("ascii"))
        plain = _cipher(secret_key).decrypt(raw[:_NONCE], raw[_NONCE:], context.encode("utf-8"))
    except (InvalidTag, ValueError):
        raise Unreadable(
            "a sealed secret does not open with COACH_SECRET_KEY (was the key changed?)"
        ) from None
    return plain.decode("utf-8")
