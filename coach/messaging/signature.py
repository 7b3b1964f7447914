"""Twilio webhook requests: size limit, strict form decoding, `X-Twilio-Signature` check."""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import parse_qsl, urlparse

from fastapi import Depends, HTTPException, Request
from twilio.request_validator import RequestValidator, add_port, remove_port

from coach.settings import Settings, get_settings

MAX_BODY = 32 * 1024  # Twilio's inbound webhooks are a few KB; anything bigger is not Twilio.


async def current_settings(request: Request) -> Settings:
    """`get_settings()` without a hop to a worker thread (webhooks are the hot path).

    An override of `get_settings` in `app.dependency_overrides` (tests) is honoured.
    """
    return settings_for(request)


def settings_for(request: Request) -> Settings:
    """The app's settings: `get_settings()`, or its override in `app.dependency_overrides`."""
    provider = request.app.dependency_overrides.get(get_settings, get_settings)
    return provider()  # type: ignore[no-any-return]


SettingsDep = Annotated[Settings, Depends(current_settings)]


async def twilio_form(request: Request, settings: SettingsDep) -> dict[str, str]:
    """The signed form parameters of a Twilio webhook; 403 when the signature is wrong.

    The URL checked is `COACH_PUBLIC_URL` + path + query: behind a proxy, `request.url`
    is not the URL Twilio signed (Twilio error 57012).
    """
    return await signed_form(request, settings)


async def signed_form(request: Request, settings: Settings) -> dict[str, str]:
    """`twilio_form` as a plain coroutine (the SMS webhook calls it without dependencies)."""
    if not settings.twilio_auth_token:
        raise HTTPException(403, "webhook signatures cannot be checked: TWILIO_AUTH_TOKEN is unset")
    signature = request.headers.get("x-twilio-signature", "")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_BODY:
            raise HTTPException(413, f"request body larger than {MAX_BODY} bytes")
    # Twilio sends UTF-8. A byte that is not (a broken gateway, a hand-made request) becomes
    # U+FFFD, as it would in any text view: the patient's text is kept and answered, not
    # refused, and the signature is checked over exactly what is kept.
    text = body.decode("utf-8", "replace")
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="replace")
    except ValueError:
        raise HTTPException(400, "the body is not form data") from None
    params: dict[str, str] = {}
    for key, value in pairs:
        params.setdefault(key, value)
    # From the scope, escaped as `request.url.path` is (which builds and parses a URL).
    path: str = request.scope["path"]
    url = settings.public_url + path.replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")
    if request.scope.get("query_string"):
        url += "?" + request.url.query
    if not signature or not signed_by_twilio(settings.twilio_auth_token, url, params, signature):
        raise HTTPException(403, "invalid or missing X-Twilio-Signature")
    # PostgreSQL text cannot hold NUL (a 500 on insert); no real SMS or call carries one.
    return {key: value.replace("\x00", "") for key, value in params.items()}


TwilioForm = Annotated[dict[str, str], Depends(twilio_form)]


def signed_by_twilio(token: str, url: str, params: dict[str, str], signature: str) -> bool:
    """What `RequestValidator(token).validate(url, params, signature)` answers for form
    parameters: whether `signature` is that of `url` with or without its port. Twilio's
    computes both signatures every time; this stops at the first match, trying the URL as
    written first (with its port when it has one)."""
    validator = RequestValidator(token)
    parsed = urlparse(url)
    candidates = (add_port, remove_port) if parsed.port else (remove_port, add_port)
    given = signature.encode()
    return any(
        hmac.compare_digest(validator.compute_signature(way(parsed), params).encode(), given)
        for way in candidates
    )


def error_code(value: str | None) -> int | None:
    """A Twilio `ErrorCode` parameter as an int; None unless 1-9 ASCII digits.

    `str.isdigit` accepts '²' and Arabic-Indic digits, and `int` refuses over 4,300 digits
    or the database over 64 bits: each of those was a 500.
    """
    if value and len(value) <= 9 and value.isascii() and value.isdigit():
        return int(value)
    return None
