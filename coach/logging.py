"""Logging set-up that keeps secrets and patient data out of every log line.

A filter on the handler rewrites each record once formatted: phone numbers keep their last
two digits, API keys their `nck_` prefix, configured secrets (the Twilio auth token) and
SQL parameters (which hold message bodies) disappear. Third-party loggers that would log
request bodies (twilio at INFO) are raised to WARNING; uvicorn's access log is off.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable
from typing import TextIO

import phonenumbers
from phonenumbers import Leniency

_PHONE = re.compile(r"(?:\+|%2B)\d[\d ().-]{5,18}(\d\d)\b|(?<![\w.:/-])\d{8,13}(\d\d)(?![\w.])")
_API_KEY = re.compile(r"nck_[A-Za-z0-9_-]{4,}")
# SQLAlchemy's error text ends the parameters with a "Background on this error" note (or
# the text ends): everything from "[parameters:" to there goes, whatever a body contains.
_SQL_PARAMETERS = re.compile(r"\[parameters: .*?(?=\n?\(Background on this error|\Z)", re.DOTALL)
# A URL's query string and user info can carry tokens (an alert webhook's ?token=...).
_URL_SECRETS = re.compile(r"(https?://)(?:[^/\s@]+@)?([^/\s?#]+[^\s?#]*)\?[^\s#\"'>]+")
_DIGITS = re.compile(r"\d")
_REGIONS = ("US", "ES", "MX", "GB")
QUIET_LOGGERS = {
    "twilio": logging.WARNING,
    "apscheduler.executors": logging.WARNING,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
}


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` without phone numbers (but their last 2 digits), API keys or `secrets`."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[secret]")
    text = _API_KEY.sub("nck_[redacted]", text)
    text = _SQL_PARAMETERS.sub("[parameters: redacted]", text)
    text = _URL_SECRETS.sub(r"\1\2?[redacted]", text)
    text = _PHONE.sub(lambda m: "[phone …" + (m.group(1) or m.group(2)) + "]", text)
    return _national_phones(text)


def _national_phones(text: str) -> str:
    """Numbers written as people write them ("(212) 555-0123", "212.555.0123", "91 123 45
    67"), found by phonenumbers for the regions patients come from."""
    if len(_DIGITS.findall(text)) < 7:
        return text
    for region in _REGIONS:
        spans = [
            (m.start, m.end)
            for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=Leniency.VALID)
        ]
        for start, end in reversed(spans):
            digits = "".join(_DIGITS.findall(text[start:end]))
            text = text[:start] + "[phone …" + digits[-2:] + "]" + text[end:]
    return text


class RedactingFilter(logging.Filter):
    """Rewrites a record's message and traceback with `redact` (never drops a record)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact in place; always keep the record."""
        record.msg = redact(record.getMessage(), self.secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


class _CoachHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler `configure` installs (so a second call replaces it)."""


def configure(
    level: str | int = "INFO", *, secrets: Iterable[str] = (), stream: TextIO | None = None
) -> logging.Handler:
    """Log to `stream` (stderr) through the redacting filter; returns the handler."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _CoachHandler)]:
        root.removeHandler(old)
    handler = _CoachHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    root.addHandler(handler)
    root.setLevel(level)
    for name, quiet in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(quiet)
    return handler


UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


def install_for_app(*, secrets: Iterable[str] = ()) -> None:
    """The one set-up for a web process, whatever started it (Procfile uvicorn, `coach serve`,
    tests): our redacting handler on the root logger (unless one is there), uvicorn's own
    handlers removed so its lines go through it, and no access log (client addresses and
    query strings)."""
    root = logging.getLogger()
    if not any(isinstance(h, _CoachHandler) for h in root.handlers):
        configure("INFO", secrets=secrets)
    for name in UVICORN_LOGGERS:
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.propagate = True
    logging.getLogger("uvicorn.access").disabled = True
