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

_PHONE = re.compile(r"(?:\+|%2B)\d[\d ().-]{5,18}(\d\d)\b|(?<![\w.:/-])\d{8,13}(\d\d)(?![\w.])")
_API_KEY = re.compile(r"nck_[A-Za-z0-9_-]{4,}")
_SQL_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\n|$|\s*\()", re.DOTALL)
QUIET_LOGGERS = {"twilio": logging.WARNING, "apscheduler.executors": logging.WARNING}


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` without phone numbers (but their last 2 digits), API keys or `secrets`."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[secret]")
    text = _API_KEY.sub("nck_[redacted]", text)
    text = _SQL_PARAMETERS.sub("[parameters: redacted]", text)
    return _PHONE.sub(lambda m: "[phone …" + (m.group(1) or m.group(2)) + "]", text)


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
